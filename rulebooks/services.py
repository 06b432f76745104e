"""Maintaining rulebooks: one in use is never edited in place; a new version is made instead."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from accounts.models import Role
from credit_mgmt.errors import NotPermitted
from rulebooks.models import Rulebook

RULEBOOK_PARTS = ("grades", "publication_periods", "criteria", "measures")


def rulebook_in_use(rulebook):
    """True once any decision, record or certificate refers to the rulebook.

    Looks at every relation into Rulebook other than its own parts, so apps further down the
    layers (ledger, certificates) count without this app importing them.
    """
    for relation in Rulebook._meta.related_objects:
        if relation.get_accessor_name() in RULEBOOK_PARTS or relation.related_model.__name__.startswith(
            "Historical"
        ):
            continue
        if relation.related_model._default_manager.filter(**{relation.field.name: rulebook}).exists():
            return True
    return False


def rulebook_new_version(*, actor, rulebook):
    """Copy `rulebook` with all its parts into a new, unused version starting after it."""
    if actor is not None and actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators maintain rulebooks."))
    with transaction.atomic():
        latest = Rulebook.objects.select_for_update().order_by("-effective_from").first()
        # Never retroactive: the copy takes over tomorrow at the earliest, after every known version.
        start = max(timezone.localdate(), latest.effective_from, latest.effective_to or latest.effective_from)
        code = f"{rulebook.code}-v{Rulebook.objects.filter(code__startswith=rulebook.code).count() + 1}"
        if Rulebook.objects.filter(code=code).exists():
            raise ValidationError(_("A version named %(code)s already exists.") % {"code": code})
        parts = {name: list(getattr(rulebook, name).all()) for name in RULEBOOK_PARTS}
        copy = Rulebook.objects.get(pk=rulebook.pk)
        copy.pk = None
        copy.code = code
        copy.effective_from = start + datetime.timedelta(days=1)
        copy.effective_to = None
        copy.save()
        for rows in parts.values():
            for row in rows:
                row.pk = None
                row.rulebook = copy
                row.save()
        record_activity(actor=actor, verb="rulebook.versioned", target=copy, changes={"from": rulebook.code})
    return copy

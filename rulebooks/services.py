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


def rulebook_parts():
    """Relations into Rulebook of the models that make it up (`RULEBOOK_PART = True`).

    Found by a marker, so parts defined further down the layers (the certification standards
    catalogue) are copied with a new version without this app importing them.
    """
    return [
        relation
        for relation in Rulebook._meta.related_objects
        if getattr(relation.related_model, "RULEBOOK_PART", False)
    ]


def rulebook_in_use(rulebook):
    """True once any decision, record or certificate refers to the rulebook.

    Looks at every relation into Rulebook other than its own parts, so apps further down the
    layers (ledger, certificates) count without this app importing them.
    """
    parts = rulebook_parts()
    for relation in Rulebook._meta.related_objects:
        if relation in parts or relation.related_model.__name__.startswith("Historical"):
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
        parts = [
            list(relation.related_model._default_manager.filter(**{relation.field.name: rulebook}))
            for relation in rulebook_parts()
        ]
        copy = Rulebook.objects.get(pk=rulebook.pk)
        copy.pk = None
        copy.code = code
        copy.effective_from = start + datetime.timedelta(days=1)
        copy.effective_to = None
        copy.save()
        for rows in parts:
            for row in rows:
                row.pk = None
                row.rulebook = copy
                row.save()
        record_activity(actor=actor, verb="rulebook.versioned", target=copy, changes={"from": rulebook.code})
    return copy

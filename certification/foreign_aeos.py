"""Inbound recognition: recording and looking up the foreign AEOs a Chinese enterprise trades with.

The enterprise's own users, its coordinator and the officers who supervise it keep the list; the
recognition applies only under an arrangement in force, so only such a partner's AEOs are recorded.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from certification.models import ForeignAeo
from core.errors import InvalidState, NotPermitted
from enterprises.selectors import visible_enterprises

# Partner customs write their AEO numbers with capitals, digits and a few separators (e.g.
# "SG-AEO-00123", "NZ/SES/0042"); anything else is a typing mistake.
IDENTIFIER = re.compile(r"[A-Z0-9][A-Z0-9 ./-]{1,48}[A-Z0-9]")


def visible_foreign_aeos(user):
    return ForeignAeo.objects.filter(enterprise__in=visible_enterprises(user))


def foreign_aeo_search(user, query=""):
    """The foreign AEOs of visible enterprises, narrowed by an identifier or a name fragment."""
    records = visible_foreign_aeos(user).select_related("enterprise", "partner")
    query = (query or "").strip()
    if query:
        records = records.filter(Q(identifier__icontains=query) | Q(name__icontains=query))
    return records.order_by("name", "id")


def _check(actor, enterprise):
    if not visible_enterprises(actor).filter(pk=enterprise.pk).exists():
        raise NotPermitted(_("You may not keep the trading partners of this enterprise."))


def foreign_aeo_record(*, actor, enterprise, name, partner, identifier):
    _check(actor, enterprise)
    identifier = " ".join(identifier.split()).upper()
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the trading partner's name.")})
    if not IDENTIFIER.fullmatch(identifier):
        raise ValidationError(
            {
                "identifier": _(
                    "Enter the AEO identifier as the partner's customs issued it: capitals, digits, - . /"
                )
            }
        )
    if not partner.in_force_by(timezone.localdate()):
        raise InvalidState(_("The arrangement with %(economy)s is not in force.") % {"economy": partner})
    try:
        with transaction.atomic():
            record = ForeignAeo.objects.create(
                enterprise=enterprise, name=name, partner=partner, identifier=identifier, recorded_by=actor
            )
    except IntegrityError as error:
        raise ValidationError(
            {"identifier": _("This AEO is recorded for the enterprise already.")}
        ) from error
    record_activity(actor=actor, verb="foreign_aeo.recorded", target=record, note=identifier)
    return record


def foreign_aeo_remove(*, actor, record):
    with transaction.atomic():
        _check(actor, record.enterprise)
        record_activity(
            actor=actor, verb="foreign_aeo.removed", target=record.enterprise, note=record.identifier
        )
        record.delete()

"""Recording credit information by hand (bulk loads go through `enterprises.imports`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from core.display import format_date
from enterprises.models import Arrear, DocumentCount, Enterprise, Penalty
from enterprises.services import require_register_keeper
from rulebooks.models import RecordRuleKind
from rulebooks.selectors import record_rule_on


def _save_record(*, actor, record, verb, prepare=None):
    """Validate and save a new credit record of an enterprise the actor keeps."""
    require_register_keeper(actor, record.enterprise.customs_office)
    if prepare is not None:
        prepare(record)
    with transaction.atomic():
        Enterprise.objects.select_for_update().get(pk=record.enterprise_id)
        record.full_clean()
        record.save()
        record_activity(actor=actor, verb=verb, target=record.enterprise, changes={"record": str(record)})
    return record


def disclosure_basis_on(day):
    """The GAC announcement on voluntary disclosure in force on `day`, as the rulebook names it, or ""."""
    rule = record_rule_on(RecordRuleKind.VOLUNTARY_DISCLOSURE, day)
    return rule.title if rule else ""


def disclosure_basis_missing(day):
    return _(
        "No GAC announcement on voluntary disclosure in the rulebooks covers %(day)s: name the basis."
    ) % {"day": format_date(day)}


def _fill_disclosure_basis(penalty):
    """A voluntary disclosure without a basis gets the announcement in force on the day of the disclosure."""
    if penalty.disclosed_on is not None and not penalty.disclosure_basis:
        penalty.disclosure_basis = disclosure_basis_on(penalty.disclosed_on)
        if not penalty.disclosure_basis:
            raise ValidationError({"disclosure_basis": disclosure_basis_missing(penalty.disclosed_on)})


def penalty_record(*, actor, enterprise, **fields):
    return _save_record(
        actor=actor,
        record=Penalty(enterprise=enterprise, **fields),
        verb="penalty.recorded",
        prepare=_fill_disclosure_basis,
    )


def arrear_record(*, actor, enterprise, **fields):
    return _save_record(actor=actor, record=Arrear(enterprise=enterprise, **fields), verb="arrear.recorded")


def arrear_mark_paid(*, actor, arrear, paid_on):
    require_register_keeper(actor, arrear.enterprise.customs_office)
    with transaction.atomic():
        arrear = Arrear.objects.select_for_update().get(pk=arrear.pk)
        if arrear.paid_on == paid_on:
            return arrear
        if paid_on > timezone.localdate():
            raise ValidationError({"paid_on": _("A payment date cannot be in the future.")})
        arrear.paid_on = paid_on
        arrear.full_clean()
        arrear.save(update_fields=["paid_on"])
        record_activity(
            actor=actor,
            verb="arrear.paid",
            target=arrear.enterprise,
            changes={"paid_on": [None, str(paid_on)]},
        )
    return arrear


def document_count_set(*, actor, enterprise, year, **counts):
    """Record or correct one year's document counts."""
    require_register_keeper(actor, enterprise.customs_office)
    with transaction.atomic():
        record, created = DocumentCount.objects.select_for_update().get_or_create(
            enterprise=enterprise, year=year, defaults=counts
        )
        old = {field: getattr(record, field) for field in counts}
        if not created and old == counts:
            return record
        for field, value in counts.items():
            setattr(record, field, value)
        record.full_clean()
        record.save()
        record_activity(
            actor=actor,
            verb="document_count.set",
            target=enterprise,
            changes={"year": year, **{f: [None if created else old[f], v] for f, v in counts.items()}},
        )
    return record

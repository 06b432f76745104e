"""Writing the credit ledger: the one way an enterprise's grade changes.

`ledger_record` is called by the services that decide grades (registration, determination,
repair, certification); they check who may decide, this checks that the entry is consistent.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.display import format_date
from enterprises.models import Enterprise, LedgerEntry
from enterprises.models.register import ledger_writing
from rulebooks.models import CreditGrade
from rulebooks.selectors import rulebook_in_force

# What a grade change means for the apps above this one (docs/architecture.md, "Consequences that run
# upward"): a grade that leaves the AEO grades ends the certificate (certification) and the coordinator
# assignment (coordination). Each app appends its handler in its AppConfig.ready(), so the list is in
# INSTALLED_APPS order; `ledger_record` calls every handler with the new entry, in order, inside its
# transaction, and a handler's exception rolls the whole grade change back.
# tests/enterprises/test_grade_change_consequences.py lists them.
grade_change_handlers = []


def register_grade_change_handler(handler):
    """Add `handler` (a function taking the new `LedgerEntry`) once, at the end of the list."""
    if handler not in grade_change_handlers:
        grade_change_handlers.append(handler)


def ledger_record(
    *,
    actor,
    enterprise,
    grade,
    cause,
    reason,
    effective_from=None,
    rulebook=None,
    criterion=None,
    decision_number="",
    today=None,
):
    """Append a ledger entry and move the enterprise's grade with it, in one transaction.

    `today` is for scheduled jobs run as of another day; a decision never takes effect after it.
    """
    today = today or timezone.localdate()
    effective_from = effective_from or today
    if effective_from > today:
        raise ValidationError({"effective_from": _("A grade decision cannot take effect in the future.")})
    rulebook = rulebook or rulebook_in_force(effective_from)
    if not rulebook.grades.filter(grade=grade).exists():
        raise ValidationError(
            {
                "grade": _("%(rulebook)s has no grade %(grade)s.")
                % {"rulebook": rulebook.display_title, "grade": CreditGrade(grade).label}
            }
        )
    caller_copy = enterprise
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        latest = enterprise.ledger_entries.order_by("-effective_from", "-id").first()
        if latest and effective_from < latest.effective_from:
            raise ValidationError(
                {
                    "effective_from": _("The ledger already has a decision effective %(day)s.")
                    % {"day": format_date(latest.effective_from)}
                }
            )
        entry = LedgerEntry.objects.create(
            enterprise=enterprise,
            previous_grade=latest.grade if latest else "",
            grade=grade,
            effective_from=effective_from,
            cause=cause,
            reason=reason,
            rulebook=rulebook,
            criterion=criterion,
            decision_number=decision_number,
            decided_by=actor if getattr(actor, "pk", None) else None,
        )
        if enterprise.credit_grade != grade:
            enterprise.credit_grade = grade
            with ledger_writing():
                enterprise.save(update_fields=["credit_grade", "updated_at"])
        for handler in grade_change_handlers:
            handler(entry)
    caller_copy.credit_grade = caller_copy._stored_grade = grade
    return entry


def ledger_open(*, actor, enterprise, effective_from=None):
    """The first entry of a newly registered enterprise: regular credit."""
    return ledger_record(
        actor=actor,
        enterprise=enterprise,
        grade=CreditGrade.REGULAR,
        cause=LedgerEntry.Cause.REGISTRATION,
        reason=_("Registered with customs."),
        effective_from=effective_from,
    )


def ledger_inconsistencies():
    """Enterprises whose stored grade differs from their latest ledger entry (should be none)."""
    latest_grade = (
        LedgerEntry.objects.filter(enterprise=OuterRef("pk"))
        .order_by("-effective_from", "-id")
        .values("grade")[:1]
    )
    return Enterprise.objects.annotate(ledger_grade=Subquery(latest_grade)).filter(
        Q(ledger_grade__isnull=True) | ~Q(credit_grade=F("ledger_grade"))
    )

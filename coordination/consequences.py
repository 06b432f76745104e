"""What a grade change means for coordination, in the same transaction (registered in apps.py as a
handler of `enterprises.ledger.grade_change_handlers`): a grade the rulebook gives a coordinator gets
one at once, a grade it gives none ends the assignment. The nightly assignment job does the same for
the whole register; this makes it hold from the moment of the decision."""

from django.utils import timezone

from accounts.audit import record_activity
from coordination.assignment import assign_coordinators
from enterprises.models import CoordinatorAssignment, LedgerEntry
from rulebooks.models import COORDINATOR_MEASURE


def assignment_follow_grade_change(entry):
    """Grade-change handler: an enterprise certified here gets its coordinator now (the assignment
    service for this enterprise); the active assignment ends when the entry's rulebook gives the new
    grade no coordinator (a dishonest determination, a failed re-review, a revoked certificate)."""
    if entry.rulebook.measures.filter(code=COORDINATOR_MEASURE, grade=entry.grade).exists():
        # A certification decided here; grades taken over from an earlier system arrive by the
        # thousand at go-live and are the nightly run's.
        if entry.cause == LedgerEntry.Cause.CERTIFICATION and entry.effective_from <= timezone.localdate():
            assign_coordinators(enterprise=entry.enterprise, as_of=entry.effective_from)
        return
    assignment = (
        CoordinatorAssignment.objects.select_for_update()
        .select_related("coordinator")
        .filter(enterprise=entry.enterprise_id, is_active=True)
        .first()
    )
    if assignment is None:
        return
    assignment.is_active, assignment.ended_at = False, timezone.now()
    assignment.save(update_fields=["is_active", "ended_at"])
    record_activity(
        actor=entry.decided_by,
        verb="coordinator.ended_by_grade_change",
        target=entry.enterprise,
        changes={
            "coordinator": [str(assignment.coordinator), None],
            "grade": [entry.previous_grade, entry.grade],
        },
        note=entry.decision_number,
    )

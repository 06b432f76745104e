"""What a grade change means for coordination: a grade the rulebook gives no coordinator ends the
enterprise's assignment in the same transaction (registered in apps.py as a handler of
`enterprises.ledger.grade_change_handlers`). The nightly assignment job does the same for the whole
register; this makes it hold from the moment of the decision."""

from django.utils import timezone

from accounts.audit import record_activity
from enterprises.models import CoordinatorAssignment
from rulebooks.models import COORDINATOR_MEASURE


def assignment_end_on_grade_change(entry):
    """Grade-change handler: end the active coordinator assignment when the entry's rulebook gives the
    new grade no coordinator (a dishonest determination, a failed re-review, a revoked certificate)."""
    if entry.rulebook.measures.filter(code=COORDINATOR_MEASURE, grade=entry.grade).exists():
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

"""Reading operations: each one belongs to the user who asked for it and to nobody else."""

from background import progress as live
from background.models import Operation


def own_operations(user):
    """The operations `user` asked for: anyone else's answer 404, as if they did not exist."""
    return Operation.objects.filter(requested_by=user)


def operation_state(operation):
    """Status and progress as the page and its JSON show them: the live count while running."""
    done, total = operation.done, operation.total
    if operation.status == Operation.Status.RUNNING:
        done, total = live.read(operation.pk) or (done, total)
    succeeded = operation.status == Operation.Status.SUCCEEDED
    percent = min(100, done * 100 // total) if total else (100 if succeeded else None)
    return {
        "status": operation.status,
        "status_label": str(operation.get_status_display()),
        "finished": operation.is_finished,
        "done": done,
        "total": total,
        "percent": percent,
    }

"""Queueing a long operation after commit, and running it in a worker from queued to finished.

A service of a higher app (the import, a list export, a mock review) checks what the user asked for
while the user waits, then calls `operation_queue` with the kind of work; the worker's task calls
`operation_run`, which looks the kind up (`background.operations`, declared by its app) and calls its function
with the operation and its `Progress`. The function returns an `Outcome`; what it raises becomes
the message the requester reads.
"""

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from accounts.tokens import tokens_delete_expired
from background import progress as live
from background.models import Operation
from background.operations import background_operation
from core.errors import DomainError

log = logging.getLogger(__name__)

# One quick reconnection, then the operation fails with a message: a request never hangs on a broker
# that is down, and no operation waits "queued" for a task that was never sent.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0, "interval_max": 0.1}


@dataclass
class Outcome:
    """What an operation's function produced: a summary for the page, and maybe a file to download.

    `file` is a temporary file the function wrote; it is copied into private storage, then deleted,
    and downloaded under `file_name`.
    """

    result: dict = field(default_factory=dict)
    file: Path | None = None
    file_name: str = ""


def operation_queue(*, kind, actor, subject="", params=None, source=None, total=None):
    """Record an operation for `actor` and hand it to a worker once the transaction commits.

    `source` (an upload) is stored in private media for the worker to read. The caller has checked
    the user's permission; the operation's function checks it again in the worker.
    """
    operation = Operation(
        kind=kind,
        requested_by=actor,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        subject=subject[:300],
        params=params or {},
        total=total,
    )
    with transaction.atomic():
        if source is not None:
            operation.source.save(Path(source.name).name, source, save=False)
        operation.save()
        transaction.on_commit(lambda: publish(operation.pk))
    return operation


def publish(operation_id):
    """Send the task; a broker that does not answer fails the operation with a message to retry."""
    from background.tasks import run_operation

    try:
        run_operation.apply_async(args=[operation_id], retry_policy=PUBLISH_RETRY_POLICY)
    except BrokerUnavailable as error:
        log.warning("Broker unavailable: operation %s not queued (%s)", operation_id, error)
        operation = Operation.objects.get(pk=operation_id)
        with translation.override(operation.language):
            message = _("The background service is not available at the moment. Try again in a few minutes.")
        _finish(operation, status=Operation.Status.FAILED, error=message)


def operation_run(operation_id):
    """Run a queued operation to its end: running, then succeeded with its result or failed with why.

    A task delivered again (its worker died before acknowledging) runs an unfinished operation again
    from the start, which the work allows: its transaction was never committed, and an import
    compares before writing. A finished operation is left as it is.
    """
    started = Operation.objects.filter(
        pk=operation_id, status__in=(Operation.Status.QUEUED, Operation.Status.RUNNING)
    ).update(status=Operation.Status.RUNNING, started_at=timezone.now(), done=0)
    if not started:
        return None
    operation = Operation.objects.select_related("requested_by").get(pk=operation_id)
    tracker = live.Progress(operation.pk, operation.total)
    with translation.override(operation.language):
        try:
            work = import_string(background_operation(operation.kind).function)
            outcome = work(operation=operation, progress=tracker)
        except Exception as error:
            message = _failure_message(error, operation)
            if not isinstance(error, DomainError | ValidationError | PermissionDenied):
                log.exception("operation %s (%s) failed", operation.pk, operation.kind)
            _finish(operation, status=Operation.Status.FAILED, error=message, progress=tracker)
            return Operation.Status.FAILED
    _finish(operation, status=Operation.Status.SUCCEEDED, outcome=outcome, progress=tracker)
    return Operation.Status.SUCCEEDED


def _failure_message(error, operation):
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, DomainError):
        return str(error)
    if isinstance(error, PermissionDenied):
        return _("You are no longer allowed to do this.")
    return _(
        "The operation stopped on an unexpected error and changed nothing. Try again; if it fails "
        "again, tell an administrator the operation number %(number)s."
    ) % {"number": operation.pk}


def _finish(operation, *, status, outcome=None, error="", progress=None):
    """Write the end of the operation in a transaction of its own; drop the upload it no longer needs."""
    operation.status = status
    operation.finished_at = timezone.now()
    operation.error = error
    if progress is not None:
        operation.total = progress.total
        operation.done = progress.done
    if status == Operation.Status.SUCCEEDED and operation.total is not None:
        operation.done = operation.total
    if outcome is not None:
        operation.result = outcome.result
        if outcome.file is not None:
            with open(outcome.file, "rb") as handle:
                operation.result_file.save(outcome.file_name or outcome.file.name, File(handle), save=False)
            operation.result_file_name = outcome.file_name
    if operation.source:
        operation.source.delete(save=False)
    operation.save()
    if outcome is not None and outcome.file is not None:
        outcome.file.unlink(missing_ok=True)
    live.forget(operation.pk)


def operations_housekeeping(*, as_of):
    """The daily tidy-up (a scheduled job): export files are deleted RESULT_FILE_DAYS after they were
    made (lists change; an old copy should not linger in private storage), an operation still
    queued or running a day after it was queued is failed with a message, since its task was lost
    (a worker's unacknowledged task comes back within the hour), and expired sessions and API tokens
    are removed (Django's `clearsessions`: nothing else deletes them from their tables)."""
    moment = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time()))
    expired = Operation.objects.filter(
        finished_at__lt=moment - datetime.timedelta(days=settings.OPERATION_RESULT_FILE_DAYS)
    ).exclude(result_file="")
    files_deleted = 0
    for operation in expired.iterator():
        operation.result_file.delete(save=False)
        Operation.objects.filter(pk=operation.pk).update(result_file="")
        files_deleted += 1
    interrupted = 0
    stuck = Operation.objects.filter(
        status__in=(Operation.Status.QUEUED, Operation.Status.RUNNING),
        created_at__lt=moment - datetime.timedelta(days=1),
    ).select_related("requested_by")
    for operation in stuck.iterator():
        with translation.override(operation.language):
            message = _("The operation was interrupted and did not finish. Start it again.")
        _finish(operation, status=Operation.Status.FAILED, error=message)
        interrupted += 1
    sessions_cleared, _deleted = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return {
        "created": 0,
        "files_deleted": files_deleted,
        "interrupted": interrupted,
        "sessions_cleared": sessions_cleared,
        "tokens_deleted": tokens_delete_expired(),
    }

"""Log records stamped with the request or Celery task they belong to, as JSON lines in production.

Every record gets `request_id` (the X-Request-ID echoed to the client and stored on history and
activity rows), and inside a Celery task `task_id` and `task_name`, so one request's or one
task's lines are found with a single filter in the log store.
"""

import datetime
import json
import logging

from celery import current_task

from core.request_context import current_request

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged too,
# except the request object Django's loggers attach (its id is logged).
_NOT_EXTRA = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request"}
_CONTEXT = ("request_id", "task_id", "task_name")


class ContextFilter(logging.Filter):
    """Put the current request's id and the current task's id and name on every record."""

    def filter(self, record):
        # django.request logs a 4xx/5xx answer after the middleware has unbound it, but passes it along.
        record.request_id = getattr(getattr(record, "request", None), "request_id", None) or _request_id()
        record.task_id = record.task_name = ""
        if current_task:
            record.task_id, record.task_name = current_task.request.id or "", current_task.name
        return True


def _request_id():
    return getattr(current_request(), "request_id", "")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp, level, logger, message, the context, then any extras."""

    def format(self, record):
        entry = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update((name, getattr(record, name, "")) for name in _CONTEXT)
        entry.update(
            (key, value) for key, value in vars(record).items() if key not in _NOT_EXTRA and key not in entry
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

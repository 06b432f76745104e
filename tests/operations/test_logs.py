"""Production logs are JSON lines; a request's lines carry its X-Request-ID, a task's its id and name."""

import io
import json
import logging

import pytest

from core.logs import JsonFormatter
from notifications.models import Notification
from notifications.tasks import deliver_notification_email
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the configured console handler (its formatter and filter) writes, as parsed JSON objects."""
    root = logging.getLogger()
    configured = next(h for h in root.handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configured.formatter)
    for log_filter in configured.filters:
        handler.addFilter(log_filter)
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_requests_lines_carry_its_request_id_and_one_access_line(client, enterprise_user, log_lines):
    client.force_login(enterprise_user)
    client.get("/", HTTP_X_REQUEST_ID="req-log-home-1")
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-log-0404-1")

    lines = log_lines()
    assert all({"timestamp", "level", "logger", "message", "request_id"} <= set(line) for line in lines)
    missing = [line for line in lines if line["request_id"] == "req-log-0404-1"]
    assert {line["logger"] for line in missing} == {"django.request", "credit_mgmt.access"}
    assert next(line for line in missing if line["logger"] == "django.request")["level"] == "WARNING"

    access = [line for line in lines if line["logger"] == "credit_mgmt.access"]
    assert [(line["request_id"], line["method"], line["path"], line["status"]) for line in access] == [
        ("req-log-home-1", "GET", "/", 200),
        ("req-log-0404-1", "GET", "/no-such-page/", 404),
    ]
    assert access[0]["user_id"] == enterprise_user.pk
    assert all(line["duration_ms"] >= 0 for line in access)


def test_a_tasks_lines_carry_its_id_and_name(enterprise_user, log_lines):
    notice = NotificationFactory(recipient=enterprise_user, email_status=Notification.EmailStatus.PENDING)
    result = deliver_notification_email.apply(args=[notice.pk])

    line = next(line for line in log_lines() if line["message"] == f"E-mailed notice {notice.pk}")
    assert line["task_id"] == result.id
    assert line["task_name"] == "notifications.tasks.deliver_notification_email"
    assert line["notification_id"] == notice.pk
    assert line["request_id"] == ""

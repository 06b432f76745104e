"""A real Celery worker process, started by the test against Redis, runs a task
whose effect is read back from the database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from notifications.models import Notification
from notifications.tasks import deliver_notification_email
from tests.conftest import require_redis
from tests.factories.notifications import NotificationFactory

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_queue():
    """Start a worker on a queue of its own; stop it after the test."""
    require_redis()
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "credit_mgmt",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "-Q",
            queue,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output[-4000:])


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_delivers_a_notice_email_and_records_it(worker_queue, offices):
    from credit_mgmt.celery import app

    assert not app.conf.task_always_eager  # the task must travel through Redis
    notice = NotificationFactory(
        recipient__office=offices["9700"], email_status=Notification.EmailStatus.PENDING
    )
    deliver_notification_email.apply_async(args=[notice.pk], queue=worker_queue)

    def sent():
        notice.refresh_from_db()
        return notice.email_status == Notification.EmailStatus.SENT

    assert wait_for(sent), "the worker did not deliver the e-mail within 60 s"
    assert notice.email_attempts == 1
    assert notice.emailed_at is not None

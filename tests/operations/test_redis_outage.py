"""Redis down: pages, the API and the rate limits keep answering, /healthz says degraded, and the
e-mail a request queued waits in the outbox until the broker is back, then goes once."""

import contextlib
import datetime
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from certification.certificates import certificate_take_over
from core.jobs import run_job
from notifications.models import Notification
from notifications.services import notification_send
from notifications.tasks import deliver_notification_email
from tests.conftest import Workers, require_redis, wait_for
from tests.factories.accounts import UserFactory

NOBODY = "redis://127.0.0.1:1/0"  # nothing listens on port 1
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@contextlib.contextmanager
def celery_broker(url):
    """The web process publishes its tasks to `url` (its producers connect afresh), then as before."""
    from credit_mgmt.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url, app.amqp._producer_pool = url, None
    try:
        yield
    finally:
        app.conf.broker_url, app.amqp._producer_pool = previous, None


@pytest.fixture
def redis_down(settings):
    """Cache, broker and verification cache all on a dead port; tasks go to the broker, not run eagerly
    (the autouse `_eager_celery` fixture puts eagerness back)."""
    from credit_mgmt.celery import app

    require_redis()
    with celery_broker(NOBODY):  # first: Celery reads its settings from Django's, changed below
        settings.REDIS_URL = settings.CELERY_BROKER_URL = NOBODY
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": NOBODY,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        app.conf.task_always_eager = False
        yield


@pytest.mark.django_db(transaction=True)
def test_pages_and_the_api_answer_and_the_email_waits_in_the_outbox(
    redis_down, client, api_client_for, enterprise_a, officer, enterprise_user, coordinator, caplog
):
    client.force_login(officer)
    for page in ("/", "/enterprises/", f"/enterprises/{enterprise_a.pk}/", "/notifications/", "/public/"):
        assert client.get(page, **EN).status_code == 200, page
    assert api_client_for(officer).get("/api/v1/enterprises/").status_code == 200
    lookup = client.get("/api/v1/public/enterprises/", {"q": enterprise_a.uscc})  # rate-limited in the cache
    assert lookup.status_code == 200
    assert lookup.json()["results"][0]["name"] == enterprise_a.name
    certificate = certificate_take_over(actor=None, enterprise=enterprise_a, issued_on=timezone.localdate())
    verified = client.get(f"/api/v1/public/certificates/{certificate.number}/")  # answers kept in Redis
    assert verified.json()["status"] == "active"
    health = client.get("/healthz").json()
    assert health == {"status": "degraded", "database": "ok", "broker": "down", "replica": "none"}

    client.force_login(enterprise_user)
    case = {"category": "complaint", "subject": "Slow release", "description": "Three days."}
    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        opened = client.post("/coordination/cases/new/", case, **EN)
    assert opened.status_code == 302  # the case is committed; the e-mail could not be queued
    notice = Notification.objects.get(recipient=coordinator)
    assert (notice.email_status, notice.email_queued_at) == (Notification.EmailStatus.PENDING, None)
    assert "wait in the outbox" in caplog.text


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_outbox_sweep_sends_a_waiting_email_once_through_a_real_worker(tmp_path, offices):
    from credit_mgmt.celery import app

    require_redis()  # the worker's broker
    recipient = UserFactory(role="officer", office=offices["9700"])
    with celery_broker(NOBODY), transaction.atomic():
        notice = notification_send(recipient=recipient, subject="Re-review due", body="In 90 days.")
    notice.refresh_from_db()
    assert notice.email_queued_at is None
    assert run_job("email_outbox")["published"] == 0  # younger than a minute: maybe still on its way
    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    Notification.objects.filter(pk=notice.pk).update(created_at=two_minutes_ago)

    outbox = tmp_path / "mail"
    files = "django.core.mail.backends.filebased.EmailBackend"
    workers = Workers(1, tmp_path, EMAIL_BACKEND=files, EMAIL_FILE_PATH=str(outbox))
    default_queue, app.conf.task_default_queue = app.conf.task_default_queue, workers.queue
    try:
        assert run_job("email_outbox")["published"] == 1
        assert run_job("email_outbox")["published"] == 0  # handed over once
        deliver_notification_email.apply_async(args=[notice.pk])  # the same e-mail queued a second time
        assert wait_for(lambda: workers.succeeded("notifications.tasks.deliver_notification_email") == 2), (
            "the worker did not run both deliveries within 60 s"
        )
    finally:
        app.conf.task_default_queue = default_queue
        workers.stop()
    notice.refresh_from_db()
    assert (notice.email_status, notice.email_attempts) == (Notification.EmailStatus.SENT, 1)
    assert len(list(outbox.iterdir())) == 1

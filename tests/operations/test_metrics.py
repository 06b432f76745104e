"""GET /metrics: request, task, reminder and e-mail counters and queue lengths, added up over every
process, for allowed scrapers only."""

import datetime
import os
import subprocess
import sys
import uuid

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from core.jobs import run_scheduled_job
from credit_mgmt.celery import app
from notifications.models import Notification
from notifications.services import reminder_send
from notifications.tasks import deliver_notification_email
from tests.conftest import ROOT, database_url, require_redis
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.django_db


def parse(text):
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return parse(response.content.decode())


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_requests_tasks_and_e_mails_are_counted(client, enterprise_user):
    before = scrape(client)
    client.get("/healthz")
    notice = NotificationFactory(recipient=enterprise_user, email_status=Notification.EmailStatus.PENDING)
    deliver_notification_email.apply(args=[notice.pk])
    assert run_scheduled_job.apply(args=["no_such_job"], throw=False).failed()  # as a worker runs it
    after = scrape(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("credit_http_requests_total", view="healthz", method="GET", status="200") == 1
    assert grew("credit_http_request_duration_seconds_count", view="healthz") == 1
    assert grew("credit_http_requests_total", view="metrics", method="GET", status="200") == 1
    email_task = "notifications.tasks.deliver_notification_email"
    assert grew("credit_celery_tasks_total", task=email_task, outcome="success") == 1
    assert grew("credit_notification_emails_total", outcome="sent") == 1
    assert grew("credit_celery_tasks_total", task=run_scheduled_job.name, outcome="failure") == 1


def test_a_reminder_counts_once_when_its_transaction_commits(
    client, officer, enterprise_a, django_capture_on_commit_callbacks
):
    def send():
        with django_capture_on_commit_callbacks(execute=True):
            reminder_send(
                kind="statement_period",
                subject=enterprise_a,
                due_on=datetime.date(2026, 12, 1),
                recipients=[officer],
                title="Reminder %(name)s",
                body="Body %(name)s",
                context=lambda: {"name": enterprise_a.name},
            )

    before = value(scrape(client), "credit_reminders_sent_total", kind="statement_period")
    send()
    send()  # the same key again: nothing sent
    assert value(scrape(client), "credit_reminders_sent_total", kind="statement_period") == before + 1


def test_the_celery_queue_length_is_read_from_redis(client, settings):
    require_redis()
    queue = f"test-metrics-{uuid.uuid4().hex[:12]}"
    settings.CELERY_TASK_ALWAYS_EAGER = app.conf.task_always_eager = False  # the fixture restores it
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        with app.producer_or_acquire() as producer:
            for _ in range(3):
                app.send_task(
                    "notifications.tasks.deliver_notification_email", args=[0], queue=queue, producer=producer
                )
        assert value(scrape(client), "credit_celery_queue_length", queue=queue) == 3
    finally:
        broker.delete(queue)


@pytest.mark.parametrize(
    ("address", "headers", "status"),
    [
        ("10.20.0.7", {}, 200),  # inside the allowed network
        ("10.30.0.7", {}, 404),
        ("127.0.0.1", {}, 404),  # loopback is not in this deployment's list
        ("10.20.0.7", {"HTTP_X_FORWARDED_FOR": "10.20.0.8"}, 404),  # came through a proxy nobody named
        ("192.0.2.10", {"HTTP_X_FORWARDED_FOR": "10.20.0.8"}, 200),  # the named proxy: its client counts
        ("192.0.2.10", {"HTTP_X_FORWARDED_FOR": "10.20.0.8, 10.30.0.1"}, 404),
        ("203.0.113.9", {"HTTP_AUTHORIZATION": "Bearer scrape-secret-1"}, 200),
        ("203.0.113.9", {"HTTP_AUTHORIZATION": "Bearer wrong"}, 404),
        (
            "10.20.0.7",
            {"HTTP_X_FORWARDED_FOR": "1.2.3.4", "HTTP_AUTHORIZATION": "Bearer scrape-secret-1"},
            200,
        ),
    ],
)
def test_only_allowed_addresses_or_the_token_may_scrape(client, settings, address, headers, status):
    settings.TRUSTED_PROXIES = ["192.0.2.10"]
    settings.METRICS_ALLOWED_IPS = ["10.20.0.0/16"]
    settings.METRICS_TOKEN = "scrape-secret-1"
    response = client.get("/metrics", REMOTE_ADDR=address, **headers)
    assert response.status_code == status
    assert (b"credit_http_requests_total" in response.content) == (status == 200)


SERVE = """
import django, sys
django.setup()
from django.test import Client
client = Client()
for _ in range(int(sys.argv[1])):
    assert client.get("/public/certificates/").status_code == 200
if sys.argv[2] == "scrape":
    print(client.get("/metrics").content.decode())
"""


def test_counters_add_up_over_processes(tmp_path):
    """Two processes (as two gunicorn workers) serve requests; either one's scrape reports both."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "credit_mgmt.settings",
        "ALLOWED_HOSTS": "testserver",
    }

    def serve(requests, then):
        result = subprocess.run(
            [sys.executable, "-c", SERVE, str(requests), then],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    serve(3, "exit")
    samples = parse(serve(2, "scrape"))
    lookup = {"view": "public-certificate-lookup", "method": "GET", "status": "200"}
    assert value(samples, "credit_http_requests_total", **lookup) == 5
    assert value(samples, "credit_http_request_duration_seconds_count", view="public-certificate-lookup") == 5


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_host_is_a_scrape_target_of_its_own(tmp_path, offices):
    """A host with only workers serves its processes' counters at WORKER_METRICS_PORT; with a
    token set, only to the token."""
    import requests

    from tests.conftest import Workers, free_port, wait_for

    port = free_port()
    workers = Workers(1, tmp_path, WORKER_METRICS_PORT=str(port), METRICS_TOKEN="scrape-me")
    target = f"http://127.0.0.1:{port}/"
    try:
        notice = NotificationFactory(
            recipient__office=offices["9700"], email_status=Notification.EmailStatus.PENDING
        )
        deliver_notification_email.apply_async(args=[notice.pk], queue=workers.queue)
        delivered = "notifications.tasks.deliver_notification_email"
        assert wait_for(lambda: workers.succeeded(delivered) == 1), workers.log.read_text()[-2000:]

        def scraped():
            try:
                return requests.get(target, headers={"Authorization": "Bearer scrape-me"}, timeout=5)
            except requests.ConnectionError:
                return None

        assert wait_for(lambda: scraped() is not None)
        samples = parse(scraped().text)
        assert value(samples, "credit_celery_tasks_total", task=delivered, outcome="success") == 1
        assert value(samples, "credit_notification_emails_total", outcome="sent") == 1
        assert requests.get(target, timeout=5).status_code == 404
    finally:
        workers.stop()

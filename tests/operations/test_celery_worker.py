"""A real Celery worker process, started by the test against the broker (Redis or RabbitMQ), runs a task
whose effect is read back from the database."""

import pytest

from notifications.models import Notification
from notifications.tasks import deliver_notification_email
from tests.conftest import Workers, wait_for
from tests.factories.notifications import NotificationFactory


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


@pytest.mark.worker
def test_web_and_worker_use_the_broker_the_settings_name(tmp_path, settings):
    """CI runs the worker tests on Redis, then again on RabbitMQ (CELERY_BROKER_URL)."""
    from credit_mgmt.celery import app

    scheme = settings.CELERY_BROKER_URL.split("://")[0]
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    workers = Workers(1, tmp_path)
    try:
        assert wait_for(lambda: f"Connected to {scheme}://" in workers.log.read_text()), (
            workers.log.read_text()[-2000:]
        )
    finally:
        workers.stop()

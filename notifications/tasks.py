import logging
from smtplib import SMTPException

from celery import shared_task

from core.metrics import EMAILS
from notifications.models import Notification
from notifications.services import notification_deliver_email

MAX_EMAIL_ATTEMPTS = 6

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=MAX_EMAIL_ATTEMPTS - 1,
)
def deliver_notification_email(self, notification_id):
    """E-mail one notice; transient mail errors are retried with backoff."""
    try:
        notification_deliver_email(notification_id=notification_id)
    except (SMTPException, OSError):
        if self.request.retries >= self.max_retries:
            Notification.objects.filter(pk=notification_id).update(
                email_status=Notification.EmailStatus.FAILED
            )
            EMAILS.labels("failed").inc()
            log.error("Gave up e-mailing notice %s", notification_id)
            return
        raise

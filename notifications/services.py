"""Sending notices: stored in the inbox first, e-mailed by a task after commit.

The notices double as the e-mail outbox: a notice waiting for its e-mail that never reached the
broker (Redis was down at the commit, or the process ended before publishing) has no
`email_queued_at`, and `publish_pending_emails`, scheduled every few minutes, hands it over then.
Delivery locks the notice and sends only while it is pending, so an e-mail queued twice goes once.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerUnavailable

from core.errors import NotPermitted
from core.metrics import EMAILS, REMINDERS
from notifications.models import Notification, Reminder

log = logging.getLogger(__name__)

# One quick reconnection, then the outbox takes over: a request never waits long on a broker that is down.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0, "interval_max": 0.1}
# A notice younger than this may still be on its way to the broker from the request that made it.
OUTBOX_GRACE = datetime.timedelta(minutes=1)


def notification_send(*, recipient, subject, body, link="", email=True, translations=None):
    """Put a notice in `recipient`'s inbox and, if asked, queue its e-mail after commit.

    `translations` ({language: [subject, body]}) lets the inbox show it in the reader's current language.
    """
    with_email = email and bool(recipient.email)
    notification = Notification.objects.create(
        recipient=recipient,
        subject=subject,
        body=body,
        link=link,
        translations=translations or {},
        email_status=(
            Notification.EmailStatus.PENDING if with_email else Notification.EmailStatus.NOT_REQUIRED
        ),
    )
    if with_email:
        transaction.on_commit(lambda: publish_emails([notification.pk]))
    return notification


def notification_email_address(*, address, name, language, subject, body):
    """E-mail someone without an account (a member of the public), through the same outbox: the
    notice is stored, then e-mailed after commit, retried and tracked like any other."""
    notification = Notification.objects.create(
        email_address=address,
        email_name=name,
        email_language=language,
        subject=subject,
        body=body,
        email_status=Notification.EmailStatus.PENDING,
    )
    transaction.on_commit(lambda: publish_emails([notification.pk]))
    return notification


def publish_emails(notification_ids):
    """Hand the e-mails of these notices to the broker, noting each one handed over; how many were.

    A broker that is down leaves them in the outbox, logged and never raised: this runs after the
    commit, and the request's own change is done.
    """
    from notifications.tasks import deliver_notification_email

    published = []
    try:
        for pk in notification_ids:
            deliver_notification_email.apply_async(args=[pk], retry_policy=PUBLISH_RETRY_POLICY)
            published.append(pk)
    except BrokerUnavailable as error:
        log.warning(
            "Broker unavailable: %d notice e-mails wait in the outbox (%s)",
            len(notification_ids) - len(published),
            error,
        )
    Notification.objects.filter(pk__in=published).update(email_queued_at=timezone.now())
    return len(published)


def publish_pending_emails(*, as_of):
    """Scheduled every few minutes: hand to the broker the e-mails still in the outbox after a minute.

    `as_of` (a day) does not matter here: the outbox is read as it stands.
    """
    waiting = Notification.objects.filter(
        email_status=Notification.EmailStatus.PENDING,
        email_queued_at__isnull=True,
        created_at__lte=timezone.now() - OUTBOX_GRACE,
    )
    return {
        "created": 0,
        "published": publish_emails(list(waiting.order_by("pk").values_list("pk", flat=True))),
    }


def notification_deliver_email(*, notification_id):
    """Send the e-mail of one notice once; a rerun after success does nothing.

    Raises the transport's error after recording it, so the task can retry.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .get(pk=notification_id)
        )
        if notification.email_status != Notification.EmailStatus.PENDING:
            return notification
        recipient = notification.recipient
        language = recipient.preferred_language if recipient else notification.email_language
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {"notification": notification, "recipient": notification.addressee}
            message = EmailMultiAlternatives(
                subject=notification.subject,
                body=render_to_string("notifications/email.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email if recipient else notification.email_address],
            )
            message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
        notification.email_attempts += 1
        try:
            message.send()
        except OSError as error:  # smtplib's errors included
            failure = error
            notification.email_error = str(error)[:1000]
            notification.save(update_fields=["email_attempts", "email_error"])
        else:
            failure = None
            notification.email_status = Notification.EmailStatus.SENT
            notification.emailed_at = timezone.now()
            notification.email_error = ""
            notification.save(update_fields=["email_status", "emailed_at", "email_attempts", "email_error"])
    if failure:
        EMAILS.labels("error").inc()
        log.warning(
            "E-mail of notice %s failed (attempt %s): %s",
            notification.pk,
            notification.email_attempts,
            failure,
            extra={"notification_id": notification.pk},
        )
        raise failure  # after the attempt is committed, for the task to retry
    EMAILS.labels("sent").inc()
    log.info("E-mailed notice %s", notification.pk, extra={"notification_id": notification.pk})
    return notification


def notification_retry_emails(*, actor, notifications):
    """Queue the failed e-mails among `notifications` again (administrators, after fixing the mail
    server or the address); returns how many were queued."""
    if not actor.is_administrator:
        raise NotPermitted("Only administrators can send e-mails again.")
    with transaction.atomic():
        failed = list(
            notifications.select_for_update()
            .filter(email_status=Notification.EmailStatus.FAILED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=failed).update(
            email_status=Notification.EmailStatus.PENDING, email_attempts=0, email_queued_at=None
        )
        transaction.on_commit(lambda: publish_emails(failed))
    return len(failed)


def notification_mark_read(*, actor, notification):
    if notification.recipient_id != actor.pk:
        raise NotPermitted("Only the recipient can mark a notice read.")
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor):
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def reminder_key(subject):
    return f"{subject._meta.model_name}:{subject.pk}"


def reminder_send(*, kind, subject, due_on, recipients, title, body, context, link=""):
    """Send one reminder about `subject` to `recipients`, unless its key was sent before.

    `title` and `body` are lazy strings with placeholders; `context` is a function returning them,
    called in each reader's language. Returns True when this call sent it.
    """
    recipients = [user for user in recipients if user.is_active]
    with transaction.atomic():
        _reminder, created = Reminder.objects.get_or_create(
            kind=kind,
            subject_key=reminder_key(subject),
            due_on=due_on,
            defaults={"recipients": len(recipients)},
        )
        if not created:
            return False
        notify_users(recipients, subject=title, body=body, context=context, link=link)
        transaction.on_commit(REMINDERS.labels(kind).inc)
    return True


def reminders_sent(kinds, since):
    """Keys (kind, subject key, due date) already sent, so a job skips them without a query each."""
    return set(
        Reminder.objects.filter(kind__in=kinds, due_on__gte=since).values_list(
            "kind", "subject_key", "due_on"
        )
    )


def notify_users(users, *, subject, body, context, link="", email=True):
    """Inbox and, if asked, e-mail to each user; `context` gives the placeholders in the active language.

    The notice is written in every language once: the e-mail goes in the user's preferred language, the
    inbox shows whichever language the reader is using.
    """
    users = list(users)
    if not users:
        return
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            values = context()
            texts[language] = [str(subject) % values, str(body) % values]
    for user in users:
        own_subject, own_body = texts.get(user.preferred_language) or texts[settings.LANGUAGE_CODE]
        notification_send(
            recipient=user, subject=own_subject, body=own_body, link=link, email=email, translations=texts
        )

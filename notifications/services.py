"""Sending notices: stored in the inbox first, e-mailed by a task after commit."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from credit_mgmt.errors import NotPermitted
from notifications.models import Notification, Reminder


def notification_send(*, recipient, subject, body, link="", email=True):
    """Put a notice in `recipient`'s inbox and, if asked, queue its e-mail after commit."""
    from notifications.tasks import deliver_notification_email

    with_email = email and bool(recipient.email)
    notification = Notification.objects.create(
        recipient=recipient,
        subject=subject,
        body=body,
        link=link,
        email_status=(
            Notification.EmailStatus.PENDING if with_email else Notification.EmailStatus.NOT_REQUIRED
        ),
    )
    if with_email:
        transaction.on_commit(lambda: deliver_notification_email.delay(notification.pk))
    return notification


def notification_deliver_email(*, notification_id):
    """Send the e-mail of one notice once; a rerun after success does nothing.

    Raises the transport's error after recording it, so the task can retry.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").get(pk=notification_id)
        )
        if notification.email_status != Notification.EmailStatus.PENDING:
            return notification
        recipient = notification.recipient
        with translation.override(recipient.preferred_language):
            context = {"notification": notification, "recipient": recipient}
            message = EmailMultiAlternatives(
                subject=notification.subject,
                body=render_to_string("notifications/email.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email],
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
        raise failure  # after the attempt is committed, for the task to retry
    return notification


def notification_retry_emails(*, actor, notifications):
    """Queue the failed e-mails among `notifications` again (administrators, after fixing the mail
    server or the address); returns how many were queued."""
    from notifications.tasks import deliver_notification_email

    if not actor.is_administrator:
        raise NotPermitted("Only administrators can send e-mails again.")
    with transaction.atomic():
        failed = list(
            notifications.select_for_update()
            .filter(email_status=Notification.EmailStatus.FAILED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=failed).update(
            email_status=Notification.EmailStatus.PENDING, email_attempts=0
        )
        for pk in failed:
            transaction.on_commit(lambda pk=pk: deliver_notification_email.delay(pk))
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
    return True


def reminders_sent(kinds, since):
    """Keys (kind, subject key, due date) already sent, so a job skips them without a query each."""
    return set(
        Reminder.objects.filter(kind__in=kinds, due_on__gte=since).values_list(
            "kind", "subject_key", "due_on"
        )
    )


def notify_users(users, *, subject, body, context, link=""):
    """Inbox and e-mail to each user, in their own language; `context` gives the placeholders."""
    for user in users:
        with translation.override(user.preferred_language):
            values = context()
            notification_send(
                recipient=user, subject=str(subject) % values, body=str(body) % values, link=link
            )

"""Notices to users: the in-app inbox, with e-mail delivery tracked per notice."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        NOT_REQUIRED = "not_required", _("No e-mail")
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        help_text=_("Empty for an e-mail to someone without an account, such as a member of the public."),
    )
    # Someone without an account (a member of the public who objected): e-mail only, no inbox.
    email_address = models.EmailField(_("e-mail address"), blank=True)
    email_name = models.CharField(_("addressee"), max_length=200, blank=True)
    email_language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The subject and body in every language, {"en": [subject, body], ...}: the inbox shows a notice in
    # the language the reader is using now; `subject` and `body` are the e-mail's, in the preferred one.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.NOT_REQUIRED
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.TextField(_("last e-mail error"), blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_queued_at = models.DateTimeField(
        _("e-mail queued"),
        null=True,
        blank=True,
        help_text=_("When the e-mail was handed to the task queue; empty while it waits in the outbox."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email_address=""),
                name="notification_has_a_recipient_or_an_address",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="unread_by_recipient"
            ),
            models.Index(fields=["recipient", "-created_at"], name="inbox_by_recipient"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_status="pending", email_queued_at__isnull=True),
                name="email_outbox",
            ),
        ]

    def __str__(self):
        return self.subject

    def _in_reading_language(self):
        return self.translations.get(translation.get_language()) or (self.subject, self.body)

    @property
    def display_subject(self):
        return self._in_reading_language()[0]

    @property
    def display_body(self):
        return self._in_reading_language()[1]

    @property
    def addressee(self):
        """Who the e-mail greets: the user, or the name given with the address."""
        return self.recipient if self.recipient_id else self.email_name

    @property
    def is_read(self):
        return self.read_at is not None


class Reminder(models.Model):
    """A reminder that has been sent: its key (kind, subject, due date) is unique.

    Scheduled jobs insert the key in the transaction that sends the notices, so a rerun, a retry
    or a second worker running at the same moment finds it taken and sends nothing.
    """

    kind = models.SlugField(_("kind"), max_length=50)
    subject_key = models.CharField(
        _("about"), max_length=100, help_text=_("Model and id, such as certificate:12.")
    )
    due_on = models.DateField(_("due on"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_key", "due_on"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.subject_key} {self.due_on}"

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_base import ReadOnlyAdmin
from notifications.models import Notification, Reminder
from notifications.services import notification_retry_emails


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "recipient",
        "email_address",
        "subject",
        "read_at",
        "email_status",
        "email_attempts",
        "email_error_summary",
    ]
    list_filter = ["email_status", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipient__username", "recipient__email", "email_address"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["retry_emails"]

    @admin.display(description=_("last e-mail error"))
    def email_error_summary(self, notification):
        return notification.email_error[:80]

    def has_retry_permission(self, request):
        return request.user.is_administrator

    @admin.action(description=_("Send the failed e-mails again"), permissions=["retry"])
    def retry_emails(self, request, queryset):
        queued = notification_retry_emails(actor=request.user, notifications=queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", queued)
            % {"count": queued},
            messages.SUCCESS if queued else messages.WARNING,
        )


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "kind", "subject_key", "due_on", "recipients"]
    list_filter = ["kind"]
    search_fields = ["subject_key"]
    date_hierarchy = "sent_at"

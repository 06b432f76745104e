from django.contrib import admin

from accounts.admin import ReadOnlyAdmin
from notifications.models import Notification, Reminder


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "subject", "read_at", "email_status", "email_attempts"]
    list_filter = ["email_status", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "kind", "subject_key", "due_on", "recipients"]
    list_filter = ["kind"]
    search_fields = ["subject_key"]
    date_hierarchy = "sent_at"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.jobs import ScheduledJob


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    # Scheduled jobs (core.jobs), in run order: a daily time in Asia/Shanghai or an interval in minutes.
    scheduled_jobs = [
        ScheduledJob(
            "working_calendar_reminders",
            "notifications.calendar_reminders.working_calendar_reminders",
            at=(7, 20),
        ),
        # E-mails of notices that did not reach the broker (Redis down at the commit).
        ScheduledJob("email_outbox", "notifications.services.publish_pending_emails", every=5),
    ]

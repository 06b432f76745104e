from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from background.operations import BackgroundOperation
from core.jobs import ScheduledJob


class BackgroundConfig(AppConfig):
    name = "background"
    verbose_name = _("Background operations")
    # Scheduled jobs (core.jobs), in run order: a daily time in Asia/Shanghai or an interval in minutes.
    scheduled_jobs = [
        ScheduledJob("operations_housekeeping", "background.services.operations_housekeeping", at=(5, 0)),
    ]
    # Long operations a user starts and follows on /operations/<pk>/ (background.services).
    background_operations = {
        "export": BackgroundOperation(
            "background.list_export.export_operation", "background/export_result.html"
        )
    }

    def ready(self):
        from background import checks  # noqa: F401 - registers the deployment checks

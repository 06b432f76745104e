from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from background.operations import BackgroundOperation
from core.jobs import ScheduledJob


class CultivationConfig(AppConfig):
    name = "cultivation"
    verbose_name = _("Credit cultivation")
    # Scheduled jobs (core.jobs), in run order: a daily time in Asia/Shanghai or an interval in minutes.
    scheduled_jobs = [
        ScheduledJob("cultivation_exits", "cultivation.plans.exit_dishonest_plans", at=(4, 15)),
        ScheduledJob("cultivation_candidates", "cultivation.pool.suggest_candidates", at=(4, 30)),
        ScheduledJob("milestone_reminders", "cultivation.reminders.milestone_reminders", at=(7, 10)),
    ]
    # Lists that export (background.list_export): the name a page gives its export, and the function
    # (user, query parameters) -> (rows, columns) that builds the list as its page does.
    list_exports = {
        "cultivation-plans": "cultivation.lists.plan_export",
        "candidates": "cultivation.lists.candidate_export",
    }
    # Long operations a user starts and follows on /operations/<pk>/ (background.services).
    background_operations = {
        "mock_review": BackgroundOperation(
            "cultivation.mock.mock_review_operation", "cultivation/mock_review_result.html"
        )
    }

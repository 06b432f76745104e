from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.jobs import ScheduledJob


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordinators and cases")
    # Scheduled jobs (core.jobs), in run order: a daily time in Asia/Shanghai or an interval in minutes.
    scheduled_jobs = [
        ScheduledJob("coordinator_assignment", "coordination.assignment.assign_coordinators", at=(4, 0)),
        ScheduledJob("case_escalation", "coordination.cases.escalate_overdue_cases", at=(7, 0)),
    ]
    # Lists that export (background.list_export): the name a page gives its export, and the function
    # (user, query parameters) -> (rows, columns) that builds the list as its page does.
    list_exports = {
        "cases": "coordination.lists.case_export",
        "coordinator-workload": "coordination.lists.workload_export",
    }

    def ready(self):
        """A grade that no longer gets a coordinator ends the assignment (docs/architecture.md,
        "Consequences that run upward")."""
        from coordination.consequences import assignment_follow_grade_change
        from enterprises.ledger import register_grade_change_handler

        register_grade_change_handler(assignment_follow_grade_change)

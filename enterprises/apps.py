from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from background.operations import BackgroundOperation
from core.jobs import ScheduledJob


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")
    # Scheduled jobs (core.jobs), in run order: a daily time in Asia/Shanghai or an interval in minutes.
    scheduled_jobs = [
        ScheduledJob(
            "dishonest_evaluation", "enterprises.evaluation.evaluate_dishonest_criteria", at=(1, 30)
        ),
        # After the evaluation, so that repair sees the night's proposals.
        ScheduledJob("automatic_repair", "enterprises.repair.repair_automatically", at=(2, 30)),
        ScheduledJob(
            "statement_period_reminders", "enterprises.reminders.statement_period_reminders", at=(6, 30)
        ),
        ScheduledJob(
            "repair_eligibility_reminders", "enterprises.reminders.repair_eligibility_reminders", at=(6, 40)
        ),
        ScheduledJob(
            "publication_end_reminders", "enterprises.reminders.publication_end_reminders", at=(6, 50)
        ),
    ]
    # Lists that export (background.list_export): the name a page gives its export, and the function
    # (user, query parameters) -> (rows, columns) that builds the list as its page does.
    list_exports = {
        "enterprises": "enterprises.lists.enterprise_export",
        "proposals": "enterprises.lists.proposal_export",
        "repairs": "enterprises.lists.case_export",
        "objections": "enterprises.lists.case_export",
    }
    # Long operations a user starts and follows on /operations/<pk>/ (background.services).
    background_operations = {
        "import": BackgroundOperation(
            "enterprises.imports.import_operation", "enterprises/import_result.html"
        )
    }

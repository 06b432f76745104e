from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.jobs import ScheduledJob


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")
    # Scheduled jobs (core.jobs), in run order: a daily time in Asia/Shanghai or an interval in minutes.
    scheduled_jobs = [
        ScheduledJob("certification_pauses", "certification.review.terminate_long_pauses", at=(3, 0)),
        ScheduledJob(
            "certificate_suspensions", "certification.suspension.suspend_on_filed_cases", at=(3, 15)
        ),
        ScheduledJob("periodic_re_reviews", "certification.re_review.open_due_re_reviews", at=(3, 30)),
        ScheduledJob("re_review_reminders", "certification.reminders.re_review_reminders", at=(6, 0)),
        ScheduledJob(
            "certification_clock_reminders",
            "certification.reminders.certification_clock_reminders",
            at=(6, 10),
        ),
        ScheduledJob(
            "rectification_reminders", "certification.reminders.rectification_reminders", at=(6, 20)
        ),
        ScheduledJob(
            "application_bar_reminders", "certification.reminders.application_bar_reminders", at=(6, 25)
        ),
    ]
    # Lists that export (background.list_export): the name a page gives its export, and the function
    # (user, query parameters) -> (rows, columns) that builds the list as its page does.
    list_exports = {
        "applications": "certification.lists.application_export",
        "certificates": "certification.lists.certificate_export",
    }

    def ready(self):
        """What changes in the enterprises app mean for certificates (docs/architecture.md,
        "Consequences that run upward")."""
        from certification import checks  # noqa: F401 - registers the deployment check
        from certification.certificates import certificates_end_on_grade_change
        from certification.suspension import certificate_follow_case_filing
        from enterprises.case_filings import register_case_filing_handler
        from enterprises.ledger import register_grade_change_handler

        register_grade_change_handler(certificates_end_on_grade_change)
        register_case_filing_handler(certificate_follow_case_filing)

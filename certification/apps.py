from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

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

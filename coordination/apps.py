from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Coordinators and cases")

    def ready(self):
        """A grade that no longer gets a coordinator ends the assignment (docs/architecture.md,
        "Consequences that run upward")."""
        from coordination.consequences import assignment_follow_grade_change
        from enterprises.ledger import register_grade_change_handler

        register_grade_change_handler(assignment_follow_grade_change)

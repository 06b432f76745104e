from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "background"
    verbose_name = _("Background operations")

    def ready(self):
        from background import checks  # noqa: F401 - registers the deployment checks

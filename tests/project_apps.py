"""The project's own apps, read from INSTALLED_APPS in its order: bottom floor (`core`) first, top
floor (`portal`) last. The layer, translation and official-terms tests all read this one list."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

PROJECT_APPS = [
    config.name for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)
]
# The project package: configuration (settings, URLs, the Celery app), imported by no app.
CONFIGURATION = "credit_mgmt"

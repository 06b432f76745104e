"""The Celery application: configured from Django settings (CELERY_* names)."""

import logging.config
import os

from celery import Celery
from celery.signals import setup_logging, worker_ready

import core.metrics  # counts task outcomes (Celery signals) for /metrics

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credit_mgmt.settings")

app = Celery("credit_mgmt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs):
    """Workers and beat log as the web does (settings.LOGGING: JSON lines carrying the task's id
    and name) instead of in Celery's own format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@worker_ready.connect
def serve_metrics(**kwargs):
    """On a worker host, the scrape target of the host's processes (settings.WORKER_METRICS_PORT)."""
    from django.conf import settings

    port = settings.WORKER_METRICS_PORT
    if port:
        core.metrics.serve_worker_metrics(settings.WORKER_METRICS_ADDRESS, port)

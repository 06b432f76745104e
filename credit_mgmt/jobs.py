"""Scheduled jobs: one registry (`settings.SCHEDULED_JOBS`), run by Celery beat or `manage.py run_jobs`.

Each job is a function `job(*, as_of) -> dict of counts` that is idempotent for a given day. It runs
in one transaction holding a PostgreSQL advisory lock named after the job, so two workers (or a
worker and an operator) never run the same job at once: the second one skips.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from credit_mgmt.locks import try_lock


def job_names():
    return list(settings.SCHEDULED_JOBS)


def run_job(name, as_of=None):
    """Run one job as of a day (default today); the counts it reports, with its name first."""
    job = import_string(settings.SCHEDULED_JOBS[name]["function"])
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        if not try_lock(name):
            return {"job": name, "created": 0, "skipped": "running elsewhere"}
        return {"job": name, "as_of": as_of.isoformat(), **job(as_of=as_of)}


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def run_scheduled_job(self, name, as_of=None):
    """The task beat sends for every job; a lost database connection is retried with backoff."""
    return run_job(name, datetime.date.fromisoformat(as_of) if as_of else None)

"""Scheduled jobs, run by Celery beat or `manage.py run_jobs`.

Each app declares its jobs on its AppConfig (`scheduled_jobs`, a list of `ScheduledJob`), next to
the rest of what it is; the registry is every app's list in INSTALLED_APPS order, which is also the
order `run_jobs` runs them in: an app's jobs run after those of the apps below it, whose results
they may read (automatic repair after the night's evaluation, coordinator assignment after the
certificates). `settings.SCHEDULED_JOB_TIMES` only moves a job to another time.

A job is a function `job(*, as_of) -> dict of counts` that is idempotent for a given day. It runs
in one transaction holding a PostgreSQL advisory lock named after the job, so two workers (or a
worker and an operator) never run the same job at once: the second one skips.
"""

import datetime
from dataclasses import dataclass, replace

from celery import shared_task
from celery.schedules import crontab
from django.apps import apps
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.locks import try_lock


@dataclass(frozen=True)
class ScheduledJob:
    """A job: its name, its function (dotted path) and when it runs, a daily time `at` (hour, minute)
    in CELERY_TIMEZONE or an interval `every` so many minutes."""

    name: str
    function: str
    at: tuple = None
    every: int = None

    def crontab(self):
        if self.every:
            return crontab(minute=f"*/{self.every}")
        return crontab(hour=self.at[0], minute=self.at[1])


def scheduled_jobs():
    """{name: ScheduledJob} of every app, in run order, with the times settings move."""
    moved = settings.SCHEDULED_JOB_TIMES
    jobs = {}
    for config in apps.get_app_configs():
        for job in getattr(config, "scheduled_jobs", ()):
            when = moved.get(job.name)
            jobs[job.name] = replace(job, **when) if when else job
    return jobs


def job_names():
    return list(scheduled_jobs())


def beat_schedule():
    """The schedule beat installs: one entry per job, sending `run_scheduled_job` with its name."""
    return {
        name.replace("_", "-"): {"task": run_scheduled_job.name, "schedule": job.crontab(), "args": (name,)}
        for name, job in scheduled_jobs().items()
    }


def run_job(name, as_of=None):
    """Run one job as of a day (default today); the counts it reports, with its name first."""
    job = import_string(scheduled_jobs()[name].function)
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        if not try_lock(name):
            return {"job": name, "created": 0, "skipped": "running elsewhere"}
        return {"job": name, "as_of": as_of.isoformat(), **job(as_of=as_of)}


# The task's name is the one beat's installed schedule rows and queued messages carry: it outlives
# the module's move from the project package.
@shared_task(
    name="credit_mgmt.jobs.run_scheduled_job",
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    max_retries=5,
)
def run_scheduled_job(self, name, as_of=None):
    """The task beat sends for every job; a lost database connection is retried with backoff."""
    return run_job(name, datetime.date.fromisoformat(as_of) if as_of else None)

"""Run every scheduled job once, synchronously, as if today were --as-of (see the API contract)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from core.jobs import job_names, run_job


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {value!r}.") from error


class Command(BaseCommand):
    help = "Run the scheduled jobs once and print one JSON object per job."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="The day to run as (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--job", action="append", choices=job_names(), help="Run only this job (repeatable)."
        )

    def handle(self, *args, as_of=None, job=None, **options):
        day = _date(as_of) if as_of else None
        for name in job or job_names():
            self.stdout.write(json.dumps(run_job(name, day), ensure_ascii=False))

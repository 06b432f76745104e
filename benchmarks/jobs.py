"""The nightly jobs over all certificates and all AEO enterprises: re-review reminders, assignment.

Each job runs twice on the same day: the first run does the work (every reminder due, every AEO
enterprise assigned from scratch), the second must find nothing to do (idempotent). Both runs are
timed; everything is rolled back.
"""

from django.db import transaction
from django.utils import timezone

from benchmarks.core import result, timed
from certification.models import Certificate
from certification.reminders import re_review_reminders
from coordination.assignment import assign_coordinators
from coordination.models import CoordinatorProfile
from enterprises.models import CoordinatorAssignment

LIMIT_SECONDS = 10


def _twice(job):
    first_seconds, first = timed(job)
    second_seconds, second = timed(job)
    return first_seconds, first, second_seconds, second


def _results(name, runs, details):
    first_seconds, first, second_seconds, second = runs
    rows = [
        result(
            f"{name}, first run", first_seconds, "s", max_value=LIMIT_SECONDS, details={**details, **first}
        ),
        result(f"{name}, second run", second_seconds, "s", max_value=LIMIT_SECONDS, details=second),
    ]
    rows[1].passed &= second["created"] == 0
    return rows


def run(context):
    as_of = timezone.localdate()
    with transaction.atomic():
        reminders = _twice(lambda: re_review_reminders(as_of=as_of))
        CoordinatorAssignment.objects.all().delete()
        assignment = _twice(lambda: assign_coordinators(as_of=as_of))
        transaction.set_rollback(True)
    certificates = Certificate.objects.count()
    coordinators = CoordinatorProfile.objects.count()
    return [
        *_results("re-review reminder scan", reminders, {"certificates": certificates}),
        *_results("coordinator assignment", assignment, {"coordinators": coordinators}),
    ]

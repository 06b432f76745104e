"""Mock certification: a pre-review scored by the certification scoring engine, and the gaps it finds.

The same `certification.scoring.score` decides a real application, so a plan's mock result means
what the certification team would conclude on the same findings. A review of more items than
`settings.MOCK_REVIEW_BACKGROUND_ITEMS` is checked while the officer waits and scored by a worker
(`mock_review_queue`, then `mock_review_operation`), item by item on the operation's progress bar.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from background.models import Operation
from background.services import Outcome, operation_queue
from certification.catalogue import applicable_items
from certification.models import Result
from certification.scoring import Finding, ScoringRules, score
from cultivation.models import CultivationPlan, Gap, MockFinding, MockReview
from cultivation.plans import locked_active
from rulebooks.selectors import rulebook_in_force

NOT_COUNTED = (Result.NOT_APPLICABLE,)
GAP_RESULTS = (Result.BASICALLY_MEETS, Result.FAILS)


def review_items(plan, day=None):
    """The standard items a mock review of `plan` held on `day` (today) assesses: those an application
    made that day would face, under the standard then in force."""
    rulebook = rulebook_in_force(day or timezone.localdate())
    return applicable_items(rulebook, plan.business_types.all(), plan.target_grade)


def _checked(plan, actor, held_on, results):
    """The plan, locked, and its items, once the officer, the date and a finding per item are right."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A mock review cannot be recorded before it is held.")})
    plan = locked_active(plan, actor)
    items = list(review_items(plan, held_on))
    missing = [item.code for item in items if results.get(item.code) not in Result.values]
    if missing:
        raise ValidationError(
            {
                "results": _("Give a finding for every item; missing: %(codes)s.")
                % {"codes": ", ".join(missing)}
            }
        )
    return plan, items


def scored_in_background(items):
    """Whether a review of `items` is scored by a worker rather than while the officer waits."""
    return len(items) > settings.MOCK_REVIEW_BACKGROUND_ITEMS


def mock_review_record(*, actor, plan, held_on, results, notes=None, summary="", progress=None):
    """Score a complete pre-review; open a gap for every item short of the standard and close the
    open gaps of items that now meet it. `results` and `notes` are keyed by item code; `progress`
    (a worker's) is told of every item recorded."""
    notes = notes or {}
    with transaction.atomic():
        plan, items = _checked(plan, actor, held_on, results)
        if progress is not None:
            progress.set_total(len(items))
        outcome = score(
            ScoringRules.of(rulebook_in_force(held_on)),
            [Finding(item.code, item.part, results[item.code], item.bonus_points) for item in items],
        )
        counted = [item for item in items if results[item.code] not in NOT_COUNTED]
        review = MockReview.objects.create(
            plan=plan,
            held_on=held_on,
            reviewed_by=actor,
            result=outcome.as_dict(),
            items_total=len(counted),
            items_met=sum(1 for item in counted if results[item.code] == Result.MEETS),
            passed=outcome.passed,
            summary=(summary or "").strip(),
        )
        MockFinding.objects.bulk_create(_findings(review, items, results, notes, progress))
        _update_gaps(plan, review, items, results)
        record_activity(actor=actor, verb="plan.mock_review", target=plan, note=held_on.isoformat())
    return review


def _findings(review, items, results, notes, progress):
    for item in items:
        yield MockFinding(
            review=review, item=item, result=results[item.code], note=(notes.get(item.code) or "").strip()
        )
        if progress is not None:
            progress.update(1)


def mock_review_queue(*, actor, plan, held_on, results, notes=None, summary=""):
    """Check a review as `mock_review_record` does, then have a worker score and record it."""
    with transaction.atomic():
        plan, items = _checked(plan, actor, held_on, results)
        return operation_queue(
            kind=Operation.Kind.MOCK_REVIEW,
            actor=actor,
            subject=plan.enterprise.display_name,
            params={
                "plan": plan.pk,
                "held_on": held_on.isoformat(),
                "results": results,
                "notes": notes or {},
                "summary": summary,
            },
            total=len(items),
        )


def mock_review_operation(*, operation, progress):
    """The worker's part of `mock_review_queue`: the review recorded by the officer who filled it in."""
    params = operation.params
    review = mock_review_record(
        actor=operation.requested_by,
        plan=CultivationPlan.objects.get(pk=params["plan"]),
        held_on=datetime.date.fromisoformat(params["held_on"]),
        results=params["results"],
        notes=params["notes"],
        summary=params["summary"],
        progress=progress,
    )
    return Outcome(
        result={
            "review": review.pk,
            "passed": review.passed,
            "items_met": review.items_met,
            "items_total": review.items_total,
        }
    )


def _update_gaps(plan, review, items, results):
    open_gaps = {gap.item_id: gap for gap in plan.gaps.exclude(status=Gap.Status.CLOSED)}
    met = [item.pk for item in items if results[item.code] not in GAP_RESULTS and item.pk in open_gaps]
    plan.gaps.filter(item_id__in=met).exclude(status=Gap.Status.CLOSED).update(
        status=Gap.Status.CLOSED, closed_on=review.held_on
    )
    Gap.objects.bulk_create(
        Gap(plan=plan, item=item, finding=results[item.code], found_in=review)
        for item in items
        if results[item.code] in GAP_RESULTS and item.pk not in open_gaps
    )

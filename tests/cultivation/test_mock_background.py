"""A mock review of more items than MOCK_REVIEW_BACKGROUND_ITEMS is checked while the officer waits,
then scored by a worker (run in-process after the commit here) whose operation page links the review."""

import datetime

import pytest

from background.models import Operation
from background.services import operation_run
from certification.models import Result
from cultivation import mock, plans
from cultivation.models import MockReview
from tests.cultivation.conftest import results_for

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _scored_in_background(settings):
    settings.MOCK_REVIEW_BACKGROUND_ITEMS = 1


def form_data(plan, *, held_on, **overrides):
    data = {f"result_{code}": result for code, result in results_for(plan, **overrides).items()}
    data["held_on"] = held_on.isoformat()
    return data


def test_a_large_review_is_scored_by_a_worker_item_by_item(
    client, plan, officer, django_capture_on_commit_callbacks, today
):
    client.force_login(officer)
    items = len(results_for(plan))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/cultivation/plans/{plan.pk}/mock-reviews/new/",
            form_data(plan, held_on=today, **{"A-G-01": Result.FAILS}),
            **EN,
        )
    operation = Operation.objects.get()
    assert response.url == f"/operations/{operation.pk}/"
    review = MockReview.objects.get()
    assert (operation.kind, operation.status, operation.done, operation.total) == (
        "mock_review",
        "succeeded",
        items,
        items,
    )
    assert operation.result["review"] == review.pk
    assert (review.reviewed_by, plan.gaps.get().item.code) == (officer, "A-G-01")
    page = client.get(response.url, **EN).content.decode()
    assert "The mock review is being scored." in page
    assert "This review would not pass certification yet." in page
    assert f'href="/cultivation/mock-reviews/{review.pk}/"' in page


def test_a_review_that_cannot_be_recorded_is_refused_before_it_is_queued(client, plan, officer, today):
    client.force_login(officer)
    tomorrow = today + datetime.timedelta(days=1)
    page = client.post(
        f"/cultivation/plans/{plan.pk}/mock-reviews/new/", form_data(plan, held_on=tomorrow), **EN
    ).content.decode()
    assert "A mock review cannot be recorded before it is held." in page
    assert not Operation.objects.exists()


def test_a_plan_ended_before_the_worker_ran_fails_the_operation(plan, officer, today):
    operation = mock.mock_review_queue(actor=officer, plan=plan, held_on=today, results=results_for(plan))
    plans.plan_exit(actor=officer, plan=plan, reason="stalled", note="No progress for a year.")
    operation_run(operation.pk)
    operation.refresh_from_db()
    assert (operation.status, operation.error) == ("failed", "The plan has ended; it can no longer change.")
    assert not MockReview.objects.exists()


def test_small_reviews_are_still_scored_at_once(client, plan, officer, settings, today):
    settings.MOCK_REVIEW_BACKGROUND_ITEMS = 1000
    client.force_login(officer)
    response = client.post(f"/cultivation/plans/{plan.pk}/mock-reviews/new/", form_data(plan, held_on=today))
    assert response.url == f"/cultivation/mock-reviews/{MockReview.objects.get().pk}/"
    assert not Operation.objects.exists()

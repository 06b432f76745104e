"""Cultivation plans: opening, milestones, gaps from mock reviews, sessions, and how a plan ends."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from certification import applications
from certification.models import Application, Result
from core.display import format_date
from core.errors import InvalidState, NotPermitted
from cultivation import mock, plans, selectors, sessions
from cultivation.models import CultivationPlan, Gap, GuidanceSession, Milestone
from cultivation.reminders import milestone_reminders
from notifications.models import Notification, Reminder
from tests.cultivation.conftest import record, results_for
from tests.factories.enterprises import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_a_plan_opens_with_milestones_over_its_span_and_tells_the_enterprise(enterprise_user_b, plan):
    milestones = list(plan.milestones.order_by("due_on"))
    assert [m.phase for m in milestones] == [
        "diagnosis",
        "improvement",
        "improvement",
        "pre_review",
        "application",
    ]
    assert milestones[0].due_on > plan.starts_on
    assert milestones[-1].due_on == plan.target_on
    notice = Notification.objects.get(recipient=enterprise_user_b)
    assert notice.link == plan.get_absolute_url()
    with translation.override(enterprise_user_b.preferred_language):
        assert format_date(plan.target_on) in notice.body  # in the user's language


def test_an_enterprise_has_one_plan_in_progress(plan, officer, enterprise_b, business_types, today):
    with pytest.raises(InvalidState):
        plans.plan_open(
            actor=officer,
            enterprise=enterprise_b,
            target_grade="advanced_certified",
            business_types=[business_types["customs_broker"]],
            starts_on=today,
            target_on=today + datetime.timedelta(days=365),
            officers=[officer],
        )


@pytest.mark.parametrize(
    ("target_in_days", "changes", "field"),
    [
        (-1, {}, "target_on"),
        (4 * 365, {}, "target_on"),
        (700, {"business_types": []}, "business_types"),
        (700, {"officers": []}, "officers"),
    ],
)
def test_plan_input_is_checked_and_nothing_is_written(
    catalogue, enterprise_b, officer, business_types, target_in_days, changes, field, today
):
    data = {
        "target_grade": "advanced_certified",
        "business_types": [business_types["customs_broker"]],
        "starts_on": today,
        "target_on": today + datetime.timedelta(days=target_in_days),
        "officers": [officer],
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        plans.plan_open(actor=officer, enterprise=enterprise_b, **data)
    assert field in error.value.message_dict
    assert not CultivationPlan.objects.exists()


def test_only_officers_of_the_enterprise_customs_open_a_plan(
    catalogue, enterprise_b, officer_sh, business_types, today
):
    with pytest.raises(NotPermitted):
        plans.plan_open(
            actor=officer_sh,
            enterprise=enterprise_b,
            target_grade="advanced_certified",
            business_types=[business_types["customs_broker"]],
            starts_on=today,
            target_on=today + datetime.timedelta(days=700),
            officers=[officer_sh],
        )


@pytest.mark.parametrize("outsider", ["officer_sh", "coordinator", "enterprise_user_b"])
def test_a_plan_is_run_only_by_officers_of_the_enterprises_customs(
    request, catalogue, enterprise_b, officer, business_types, outsider, today
):
    with pytest.raises(ValidationError) as refused:
        plans.plan_open(
            actor=officer,
            enterprise=enterprise_b,
            target_grade="advanced_certified",
            business_types=[business_types["customs_broker"]],
            starts_on=today,
            target_on=today + datetime.timedelta(days=700),
            officers=[officer, request.getfixturevalue(outsider)],
        )
    assert "officers" in refused.value.message_dict
    assert not CultivationPlan.objects.exists()


@pytest.mark.parametrize("outsider", ["officer_sh", "coordinator", "enterprise_user"])
def test_a_gap_is_owned_by_the_enterprises_users_or_officers_of_its_customs(
    request, plan, officer, second_officer, plan_user, outsider, today
):
    record(plan, officer, today=today, **{"A-G-01": Result.FAILS})
    gap = plan.gaps.get()
    with pytest.raises(ValidationError) as refused:
        plans.gap_update(actor=officer, gap=gap, owner=request.getfixturevalue(outsider))
    assert "owner" in refused.value.message_dict
    for owner in (plan_user, second_officer):  # second_officer: Xihai, under the plan's Xining Customs
        plans.gap_update(actor=officer, gap=gap, owner=owner)
        gap.refresh_from_db()
        assert gap.owner == owner


def test_a_mock_review_is_scored_like_certification_and_opens_gaps(plan, officer, today):
    first = record(
        plan, officer, today=today, days_ago=200, **{"A-G-01": Result.FAILS, "A-G-54": Result.BASICALLY_MEETS}
    )
    assert not first.passed
    assert first.result["failing"] == ["A-G-01"]
    assert first.items_met == first.items_total - 2
    assert set(plan.gaps.values_list("item__code", "status")) == {("A-G-01", "open"), ("A-G-54", "open")}

    second = record(plan, officer, today=today, days_ago=10, **{"A-G-54": Result.BASICALLY_MEETS})
    assert second.passed  # one "basically meets" is within Order 282's limit
    gaps = dict(plan.gaps.values_list("item__code", "status"))
    assert gaps == {"A-G-01": "closed", "A-G-54": "open"}  # no second gap for A-G-54
    assert plan.gaps.get(item__code="A-G-01").closed_on == second.held_on


def test_an_incomplete_mock_review_is_refused_and_nothing_is_saved(plan, officer, today):
    results = results_for(plan)
    results.pop("A-G-01")
    with pytest.raises(ValidationError, match="A-G-01"):
        mock.mock_review_record(actor=officer, plan=plan, held_on=today, results=results)
    assert not plan.mock_reviews.exists()
    assert not plan.gaps.exists()


def test_the_gap_owner_reports_progress_but_only_customs_closes_it(
    plan, officer, plan_user, enterprise_user, today
):
    record(plan, officer, today=today, **{"A-G-01": Result.FAILS})
    gap = plan.gaps.get()
    plans.gap_update(actor=officer, gap=gap, owner=plan_user, due_on=today + datetime.timedelta(days=60))
    plans.gap_update(actor=plan_user, gap=gap, status=Gap.Status.IN_PROGRESS, progress="Policy drafted.")
    gap.refresh_from_db()
    assert (gap.status, gap.progress) == ("in_progress", "Policy drafted.")
    with pytest.raises(ValidationError):
        plans.gap_update(actor=plan_user, gap=gap, status=Gap.Status.CLOSED)
    with pytest.raises(NotPermitted):
        plans.gap_update(actor=plan_user, gap=gap, owner=plan_user)
    with pytest.raises(NotPermitted):
        plans.gap_update(actor=enterprise_user, gap=gap, progress="Not mine.")
    with pytest.raises(ValidationError):
        plans.gap_update(actor=officer, gap=gap, owner=enterprise_user)  # another enterprise's user
    plans.gap_update(actor=officer, gap=gap, status=Gap.Status.CLOSED)
    gap.refresh_from_db()
    assert gap.closed_on == today
    assert gap.history.count() == 3  # each change kept


def test_a_group_session_covers_several_plans_and_unshared_notes_stay_with_customs(
    plan, officer, offices, business_types, plan_user, today
):
    other = plans.plan_open(
        actor=officer,
        enterprise=EnterpriseFactory(
            customs_office=offices["9703"], business_types=[business_types["customs_broker"]]
        ),
        target_grade="certified",
        business_types=[business_types["customs_broker"]],
        starts_on=today,
        target_on=today + datetime.timedelta(days=365),
        officers=[officer],
    )
    common = {"mode": "online", "held_on": today, "attendees": "Both managers", "topics": "Internal control"}
    with pytest.raises(ValidationError) as error:
        sessions.session_record(actor=officer, kind="one_to_one", plans=[plan, other], **common)
    assert "plans" in error.value.message_dict
    group = sessions.session_record(actor=officer, kind="group", plans=[plan, other], **common)
    sessions.session_record(
        actor=officer,
        kind="one_to_one",
        plans=[plan],
        shared_with_enterprise=False,
        notes="Weak board.",
        **common,
    )
    assert set(group.plans.all()) == {plan, other}
    assert selectors.visible_sessions(officer, plan).count() == 2
    assert list(selectors.visible_sessions(plan_user, plan)) == [group]
    assert GuidanceSession.objects.count() == 2


def test_recommending_needs_a_passing_mock_review(plan, officer, today):
    record(plan, officer, today=today, **{"A-G-01": Result.FAILS})
    with pytest.raises(InvalidState):
        plans.plan_recommend(actor=officer, plan=plan)
    assert not Application.objects.exists()


def test_recommending_opens_a_prefilled_application_the_enterprise_submits(plan, officer, plan_user, today):
    record(plan, officer, today=today, **{"A-G-54": Result.BASICALLY_MEETS})
    plans.plan_recommend(actor=officer, plan=plan, note="Ready.")
    plan.refresh_from_db()
    application = plan.application
    assert (plan.status, application.status, application.target_grade) == (
        "recommended",
        "draft",
        "advanced_certified",
    )
    rows = {row.item.code: row for row in application.items.select_related("item")}
    assert rows["A-G-54"].self_assessment == Result.BASICALLY_MEETS
    assert "mock review" in rows["A-G-54"].explanation
    assert all(row.self_assessment for row in rows.values())
    assert Notification.objects.filter(recipient=plan_user, link=application.get_absolute_url()).exists()

    applications.application_submit(actor=plan_user, application=application)
    application.refresh_from_db()
    assert application.status == "submitted"
    with pytest.raises(InvalidState):
        plans.milestone_add(actor=officer, plan=plan, phase="application", title="More", due_on=today)


def test_conversion_counts_plans_that_led_to_certification(plan, officer, second_officer, today):
    record(plan, officer, today=today)
    plans.plan_recommend(actor=officer, plan=plan)
    plan.refresh_from_db()
    Application.objects.filter(pk=plan.application_id).update(status="certified", decided_at=timezone.now())
    figures = selectors.conversion(CultivationPlan.objects.all())
    assert (figures["ended"], figures["certified"], figures["rate"]) == (1, 1, 100)
    assert figures["median_months"] is not None


def test_an_exit_needs_a_reason_and_ends_the_plan(plan, officer, today):
    with pytest.raises(ValidationError):
        plans.plan_exit(actor=officer, plan=plan, reason="stalled", note="")
    plans.plan_exit(actor=officer, plan=plan, reason="stalled", note="No progress for a year.")
    plan.refresh_from_db()
    assert (plan.status, plan.exit_reason, plan.closed_on) == ("exited", "stalled", today)


def test_the_nightly_job_ends_plans_of_enterprises_found_dishonest(plan, enterprise_b, today):
    type(enterprise_b).objects.filter(pk=enterprise_b.pk).update(credit_grade="dishonest")
    assert plans.exit_dishonest_plans(as_of=today) == {"created": 1}
    plan.refresh_from_db()
    assert (plan.status, plan.exit_reason) == ("exited", "dishonest")
    assert plans.exit_dishonest_plans(as_of=today) == {"created": 0}


def test_milestones_are_reminded_a_week_ahead_and_once_overdue(plan, officer, plan_user, today):
    milestone = plan.milestones.order_by("due_on").first()
    Milestone.objects.filter(pk=milestone.pk).update(due_on=today + datetime.timedelta(days=5))
    Milestone.objects.exclude(pk=milestone.pk).update(completed_on=today)
    assert milestone_reminders(as_of=today) == {"created": 1}
    assert milestone_reminders(as_of=today) == {"created": 0}
    with translation.override(plan_user.preferred_language):
        due = format_date(today + datetime.timedelta(days=5))
    assert Notification.objects.filter(recipient=plan_user, subject__contains=due).count() == 1
    assert milestone_reminders(as_of=today + datetime.timedelta(days=6)) == {"created": 1}
    overdue = Reminder.objects.get(kind="milestone-overdue")
    assert overdue.recipients == 1  # the plan's officer only
    assert (
        Notification.objects.filter(recipient=officer, link=plan.get_absolute_url()).count() == 2
    )  # ahead, overdue
    plans.milestone_complete(actor=officer, milestone=milestone)
    assert milestone_reminders(as_of=today + datetime.timedelta(days=7)) == {"created": 0}

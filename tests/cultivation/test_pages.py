"""Cultivation pages: the selection screen to a plan, the plan page for officers and the enterprise,
the dashboard, and who sees what."""

import datetime

import pytest

from certification.models import Result
from cultivation import plans, sessions
from cultivation.models import Candidate, CultivationPlan, Gap, MockReview
from tests.cultivation.conftest import record, results_for
from tests.cultivation.test_pool import trading

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_from_the_selection_screen_to_a_plan(client, catalogue, offices, officer, business_types, today):
    lithium = trading(
        offices["9703"], 4200, 3100, today=today, name_en="Lithium Example", is_key_industry=True
    )
    lithium.business_types.set([business_types["consignee_consignor"]])
    trading(offices["9700"], 4200, 4200, today=today, name_en="Flat Example")
    client.force_login(officer)
    preview = client.get(
        "/cultivation/candidates/select/", {"min_growth_percent": 20, "key_industry": "on"}, **EN
    )
    page = preview.content.decode()
    assert "1 enterprise matches" in page
    assert "Lithium Example" in page
    assert "Flat Example" not in page

    refused = client.post("/cultivation/candidates/select/?key_industry=on", {"source": "selection"}, **EN)
    assert "Tick at least one enterprise." in refused.content.decode()
    assert not Candidate.objects.exists()
    client.post(
        "/cultivation/candidates/select/?key_industry=on",
        {"source": "selection", "enterprises": [lithium.pk]},
    )
    candidate = Candidate.objects.get()
    assert "Lithium Example" in client.get("/cultivation/candidates/", **EN).content.decode()

    form = client.get(f"/cultivation/plans/new/?candidate={candidate.pk}", **EN)
    assert "Open a cultivation plan" in form.content.decode()
    response = client.post(
        f"/cultivation/plans/new/?candidate={candidate.pk}",
        {
            "target_grade": "advanced_certified",
            "business_types": [business_types["consignee_consignor"].pk],
            "starts_on": today.isoformat(),
            "target_on": (today + datetime.timedelta(days=730)).isoformat(),
            "officers": [officer.pk],
        },
        **EN,  # the default milestones are named in the officer's language
    )
    plan = CultivationPlan.objects.get()
    assert response.url == f"/cultivation/plans/{plan.pk}/"
    candidate.refresh_from_db()
    assert candidate.status == "planned"
    page = client.get(response.url, **EN).content.decode()
    assert "Baseline review and gap analysis" in page
    assert "Record a baseline mock review" in page  # the empty gap analysis says what to do


def test_a_mock_review_page_refuses_a_missing_finding_then_scores(client, plan, officer, today):
    client.force_login(officer)
    url = f"/cultivation/plans/{plan.pk}/mock-reviews/new/"
    data = {
        f"result_{code}": result for code, result in results_for(plan, **{"A-G-01": Result.FAILS}).items()
    }
    data["held_on"] = today.isoformat()
    incomplete = {**data, "result_A-G-02": ""}
    assert "This field is required." in client.post(url, incomplete, **EN).content.decode()
    assert not MockReview.objects.exists()
    response = client.post(url, data)
    review = MockReview.objects.get()
    assert response.url == f"/cultivation/mock-reviews/{review.pk}/"
    detail = client.get(response.url, **EN).content.decode()
    assert "would not pass certification yet" in detail
    assert "1 item fails" in detail
    assert plan.gaps.get().item.code == "A-G-01"


def test_the_enterprise_sees_its_plan_gaps_assigned_to_it_and_only_shared_notes(
    client, plan, officer, plan_user, enterprise_user, today
):
    record(plan, officer, today=today, **{"A-G-01": Result.FAILS, "A-G-02": Result.FAILS})
    gap = plan.gaps.get(item__code="A-G-01")
    plans.gap_update(actor=officer, gap=gap, owner=plan_user)
    common = {"kind": "one_to_one", "mode": "on_site", "held_on": today, "attendees": "GM", "plans": [plan]}
    sessions.session_record(actor=officer, topics="Shared topic", notes="Shared note.", **common)
    sessions.session_record(actor=officer, topics="Internal topic", shared_with_enterprise=False, **common)

    client.force_login(plan_user)
    response = client.get("/cultivation/", **EN)
    assert response.url == plan.get_absolute_url()
    page = client.get(response.url, **EN).content.decode()
    assert "Assigned to you" in page
    assert page.index("A-G-01") < page.index("A-G-02")  # the user's own gap first
    assert "Shared note." in page
    assert "Internal topic" not in page
    assert "Recommend applying" not in page
    gap_page = client.get(f"/cultivation/gaps/{gap.pk}/", **EN).content.decode()
    assert 'value="closed"' not in gap_page  # closing is customs' call
    client.post(f"/cultivation/gaps/{gap.pk}/", {"status": "in_progress", "progress": "Drafting."})
    gap.refresh_from_db()
    assert gap.progress == "Drafting."

    client.force_login(enterprise_user)  # another enterprise
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(f"/cultivation/gaps/{gap.pk}/").status_code == 404
    assert client.get("/cultivation/candidates/").status_code == 403


def test_the_dashboard_counts_phases_overdue_milestones_and_conversion(
    client, plan, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    with django_assert_max_num_queries(16):
        page = client.get("/cultivation/", **EN).content.decode()
    assert "1 plan in cultivation, by phase" in page
    assert "overdue milestone" in page  # the plan started 400 days ago: its first milestones are late
    assert "No plan has ended yet." in page


def test_recommending_from_the_plan_page_opens_the_application(client, plan, officer, today):
    record(plan, officer, today=today)
    client.force_login(officer)
    response = client.post(plan.get_absolute_url(), {"form": "recommend", "note": "Ready."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "recommended"
    page = client.get(plan.get_absolute_url(), **EN).content.decode()
    assert plan.application.get_absolute_url() in page
    assert "Mark completed" not in page  # an ended plan no longer changes


def test_other_customs_and_coordinators_do_not_reach_the_plan(client, plan, officer_sh, coordinator):
    client.force_login(officer_sh)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert (
        client.post(plan.get_absolute_url(), {"form": "exit", "reason": "stalled", "note": "x"}).status_code
        == 404
    )
    client.force_login(coordinator)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get("/cultivation/candidates/select/").status_code == 403
    assert Gap.objects.count() == 0


def test_home_pages_say_what_cultivation_asks_next(client, plan, officer, plan_user, today):
    record(plan, officer, today=today, **{"A-G-01": Result.FAILS})
    plans.gap_update(
        actor=officer, gap=plan.gaps.get(), owner=plan_user, due_on=today + datetime.timedelta(days=30)
    )
    client.force_login(plan_user)
    home = client.get("/", **EN).content.decode()
    gap = plan.gaps.get()
    assert "What to do next" in home
    assert f"Close the gap {gap.item.code}" in home
    assert f"/cultivation/gaps/{gap.pk}/" in home
    client.force_login(officer)
    officer_home = client.get("/", **EN).content.decode()
    assert "Plans in cultivation" in officer_home
    assert "Overdue milestones" in officer_home


def test_a_preview_without_matches_says_so(client, offices, officer, today):
    trading(offices["9700"], 100, 100, today=today)
    client.force_login(officer)
    page = client.get("/cultivation/candidates/select/", {"min_declarations": 5000}, **EN).content.decode()
    assert "0 enterprises match" in page
    assert "No enterprise matches these criteria." in page
    bad = client.get("/cultivation/candidates/select/", {"min_declarations": -5}, **EN).content.decode()
    assert "Ensure this value is greater than or equal to 0." in bad


def test_an_officer_moves_a_milestone_within_the_plan(client, plan, officer, plan_user, today):
    milestone = plan.milestones.order_by("due_on").first()
    client.force_login(officer)
    outside = (plan.target_on + datetime.timedelta(days=1)).isoformat()
    refused = client.post(
        f"/cultivation/milestones/{milestone.pk}/move/", {"due_on": outside}, follow=True, **EN
    )
    assert "The milestone must fall within the plan" in refused.content.decode()
    later = today + datetime.timedelta(days=20)
    client.post(f"/cultivation/milestones/{milestone.pk}/move/", {"due_on": later.isoformat()})
    milestone.refresh_from_db()
    assert milestone.due_on == later
    client.force_login(plan_user)
    assert client.post(f"/cultivation/milestones/{milestone.pk}/move/", {"due_on": today}).status_code == 403

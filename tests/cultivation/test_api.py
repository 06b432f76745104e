"""The cultivation API: an integrator walks a plan from the pool to a recommendation; others get 404."""

import datetime

import pytest

from certification.models import Result
from cultivation.models import Candidate, CultivationPlan
from tests.cultivation.conftest import record, results_for
from tests.cultivation.test_pool import trading
from tests.security.oracle import assert_refused_alike

pytestmark = pytest.mark.django_db


def test_from_the_pool_to_a_recommendation_through_the_api(
    api_client_for, catalogue, offices, officer, business_types, django_assert_max_num_queries, today
):
    enterprise = trading(offices["9703"], 4200, 3100, today=today)
    enterprise.business_types.set([business_types["consignee_consignor"]])
    client = api_client_for(officer)
    refused = client.post("/api/v1/cultivation/candidates/", {"enterprises": []}, format="json")
    assert refused.status_code == 400
    added = client.post("/api/v1/cultivation/candidates/", {"enterprises": [enterprise.pk]}, format="json")
    assert added.status_code == 201
    candidate = added.json()[0]
    assert candidate["status"] == "in_pool"

    plan_data = {
        "enterprise": enterprise.pk,
        "candidate": candidate["id"],
        "target_grade": "advanced_certified",
        "business_types": ["consignee_consignor"],
        "starts_on": today.isoformat(),
        "target_on": (today - datetime.timedelta(days=1)).isoformat(),
        "officers": [officer.username],
    }
    bad = client.post("/api/v1/cultivation/plans/", plan_data, format="json")
    assert bad.status_code == 400
    assert "target_on" in bad.json()
    opened = client.post(
        "/api/v1/cultivation/plans/",
        {**plan_data, "target_on": (today + datetime.timedelta(days=730)).isoformat()},
        format="json",
    )
    assert opened.status_code == 201
    plan = opened.json()
    assert len(plan["milestones"]) == 5
    assert Candidate.objects.get().status == "planned"

    url = f"/api/v1/cultivation/plans/{plan['id']}"
    plan_object = CultivationPlan.objects.get()
    incomplete = client.post(
        f"{url}/mock-reviews/", {"held_on": today.isoformat(), "results": {}}, format="json"
    )
    assert incomplete.status_code == 400
    assert client.post(f"{url}/recommend/", {}, format="json").status_code == 409  # no passing review yet
    review = client.post(
        f"{url}/mock-reviews/",
        {"held_on": today.isoformat(), "results": results_for(plan_object, **{"A-G-01": "fails"})},
        format="json",
    )
    assert (review.status_code, review.json()["passed"]) == (201, False)
    gaps = client.get(f"{url}/gaps/").json()
    assert [gap["item"] for gap in gaps] == ["A-G-01"]
    patched = client.patch(
        f"/api/v1/cultivation/gaps/{gaps[0]['id']}/",
        {"status": "closed", "progress": "Fixed."},
        format="json",
    )
    assert patched.json()["status"] == "closed"
    milestone = plan["milestones"][0]["id"]
    moved = client.post(
        f"/api/v1/cultivation/milestones/{milestone}/move/",
        {"due_on": (today + datetime.timedelta(days=9)).isoformat()},
    )
    assert moved.json()["due_on"] == (today + datetime.timedelta(days=9)).isoformat()
    assert (
        client.post(f"/api/v1/cultivation/milestones/{milestone}/move/", {"due_on": "2001-01-01"}).status_code
        == 400
    )
    assert client.post(f"/api/v1/cultivation/milestones/{milestone}/complete/").json()["completed_on"]
    client.post(
        f"{url}/mock-reviews/",
        {"held_on": today.isoformat(), "results": results_for(plan_object)},
        format="json",
    )
    recommended = client.post(f"{url}/recommend/", {"note": "Ready."}, format="json")
    assert recommended.json()["status"] == "recommended"
    assert recommended.json()["application"]
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/cultivation/plans/").json()["count"] == 1


def test_outsiders_get_404_and_enterprises_cannot_run_plans(api_client_for, plan, officer_sh, plan_user):
    url = f"/api/v1/cultivation/plans/{plan.pk}/"
    assert api_client_for(officer_sh).get(url).status_code == 404
    assert (
        api_client_for(officer_sh)
        .post(f"{url}exit/", {"reason": "stalled", "note": "x"}, format="json")
        .status_code
        == 404
    )
    enterprise = api_client_for(plan_user)
    assert enterprise.get(url).status_code == 200
    assert (
        enterprise.post(f"{url}exit/", {"reason": "stalled", "note": "x"}, format="json").status_code == 403
    )
    assert enterprise.get("/api/v1/cultivation/candidates/").json()["count"] == 0
    assert enterprise.post("/api/v1/cultivation/sessions/", {}, format="json").status_code == 403
    plan.refresh_from_db()
    assert plan.status == "active"


def test_a_gap_owner_outside_the_plan_is_answered_as_a_name_no_user_has(
    api_client_for, plan, officer, officer_sh, enterprise_user, plan_user, today
):
    """Officers of another customs and another enterprise's users get the unknown name's answer."""
    record(plan, officer, today=today, **{"A-G-01": Result.FAILS})
    url = f"/api/v1/cultivation/gaps/{plan.gaps.get().pk}/"
    client = api_client_for(officer)
    assert_refused_alike(
        lambda name: client.patch(url, {"owner": name}, format="json"),
        [officer_sh.username, enterprise_user.username],
    )
    assert (
        client.patch(url, {"owner": plan_user.username}, format="json").json()["owner"] == plan_user.username
    )


def test_a_plan_officer_of_another_customs_is_answered_as_a_name_no_user_has(
    api_client_for, officer, officer_sh, enterprise_b, enterprise_user, catalogue, today
):
    client = api_client_for(officer)

    def open_plan(name):
        body = {
            "enterprise": enterprise_b.pk,
            "target_grade": "advanced_certified",
            "business_types": ["customs_broker"],
            "starts_on": today.isoformat(),
            "target_on": (today + datetime.timedelta(days=700)).isoformat(),
            "officers": [officer.username, name],
        }
        return client.post("/api/v1/cultivation/plans/", body, format="json")

    assert_refused_alike(open_plan, [officer_sh.username, enterprise_user.username])
    assert not CultivationPlan.objects.exists()

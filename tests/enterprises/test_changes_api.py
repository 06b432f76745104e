"""Change events and correction requests through the API, with the roles of the web pages."""

import datetime

import pytest

from enterprises.models import CorrectionRequest, EnterpriseEvent

pytestmark = pytest.mark.django_db


def test_officer_records_a_change_and_the_enterprise_reads_it(
    api_client_for, officer, enterprise_a, enterprise_user
):
    url = f"/api/v1/enterprises/{enterprise_a.pk}/events/"
    body = {"kind": "ownership", "occurred_on": "2026-10-01", "description": "New majority owner."}
    assert api_client_for(officer).post(url, body, format="json").status_code == 201
    future = {**body, "occurred_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()}
    assert api_client_for(officer).post(url, future, format="json").status_code == 400
    assert api_client_for(enterprise_user).post(url, body, format="json").status_code == 403

    listed = api_client_for(enterprise_user).get(url).json()
    assert [event["kind"] for event in listed["results"]] == ["ownership"]
    assert EnterpriseEvent.objects.count() == 1


def test_enterprise_requests_a_correction_and_others_cannot(
    api_client_for, officer, enterprise_a, enterprise_user
):
    url = f"/api/v1/enterprises/{enterprise_a.pk}/corrections/"
    body = {"field": "address", "correct_value": "西宁市示例路1号"}
    created = api_client_for(enterprise_user).post(url, body, format="json")
    assert created.status_code == 201
    assert created.json()["status"] == "open"
    assert api_client_for(enterprise_user).post(url, {"field": ""}, format="json").status_code == 400
    assert api_client_for(officer).post(url, body, format="json").status_code == 403
    assert api_client_for(officer).get(url).json()["count"] == 1
    assert CorrectionRequest.objects.count() == 1


def test_changes_of_an_invisible_enterprise_are_404(api_client_for, enterprise_b, enterprise_user):
    for path in ("events", "corrections"):
        assert (
            api_client_for(enterprise_user).get(f"/api/v1/enterprises/{enterprise_b.pk}/{path}/").status_code
            == 404
        )

"""The cases API: the enterprise opens and rates, the coordinator logs and closes, others get 404."""

import pytest
from django.utils import timezone

from tests.security.oracle import assert_refused_alike

pytestmark = pytest.mark.django_db


def test_a_case_goes_through_the_api(api_client_for, enterprise_a, enterprise_user, coordinator, officer):
    enterprise_client = api_client_for(enterprise_user)
    bad = enterprise_client.post("/api/v1/cases/", {"category": "gossip", "subject": "S", "description": "D"})
    assert bad.status_code == 400
    assert "category" in bad.json()
    opened = enterprise_client.post(
        "/api/v1/cases/",
        {"category": "difficult_matter", "subject": "Held shipment", "description": "Held since Monday."},
        format="json",
    )
    assert opened.status_code == 201
    case = opened.json()
    assert (case["coordinator"], case["status"]) == (coordinator.username, "open")

    coordinator_client = api_client_for(coordinator)
    url = f"/api/v1/cases/{case['id']}"
    site_visit = {
        "contact_at": timezone.now().isoformat(),
        "channel": "site_visit",
        "people": "Ma Li",
        "officers": [officer.username],
        "result": "Seen.",
    }
    assert coordinator_client.post(f"{url}/log/", site_visit, format="json").status_code == 400
    logged = coordinator_client.post(
        f"{url}/log/",
        {
            **site_visit,
            "officers": [officer.username, coordinator.username],
            "next_action": "Report by Monday",
        },
        format="json",
    )
    assert sorted(logged.json()["log"][0]["officers"]) == sorted([officer.username, coordinator.username])
    assert logged.json()["log"][0]["next_action"] == "Report by Monday"
    assert logged.json()["status"] == "in_progress"
    assert enterprise_client.post(f"{url}/close/", {"outcome": "Mine."}, format="json").status_code == 403
    closed = coordinator_client.post(f"{url}/close/", {"outcome": "Released."}, format="json")
    assert closed.json()["status"] == "closed"
    assert coordinator_client.post(f"{url}/close/", {"outcome": "Again."}, format="json").status_code == 409
    assert enterprise_client.post(f"{url}/rate/", {"rating": 9}, format="json").status_code == 400
    assert enterprise_client.post(f"{url}/rate/", {"rating": 5}, format="json").json()["rating"] == 5


def test_cases_outside_visibility_are_404(
    api_client_for, enterprise_a, enterprise_user, enterprise_user_b, officer_sh
):
    case = (
        api_client_for(enterprise_user)
        .post("/api/v1/cases/", {"category": "complaint", "subject": "S", "description": "D"}, format="json")
        .json()
    )
    for outsider in (enterprise_user_b, officer_sh):
        client = api_client_for(outsider)
        assert client.get(f"/api/v1/cases/{case['id']}/").status_code == 404
        assert client.get("/api/v1/cases/").json()["count"] == 0


def test_staff_outside_the_enterprises_customs_are_answered_as_a_name_no_user_has(
    api_client_for, enterprise_user, enterprise_user_b, coordinator, officer, officer_sh
):
    case = (
        api_client_for(enterprise_user)
        .post("/api/v1/cases/", {"category": "complaint", "subject": "S", "description": "D"}, format="json")
        .json()
    )
    client = api_client_for(coordinator)

    def log(name):
        body = {
            "contact_at": timezone.now().isoformat(),
            "channel": "site_visit",
            "people": "Ma Li",
            "officers": [officer.username, name],
            "result": "Seen.",
        }
        return client.post(f"/api/v1/cases/{case['id']}/log/", body, format="json")

    assert_refused_alike(log, [officer_sh.username, enterprise_user.username, enterprise_user_b.username])
    assert client.get(f"/api/v1/cases/{case['id']}/").json()["log"] == []

"""/api/v1/repair-applications/ and /api/v1/objections/: repair and objections for integrators."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation

from core.display import format_date
from enterprises.models import Objection, RepairApplication
from tests.factories.enterprises import PenaltyFactory, determined_proposal

pytestmark = pytest.mark.django_db

REPAIRS = "/api/v1/repair-applications/"
OBJECTIONS = "/api/v1/objections/"


@pytest.fixture
def dishonest_b(enterprise_b):
    """Enterprise B, determined under Art. 22(4) four months ago: repair possible after three."""
    determined_proposal(enterprise_b, code="art22-4", on=timezone.localdate() - relativedelta(months=4))
    return enterprise_b


def test_enterprise_applies_and_officer_approves(api_client_for, dishonest_b, enterprise_user_b, officer):
    client = api_client_for(enterprise_user_b)
    response = client.post(
        REPAIRS, {"enterprise": dishonest_b.pk, "corrective_actions": "Paid."}, format="json"
    )
    assert response.status_code == 201, response.content
    application_id = response.json()["id"]

    again = client.post(REPAIRS, {"enterprise": dishonest_b.pk, "corrective_actions": "Paid."}, format="json")
    assert again.status_code == 409

    forbidden = client.post(f"{REPAIRS}{application_id}/decide/", {"approve": True, "decision_number": "X"})
    assert forbidden.status_code == 403

    officer_client = api_client_for(officer)
    missing = officer_client.post(f"{REPAIRS}{application_id}/decide/", {"approve": True}, format="json")
    assert missing.status_code == 400
    assert "decision_number" in missing.json()
    decided = officer_client.post(
        f"{REPAIRS}{application_id}/decide/", {"approve": True, "decision_number": "XN-R-1"}, format="json"
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert decided.json()["decision_number"] == "XN-R-1"
    history = officer_client.get(f"/api/v1/enterprises/{dishonest_b.pk}/credit-history/").json()
    assert history["results"][0]["grade"] == "regular"


def test_too_early_is_a_409_naming_the_date(api_client_for, enterprise_b, enterprise_user_b):
    determined_proposal(enterprise_b, code="art22-2", on=timezone.localdate() - relativedelta(months=2))
    earliest = timezone.localdate() - relativedelta(months=2) + relativedelta(months=12)
    response = api_client_for(enterprise_user_b).post(
        REPAIRS,
        {"enterprise": enterprise_b.pk, "corrective_actions": "Fixed."},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    with translation.override("en"):
        assert format_date(earliest) in response.json()["detail"]
    assert not RepairApplication.objects.exists()


def test_applications_outside_visibility_answer_404(
    api_client_for, dishonest_b, enterprise_user_b, enterprise_user, officer_sh
):
    application = (
        api_client_for(enterprise_user_b)
        .post(REPAIRS, {"enterprise": dishonest_b.pk, "corrective_actions": "Paid."}, format="json")
        .json()
    )
    for user in (enterprise_user, officer_sh):
        client = api_client_for(user)
        assert client.get(f"{REPAIRS}{application['id']}/").status_code == 404
        assert client.get(REPAIRS).json()["count"] == 0
    other = api_client_for(enterprise_user).post(
        REPAIRS, {"enterprise": dishonest_b.pk, "corrective_actions": "Ours?"}, format="json"
    )
    assert other.status_code == 400  # not a visible enterprise
    assert "enterprise" in other.json()


def test_objection_filed_and_upheld(api_client_for, enterprise_a, enterprise_user, officer):
    penalty = PenaltyFactory(enterprise=enterprise_a, kind="administrative_smuggling")
    client = api_client_for(enterprise_user)
    both = client.post(OBJECTIONS, {"reason": "Wrong."}, format="json")
    assert both.status_code == 400
    filed = client.post(OBJECTIONS, {"penalty": penalty.pk, "reason": "Wrong company."}, format="json")
    assert filed.status_code == 201, filed.content
    body = filed.json()
    assert (body["record"], body["status"]) == (penalty.case_number, "open")

    answered = api_client_for(officer).post(
        f"{OBJECTIONS}{body['id']}/answer/", {"upheld": True, "answer": "Re-assigned."}, format="json"
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == Objection.Status.UPHELD
    public = (
        api_client_for(enterprise_user).get("/api/v1/public/enterprises/", {"q": enterprise_a.uscc}).json()
    )
    assert public["results"][0]["penalties"] == []


def test_another_enterprises_record_cannot_be_named(api_client_for, enterprise_b, enterprise_user):
    penalty = PenaltyFactory(enterprise=enterprise_b, kind="administrative_smuggling")
    response = api_client_for(enterprise_user).post(
        OBJECTIONS, {"penalty": penalty.pk, "reason": "Not ours."}, format="json"
    )
    assert response.status_code == 400
    assert "penalty" in response.json()
    assert not Objection.objects.exists()

"""/api/v1/proposals/: the determination workflow for integrators, with the contract's error codes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.determination import proposal_notify
from enterprises.models import DishonestProposal, DishonestStatement
from rulebooks.selectors import rulebook_in_force
from tests.factories.enterprises import DishonestProposalFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/proposals/"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(datetime.datetime(2026, 6, 3, 10, tzinfo=datetime.UTC))


@pytest.fixture
def proposal(enterprise_a, enterprise_user):
    return DishonestProposalFactory(enterprise=enterprise_a, grounds="Case 17.")


@pytest.fixture
def notified(proposal, officer):
    return proposal_notify(actor=officer, proposal=proposal)


def test_officer_creates_a_manual_proposal_and_a_repeat_returns_it(api_client_for, officer, enterprise_a):
    client = api_client_for(officer)
    body = {
        "enterprise": enterprise_a.pk,
        "criterion": "art22-8",
        "grounds": "Court ruling.",
        "evidence": ["R-1"],
    }
    created = client.post(URL, body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "proposed"
    assert created.json()["allowed_actions"] == ["notify", "drop"]
    assert client.post(URL, body, format="json").json()["id"] == created.json()["id"]
    assert DishonestProposal.objects.count() == 1


def test_create_refuses_bad_input_and_other_roles(
    api_client_for, officer, officer_sh, enterprise_a, enterprise_user, coordinator
):
    client = api_client_for(officer)
    missing = client.post(
        URL, {"enterprise": enterprise_a.pk, "criterion": "art22-8", "grounds": ""}, format="json"
    )
    assert missing.status_code == 400
    assert "grounds" in missing.json()
    unknown = client.post(
        URL, {"enterprise": enterprise_a.pk, "criterion": "nope", "grounds": "g"}, format="json"
    )
    assert unknown.status_code == 400
    assert "criterion" in unknown.json()
    outside = api_client_for(officer_sh).post(
        URL, {"enterprise": enterprise_a.pk, "criterion": "art22-8", "grounds": "g"}, format="json"
    )
    assert outside.status_code == 400
    assert "enterprise" in outside.json()
    for user in (enterprise_user, coordinator):
        refused = api_client_for(user).post(
            URL, {"enterprise": enterprise_a.pk, "criterion": "art22-8", "grounds": "g"}, format="json"
        )
        assert refused.status_code == 403
    assert not DishonestProposal.objects.exists()


def test_full_workflow_over_the_api(api_client_for, proposal, officer, enterprise_user, enterprise_a):
    officer_client, enterprise_client = api_client_for(officer), api_client_for(enterprise_user)
    assert enterprise_client.get(f"{URL}{proposal.pk}/").status_code == 404  # internal until notified
    notified = officer_client.post(
        f"{URL}{proposal.pk}/notify/", {"grounds": "Case 17, decided."}, format="json"
    )
    assert notified.status_code == 200
    assert notified.json()["statement_due"] == "2026-06-10"
    early = officer_client.post(f"{URL}{proposal.pk}/decide/", {"decision_number": "D-1"}, format="json")
    assert early.status_code == 409
    statement = enterprise_client.post(
        f"{URL}{proposal.pk}/statements/",
        {"text": "We paid.", "files": [SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof")], "final": True},
        format="multipart",
    )
    assert statement.status_code == 201, statement.json()
    assert statement.json()["attachments"][0]["original_name"] == "proof.pdf"
    assert statement.json()["final"] is True
    decided = officer_client.post(
        f"{URL}{proposal.pk}/decide/", {"decision_number": "D-1", "note": "Upheld."}, format="json"
    )
    assert decided.status_code == 200
    data = decided.json()
    assert (data["status"], data["decision_number"], data["publication_level"]) == (
        "determined",
        "D-1",
        "general",
    )
    assert data["published_until"] == "2027-06-03"
    seen = enterprise_client.get(f"{URL}{proposal.pk}/").json()
    assert seen["statements"][0]["text"] == "We paid."
    history = officer_client.get(f"/api/v1/enterprises/{enterprise_a.pk}/credit-history/").json()["results"]
    assert (history[0]["grade"], history[0]["decision_number"]) == ("dishonest", "D-1")


def test_wrong_state_is_409_and_wrong_role_403(
    api_client_for, notified, officer, enterprise_user, coordinator
):
    assert api_client_for(officer).post(f"{URL}{notified.pk}/notify/", {}, format="json").status_code == 200
    dropped = api_client_for(officer).post(f"{URL}{notified.pk}/drop/", {"reason": "Paid."}, format="json")
    assert dropped.json()["status"] == "dropped"
    again = api_client_for(officer).post(
        f"{URL}{notified.pk}/decide/", {"decision_number": "D"}, format="json"
    )
    assert again.status_code == 409
    late = api_client_for(enterprise_user).post(f"{URL}{notified.pk}/statements/", {"text": "x"})
    assert late.status_code == 409
    for user in (enterprise_user, coordinator):
        client = api_client_for(user)
        assert client.post(f"{URL}{notified.pk}/drop/", {"reason": "x"}, format="json").status_code == 403


def test_decide_and_drop_validate_their_input(api_client_for, notified, officer):
    client = api_client_for(officer)
    too_long = {"decision_number": "西" * 61}
    assert "decision_number" in client.post(f"{URL}{notified.pk}/decide/", too_long, format="json").json()
    # No number is needed: the decision takes its customs' next one, once the statement period ends.
    assert client.post(f"{URL}{notified.pk}/decide/", {}, format="json").status_code == 409
    assert "reason" in client.post(f"{URL}{notified.pk}/drop/", {"reason": ""}, format="json").json()


def test_bad_attachment_is_400_and_stores_nothing(api_client_for, notified, enterprise_user):
    response = api_client_for(enterprise_user).post(
        f"{URL}{notified.pk}/statements/",
        {"text": "See file.", "files": [SimpleUploadedFile("virus.exe", b"MZ")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "files" in response.json()
    assert not DishonestStatement.objects.exists()


def test_outside_visibility_is_404(api_client_for, officer_sh, enterprise_user_b, notified):
    for user in (officer_sh, enterprise_user_b):
        client = api_client_for(user)
        assert client.get(f"{URL}{notified.pk}/").status_code == 404
        assert client.post(f"{URL}{notified.pk}/drop/", {"reason": "x"}, format="json").status_code == 404
        assert client.get(URL).json()["count"] == 0


def test_list_filters_and_hides_internal_proposals_from_enterprises(
    api_client_for, officer, proposal, enterprise_user, enterprise_b
):
    other = DishonestProposalFactory(
        enterprise=enterprise_b, criterion=rulebook_in_force().criteria.get(code="art22-4"), grounds="g"
    )
    proposal_notify(actor=officer, proposal=other)
    client = api_client_for(officer)
    assert client.get(URL).json()["count"] == 2
    assert [p["id"] for p in client.get(URL, {"status": "notified"}).json()["results"]] == [other.pk]
    assert [p["id"] for p in client.get(URL, {"criterion_kind": "tax_arrears"}).json()["results"]] == [
        other.pk
    ]
    assert [p["id"] for p in client.get(URL, {"search": enterprise_b.uscc}).json()["results"]] == [other.pk]
    assert [p["id"] for p in client.get(URL, {"customs_office": "9703"}).json()["results"]] == [proposal.pk]
    assert client.get(URL, {"status": "bogus"}).status_code == 400
    assert api_client_for(enterprise_user).get(URL).json()["count"] == 0


def test_list_query_count_does_not_grow_with_rows(
    api_client_for, officer, offices, django_assert_max_num_queries
):
    criterion = rulebook_in_force().criteria.get(code="art22-2")
    for _ in range(12):
        DishonestProposalFactory(
            enterprise=EnterpriseFactory(customs_office=offices["9700"]), criterion=criterion, grounds="g"
        )
    client = api_client_for(officer)
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert response.json()["count"] == 12

"""What the pages tell a first-time user about the next step: the coordinator filter the workload page
links to, the officer waiting on a statement period, the enterprise that may apply for credit repair,
and the admin's prompt to give a new coordinator a profile."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import User
from enterprises import determination
from enterprises.models import LedgerEntry
from tests.factories.enterprises import (
    CoordinatorAssignmentFactory,
    DishonestProposalFactory,
    EnterpriseFactory,
    RepairApplicationFactory,
    determined_proposal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def client(client):
    """Pages in English, as the sentences below are matched in English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_register_narrows_to_one_coordinators_enterprises_within_visibility(
    client, officer, officer_sh, coordinator, enterprise_a, enterprise_b, offices
):
    shanghai = CoordinatorAssignmentFactory(
        enterprise=EnterpriseFactory(customs_office=offices["2210"]), coordinator=coordinator
    ).enterprise
    client.force_login(officer)
    page = client.get("/enterprises/", {"coordinator": coordinator.username}).content.decode()
    assert enterprise_a.uscc in page
    assert enterprise_b.uscc not in page
    assert shanghai.uscc not in page  # the same coordinator's, outside Xining's jurisdiction
    assert f"Enterprises that coordinator {coordinator.username} looks after." in page
    client.force_login(officer_sh)
    assert (
        enterprise_a.uscc
        not in client.get("/enterprises/", {"coordinator": coordinator.username}).content.decode()
    )


def test_an_ended_assignment_no_longer_counts_for_the_coordinator(client, officer, coordinator, enterprise_a):
    enterprise_a.coordinator_assignments.update(is_active=False)
    client.force_login(officer)
    assert (
        enterprise_a.uscc
        not in client.get("/enterprises/", {"coordinator": coordinator.username}).content.decode()
    )


def test_the_officer_is_told_when_the_decision_becomes_possible(client, officer, enterprise_b):
    proposal = DishonestProposalFactory(enterprise=enterprise_b, grounds="Smuggling case 7.")
    determination.proposal_notify(actor=officer, proposal=proposal)
    client.force_login(officer)
    page = client.get(f"/enterprises/proposals/{proposal.pk}/").content.decode()
    assert 'id="next-step"' in page
    assert "decide after that, or once it declares that it has nothing more to state" in page
    assert 'id="action-decide"' not in page


def test_the_enterprise_is_pointed_to_credit_repair_then_told_it_is_considered(
    client, enterprise_user_b, enterprise_b
):
    proposal = determined_proposal(enterprise_b)
    LedgerEntry.objects.filter(pk=proposal.ledger_entry_id).update(
        effective_from=timezone.localdate() - relativedelta(months=13)
    )
    client.force_login(enterprise_user_b)
    page = client.get(f"/enterprises/{enterprise_b.pk}/").content.decode()
    assert "you can apply for credit repair to restore the regular grade" in page
    RepairApplicationFactory(enterprise=enterprise_b, applied_by=enterprise_user_b)
    page = client.get(f"/enterprises/{enterprise_b.pk}/").content.decode()
    assert "Your application for credit repair is being considered" in page
    assert f'href="/enterprises/{enterprise_b.pk}/repair/"' not in page


def test_a_dishonest_enterprise_inside_the_waiting_period_is_told_when(
    client, enterprise_user_b, enterprise_b
):
    determined_proposal(enterprise_b, on=timezone.localdate() - datetime.timedelta(days=10))
    client.force_login(enterprise_user_b)
    page = client.get(f"/enterprises/{enterprise_b.pk}/").content.decode()
    assert "Your enterprise is determined dishonest." in page
    assert "Credit repair can be applied for from" in page


def test_the_admin_prompts_for_the_profile_of_a_new_coordinator(client, administrator, offices):
    client.force_login(administrator)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "coord_new",
            "full_name": "Li Na",
            "role": "coordinator",
            "office": offices["9703"].pk,
            "password1": "Highland-Coordinator-2026",
            "password2": "Highland-Coordinator-2026",
        },
        follow=True,
    )
    new = User.objects.get(username="coord_new")
    page = response.content.decode()
    assert "add the profile" in page
    # The profile belongs to the directly-under customs (Xining) above Xihai.
    assert (
        f"/admin/coordination/coordinatorprofile/add/?user={new.pk}&amp;office={offices['9700'].pk}" in page
    )


def test_the_admin_does_not_prompt_for_an_officer(client, administrator, offices):
    client.force_login(administrator)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "officer_new",
            "role": "officer",
            "office": offices["9700"].pk,
            "password1": "Highland-Officer-2026",
            "password2": "Highland-Officer-2026",
        },
        follow=True,
    )
    assert User.objects.get(username="officer_new").is_staff
    assert "add the profile" not in response.content.decode()

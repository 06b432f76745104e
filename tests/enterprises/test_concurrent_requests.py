"""Register and determination forms sent twice at the same moment, through the pages and the API:
one effect, and a clear answer (the same result, or the reason) to the second request."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import ActivityEntry
from enterprises.determination import proposal_notify
from enterprises.models import DishonestStatement, Enterprise, LedgerEntry, RepairApplication
from notifications.models import Notification
from tests.concurrency import double_click, require_postgresql, run_together, signed_in
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import DishonestProposalFactory, determined_proposal, valid_uscc

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REPAIRS = "/api/v1/repair-applications/"


@pytest.fixture(autouse=True)
def _postgresql():
    require_postgresql()


def test_a_statement_and_a_determination_sent_twice_count_once(
    api_client_for, enterprise_a, enterprise_user, officer
):
    proposal = proposal_notify(
        actor=officer, proposal=DishonestProposalFactory(enterprise=enterprise_a, grounds="Case 17.")
    )
    client = signed_in(enterprise_user)
    statement = {
        "action": "statement",
        "statement-text": "The tax was paid on 2 June.",
        "statement-final": "on",
    }
    url = f"/enterprises/proposals/{proposal.pk}/"
    sent = run_together(
        lambda: client.post(url, statement, **EN), lambda: double_click(client).post(url, statement, **EN)
    )
    assert [response.status_code for response in sent] == [302, 302]
    assert DishonestStatement.objects.filter(proposal=proposal).count() == 1
    assert Notification.objects.filter(recipient=officer, link=url).count() == 1  # "statement received"

    decision, officers = {"decision_number": "XN-D-17"}, [api_client_for(officer) for _ in range(2)]
    decide = f"/api/v1/proposals/{proposal.pk}/decide/"
    answers = run_together(*(lambda api=api: api.post(decide, decision, format="json") for api in officers))
    assert [answer.status_code for answer in answers] == [200, 200]
    assert {answer.json()["status"] for answer in answers} == {"determined"}
    assert LedgerEntry.objects.filter(enterprise=enterprise_a, cause="determination").count() == 1
    assert ActivityEntry.objects.filter(verb="proposal.determined").count() == 1
    assert Notification.objects.filter(recipient=enterprise_user, link=url).count() == 2  # notice, decision


def test_a_repair_application_sent_twice_at_once_is_made_once(
    api_client_for, enterprise_b, enterprise_user_b
):
    determined_proposal(enterprise_b, code="art22-4", on=timezone.localdate() - relativedelta(months=4))
    body, url = {"enterprise": enterprise_b.pk, "corrective_actions": "Paid the arrears."}, REPAIRS
    users = [api_client_for(enterprise_user_b) for _ in range(2)]
    answers = run_together(*(lambda api=api: api.post(url, body, format="json", **EN) for api in users))
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    refused = next(answer for answer in answers if answer.status_code == 409)
    assert refused.json() == {"detail": "An application for credit repair is already being considered."}
    assert RepairApplication.objects.filter(enterprise=enterprise_b).count() == 1


def test_an_enterprise_registered_twice_at_once_is_registered_once(api_client_for, business_types, offices):
    officer = UserFactory(role="officer", office=offices["9700"])
    body = {
        "uscc": valid_uscc(9_000_002),
        "customs_code": "9703000998",
        "name": "青海重复提交有限公司",
        "customs_office": "9703",
        "business_types": ["customs_broker"],
    }
    officers = [api_client_for(officer) for _ in range(2)]
    answers = run_together(
        *(lambda api=api: api.post("/api/v1/enterprises/", body, format="json", **EN) for api in officers)
    )
    assert sorted(answer.status_code for answer in answers) == [201, 400]
    assert "already" in str(next(answer for answer in answers if answer.status_code == 400).json())
    assert Enterprise.objects.filter(uscc=body["uscc"]).count() == 1
    assert LedgerEntry.objects.filter(enterprise__uscc=body["uscc"]).count() == 1

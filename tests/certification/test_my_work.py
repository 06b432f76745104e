"""Officers' "My work": each hand-off shows in the work list of whoever acts next, soonest deadline
first, and nothing of another office or another team."""

import datetime
import re

import pytest
from django.urls import reverse

from certification import applications, review
from enterprises.determination import proposal_notify, statement_submit
from enterprises.models import DishonestProposal
from portal.my_work import my_work
from tests.certification.conftest import find_all
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import (
    DishonestProposalFactory,
    ObjectionFactory,
    PenaltyFactory,
    RepairApplicationFactory,
)

pytestmark = pytest.mark.django_db


def titles(user, today=None):
    return [step.title for step in my_work(user, today)]


def test_a_submitted_application_waits_for_the_officers_of_its_customs_only(
    submitted, officer, second_officer, officer_sh
):
    assert titles(officer) == ["Accept or return the application of Qinghai B Co., Ltd."]
    assert titles(second_officer) == []  # Xihai sits below Xining; the enterprise is Xining's own
    assert titles(officer_sh) == []


def test_the_audit_waits_for_the_team_and_answers_for_the_team_to_review(
    under_audit, officer, second_officer, enterprise_user_b, today
):
    stranger = UserFactory(username="officer_xn2", role="officer", office=officer.office)
    assert titles(second_officer) == ["Record the findings on Qinghai B Co., Ltd. and propose the decision"]
    assert titles(stranger) == []  # the office's officer who is not on the team
    find_all(under_audit, officer)
    row = under_audit.items.filter(item__rectifiable=True).first()
    row.finding, row.finding_notes = "fails", "Short."
    row.save()
    review.rectification_request(
        actor=officer,
        application=under_audit,
        requests={row.pk: "Fix."},
        due=today + datetime.timedelta(days=9),
    )
    assert titles(second_officer) == []  # waiting for the enterprise
    applications.rectification_answer(actor=enterprise_user_b, application_item=row, answer="Fixed.")
    assert titles(second_officer) == ["Review the rectification answers of Qinghai B Co., Ltd."]


def test_a_proposal_waits_for_review_then_for_the_decision_once_the_enterprise_has_said_all(
    enterprise_b, officer, enterprise_user_b
):
    proposal = DishonestProposalFactory(enterprise=enterprise_b, grounds="Smuggling case 2026-17 decided.")
    article = proposal.criterion.display_article
    assert titles(officer) == [
        f"Review the dishonest proposal for Qinghai B Co., Ltd. ({article}) and send the pre-notice"
    ]
    proposal_notify(actor=officer, proposal=proposal)
    assert titles(officer) == []  # the statement period runs
    statement_submit(actor=enterprise_user_b, proposal=proposal, text="Nothing to add.", final=True)
    assert titles(officer) == [f"Decide on the dishonest proposal for Qinghai B Co., Ltd. ({article})"]
    DishonestProposal.objects.filter(pk=proposal.pk).update(status=DishonestProposal.Status.DETERMINED)
    assert titles(officer) == []


def test_work_comes_soonest_deadline_first_with_its_state(client, enterprise_b, officer, today):
    RepairApplicationFactory(enterprise=enterprise_b, answer_due=datetime.date(2026, 12, 20))
    ObjectionFactory(
        penalty=PenaltyFactory(enterprise=enterprise_b),
        reference="YY1",
        recheck_due=datetime.date(2026, 12, 1),
    )
    work = my_work(officer, datetime.date(2026, 12, 14))
    assert [(step.kind, step.due, step.urgency, step.days) for step in work] == [
        ("objection", datetime.date(2026, 12, 1), "overdue", 13),
        ("repair", datetime.date(2026, 12, 20), "soon", 6),
    ]
    client.force_login(officer)
    page = client.get(reverse("my-work"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("Re-check the objection YY1") < page.index("Decide the credit repair application")


def test_the_officer_home_opens_with_my_work_and_the_header_counts_it(client, submitted, officer):
    client.force_login(officer)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert home.index('id="my-work"') < home.index("Enterprises in jurisdiction")
    assert "Accept or return the application of Qinghai B Co., Ltd." in home
    inbox = client.get(reverse("inbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r"href=\"/work/\">[^<]+<span class=\"badge rounded-pill text-bg-light\">1<", inbox)


def test_an_enterprise_user_has_no_officers_work_list(client, enterprise_user_b):
    client.force_login(enterprise_user_b)
    assert client.get(reverse("my-work")).status_code == 403


def test_an_empty_work_list_says_what_will_appear(client, officer_sh):
    client.force_login(officer_sh)
    page = client.get(reverse("my-work"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing is waiting for you." in page

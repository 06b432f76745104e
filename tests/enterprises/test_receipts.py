"""Every filing by an enterprise has a receipt: a PDF with its number, when customs received it and
what was filed."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coordination import cases
from enterprises.determination import proposal_notify, statement_submit
from tests.factories.enterprises import (
    DishonestProposalFactory,
    ObjectionFactory,
    PenaltyFactory,
    RepairApplicationFactory,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def on_3_june(time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 6, 3, 10, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    )


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.split())


def test_a_statement_has_a_receipt_with_its_number_time_and_text(
    client, on_3_june, enterprise_a, enterprise_user, officer
):
    proposal = DishonestProposalFactory(enterprise=enterprise_a, grounds="Smuggling case 2026-17 decided.")
    proposal_notify(actor=officer, proposal=proposal)
    statement = statement_submit(
        actor=enterprise_user, proposal=proposal, text="The case concerns another company."
    )
    client.force_login(enterprise_user)
    page = client.get(reverse("proposal-detail", args=[proposal.pk]), **EN).content.decode()
    assert reverse("statement-receipt", args=[statement.pk]) in page
    text = pdf_text(client.get(reverse("statement-receipt", args=[statement.pk]), **EN))
    for expected in (
        "Receipt of a statement",
        f"CS20260603{statement.pk:07d}",
        "3 Jun 2026, 10:15",
        "Qinghai A Co., Ltd.",
        proposal.notice_number,
        "The case concerns another company.",
        "Xining Customs",  # the directly-under customs that issues it
    ):
        assert expected in text


def test_a_repair_application_an_objection_and_a_case_have_receipts(
    client, on_3_june, enterprise_a, enterprise_user, officer, coordinator
):
    repair = RepairApplicationFactory(
        enterprise=enterprise_a, applied_by=enterprise_user, answer_due=datetime.date(2026, 6, 23)
    )
    objection = ObjectionFactory(
        penalty=PenaltyFactory(enterprise=enterprise_a),
        filed_by=enterprise_user,
        reference="YY20260603T00001",
        recheck_due=datetime.date(2026, 6, 23),
    )
    case = cases.case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category="policy_consultation",
        subject="Heading of tellurium",
        description="Which heading applies?",
    )
    client.force_login(officer)
    repair_text = pdf_text(client.get(reverse("repair-receipt", args=[repair.pk]), **EN))
    assert f"XF20260603{repair.pk:07d}" in repair_text
    assert "Customs answers by 23 Jun 2026." in repair_text
    objection_text = pdf_text(client.get(reverse("objection-receipt", args=[objection.pk]), **EN))
    assert "YY20260603T00001" in objection_text
    assert "answers by 23 Jun 2026" in objection_text
    client.force_login(enterprise_user)
    case_text = pdf_text(client.get(reverse("case-receipt", args=[case.pk]), **EN))
    assert f"FW20260603{case.pk:07d}" in case_text
    assert "Heading of tellurium" in case_text


def test_another_enterprise_gets_no_receipt(client, enterprise_a, enterprise_user, enterprise_user_b):
    case = cases.case_open(
        actor=enterprise_user,
        enterprise=enterprise_a,
        category="policy_consultation",
        subject="Heading",
        description="Which?",
    )
    client.force_login(enterprise_user_b)
    assert client.get(reverse("case-receipt", args=[case.pk])).status_code == 404

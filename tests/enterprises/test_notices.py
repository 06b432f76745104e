"""What a determination must tell the enterprise: the numbers in its customs' format on the pre-notice
and the decision, the remedies (reconsideration within 60 days, before the General Administration;
litigation within 6 months), and for the serious-dishonesty list the measures and how the listing ends;
on the pages, the PDFs, the e-mail and the API."""

import datetime
import io

import pytest
from django.core import mail
from pypdf import PdfReader

from enterprises.determination import proposal_decide, proposal_notify, statement_submit
from rulebooks.selectors import rulebook_in_force
from tests.factories.enterprises import DishonestProposalFactory, EnterpriseMembershipFactory

pytestmark = pytest.mark.django_db

LIST = "/enterprises/proposals/"


@pytest.fixture(autouse=True)
def _on_3_june_2026(travel):
    travel(datetime.date(2026, 6, 3))


def decided(officer, enterprise, user, code="art22-2"):
    proposal = DishonestProposalFactory(
        enterprise=enterprise, criterion=rulebook_in_force().criteria.get(code=code), grounds="Case XN-17."
    )
    proposal = proposal_notify(actor=officer, proposal=proposal)
    statement_submit(actor=user, proposal=proposal, text="We accept.", final=True)
    return proposal_decide(actor=officer, proposal=proposal)


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_decision_states_its_number_and_the_remedies_in_both_languages(
    client, officer, enterprise_a, enterprise_user
):
    proposal = decided(officer, enterprise_a, enterprise_user)
    assert (proposal.notice_number, proposal.decision_number) == (
        "西关信字〔2026〕1号",
        "西关信字〔2026〕2号",
    )
    client.force_login(enterprise_user)
    english = pdf_text(client.get(f"{LIST}{proposal.pk}/decision.pdf", HTTP_ACCEPT_LANGUAGE="en"))
    for expected in (
        "西关信字〔2026〕2号",
        "Qinghai A Co., Ltd.",
        "General Administration of Customs",
        "within 60 days",
        "within 6 months",
        "people's court",
        "西宁海关",  # issued in the name of Xining Customs, whose register numbers it
    ):
        assert expected in english.replace("\n", " ")
    assert "Conditions and procedure for removal" not in english
    chinese = pdf_text(client.get(f"{LIST}{proposal.pk}/decision.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    chinese = chinese.replace("\n", "")
    # The reconsideration body by its Chinese name; the sentence itself reads as the catalogue has it.
    assert "海关总署" in chinese
    assert "西关信字〔2026〕2号" in chinese


def test_a_serious_list_decision_also_states_the_measures_and_the_way_off_the_list(
    client, officer, enterprise_b, enterprise_user_b
):
    proposal = decided(officer, enterprise_b, enterprise_user_b, code="serious-1")
    measures = rulebook_in_force().measures.filter(grade=proposal.criterion.resulting_grade)
    assert measures.exists()
    client.force_login(officer)
    text = pdf_text(client.get(f"{LIST}{proposal.pk}/decision.pdf", HTTP_ACCEPT_LANGUAGE="en")).replace(
        "\n", " "
    )
    assert "Decision on listing as seriously dishonest" in text
    assert "may not apply for credit repair" in text
    assert "Once 24 consecutive months have passed" in text  # Order 282 carries Order 251's two years
    assert "joint punishment" in text
    for measure in measures:
        assert measure.title_en[:30] in text
    assert "within 60 days" in text
    page = client.get(f"{LIST}{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Conditions and procedure for removal from the list" in page
    assert "Once 24 consecutive months have passed" in page


def test_the_decision_pdf_exists_only_once_decided(client, officer, enterprise_a, enterprise_user):
    proposal = proposal_notify(
        actor=officer, proposal=DishonestProposalFactory(enterprise=enterprise_a, grounds="Case XN-17.")
    )
    client.force_login(officer)
    assert client.get(f"{LIST}{proposal.pk}/decision.pdf").status_code == 404


def test_the_decision_e_mail_states_the_remedies(
    officer, enterprise_a, enterprise_user, django_capture_on_commit_callbacks
):
    enterprise_user.preferred_language = "en"
    enterprise_user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided(officer, enterprise_a, enterprise_user)
    decision = next(message for message in mail.outbox if "Decision" in message.subject)
    body = " ".join(decision.body.split())
    assert "西关信字〔2026〕2号" in body
    assert (
        "apply to General Administration of Customs for administrative reconsideration within 60 days" in body
    )
    assert "within 6 months" in body


def test_the_api_gives_the_numbers_the_pdfs_and_the_remedies(
    api_client_for, officer, enterprise_a, enterprise_user
):
    proposal = decided(officer, enterprise_a, enterprise_user)
    data = api_client_for(officer).get(f"/api/v1/proposals/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (data["notice_number"], data["decision_number"]) == ("西关信字〔2026〕1号", "西关信字〔2026〕2号")
    assert data["notice_pdf_url"] == f"{LIST}{proposal.pk}/notice.pdf"
    assert data["decision_pdf_url"] == f"{LIST}{proposal.pk}/decision.pdf"
    assert "within 60 days" in data["remedies"]
    assert "within 6 months" in data["remedies"]


def test_the_remedy_periods_are_the_rulebooks(client, officer, enterprise_a, enterprise_user):
    """A later rulebook version with other periods states those (the figures are data, not text)."""
    rulebook = rulebook_in_force()
    rulebook.reconsideration_days, rulebook.litigation_months = 90, 12
    rulebook.save()
    proposal = decided(officer, enterprise_a, enterprise_user)
    client.force_login(officer)
    text = pdf_text(client.get(f"{LIST}{proposal.pk}/decision.pdf", HTTP_ACCEPT_LANGUAGE="en"))
    assert "within 90 days" in text.replace("\n", " ")
    assert "within 12 months" in text.replace("\n", " ")


def test_shanghai_numbers_its_own_register_under_its_name_until_a_prefix_is_set(officer_sh, enterprise_sh):
    user = EnterpriseMembershipFactory(enterprise=enterprise_sh).user
    proposal = decided(officer_sh, enterprise_sh, user)
    assert (proposal.notice_number, proposal.decision_number) == (
        "上海海关信字〔2026〕1号",
        "上海海关信字〔2026〕2号",
    )

"""The proposal queue, the proposal page with its action forms, the PDF notice and attachment downloads."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from enterprises.determination import proposal_notify, statement_submit
from enterprises.models import DishonestProposal, DishonestStatement
from rulebooks.selectors import rulebook_in_force
from tests.factories.enterprises import DishonestProposalFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

LIST = "/enterprises/proposals/"


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(datetime.datetime(2026, 6, 3, 10, tzinfo=datetime.UTC))


@pytest.fixture
def proposal(enterprise_a, enterprise_user):
    return DishonestProposalFactory(
        enterprise=enterprise_a, grounds="Smuggling case XN-17.", figures={"fine_total": "120000.00"}
    )


@pytest.fixture
def notified(proposal, officer):
    return proposal_notify(actor=officer, proposal=proposal)


def page(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_officer_queue_filters_and_counts(client, officer, proposal, enterprise_b):
    other = DishonestProposalFactory(
        enterprise=enterprise_b, criterion=rulebook_in_force().criteria.get(code="art22-4"), grounds="g"
    )
    proposal_notify(actor=officer, proposal=other)
    client.force_login(officer)
    everything = page(client, LIST)
    assert "Qinghai A Co., Ltd." in everything
    assert "Qinghai B Co., Ltd." in everything
    assert 'Enterprise notified <span class="badge text-bg-light border">1</span>' in everything
    notified_only = page(client, LIST, status="notified")
    assert "Qinghai B Co., Ltd." in notified_only
    assert "Qinghai A Co., Ltd." not in notified_only
    assert "Qinghai A Co., Ltd." not in page(client, LIST, kind="tax_arrears")
    assert "Qinghai B Co., Ltd." not in page(client, LIST, q=proposal.enterprise.uscc)
    assert "No proposal matches these filters." in page(client, LIST, office="9703", status="dropped")


def test_queue_query_count_does_not_grow_with_rows(client, officer, offices, django_assert_max_num_queries):
    criterion = rulebook_in_force().criteria.get(code="art22-2")
    for _ in range(30):
        DishonestProposalFactory(
            enterprise=EnterpriseFactory(customs_office=offices["9700"]), criterion=criterion, grounds="g"
        )
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        body = page(client, LIST)
    assert "Showing 1–25 of 30" in body


def test_enterprise_user_sees_only_notified_proposals_of_its_own_enterprise(
    client, officer, proposal, enterprise_user, enterprise_user_b
):
    client.force_login(enterprise_user)
    assert "No proposal matches" in page(client, LIST)
    assert client.get(f"{LIST}{proposal.pk}/").status_code == 404
    proposal_notify(actor=officer, proposal=proposal)
    body = page(client, f"{LIST}{proposal.pk}/")
    assert "Smuggling case XN-17." in body
    assert "Submit a statement" in body
    assert "Send the pre-notice" not in body
    assert "Determine dishonest" not in body
    client.force_login(enterprise_user_b)
    assert client.get(f"{LIST}{proposal.pk}/").status_code == 404
    assert client.get(f"{LIST}{proposal.pk}/notice.pdf").status_code == 404


def test_the_enterprise_list_leaves_out_what_only_concerns_officers(client, notified, enterprise_user):
    """One enterprise's notices: no enterprise, USCC or office columns or filters to scroll past."""
    client.force_login(enterprise_user)
    body = page(client, LIST)
    assert f'href="{LIST}{notified.pk}/">article not verified</a>' in body  # Order 282: no number yet
    for officer_only in (">USCC</th>", ">Customs office</th>", 'name="q"', 'name="office"'):
        assert officer_only not in body


def test_officer_outside_the_jurisdiction_gets_404(client, officer_sh, notified):
    client.force_login(officer_sh)
    for url in (f"{LIST}{notified.pk}/", f"{LIST}{notified.pk}/notice.pdf"):
        assert client.get(url).status_code == 404
    assert client.post(f"{LIST}{notified.pk}/", {"action": "drop", "drop-reason": "x"}).status_code == 404


def test_officer_reviews_notifies_and_drops_through_the_page(client, officer, proposal, enterprise_user):
    client.force_login(officer)
    body = page(client, f"{LIST}{proposal.pk}/")
    assert "Send the pre-notice" in body
    assert "Internal to customs" in body
    response = client.post(
        f"{LIST}{proposal.pk}/", {"action": "notify", "notify-grounds": "Reviewed: case XN-17."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.grounds) == ("notified", "Reviewed: case XN-17.")
    assert enterprise_user.notifications.count() == 1
    refused = client.post(
        f"{LIST}{proposal.pk}/",
        {"action": "decide", "decide-decision_number": "D-1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 302
    assert "may state its case until 10 Jun 2026" in page(client, f"{LIST}{proposal.pk}/")
    empty = client.post(
        f"{LIST}{proposal.pk}/", {"action": "drop", "drop-reason": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    client.post(f"{LIST}{proposal.pk}/", {"action": "drop", "drop-reason": "Paid in full."})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.drop_reason) == ("dropped", "Paid in full.")


def test_enterprise_states_its_case_and_officer_decides(client, officer, notified, enterprise_user):
    client.force_login(enterprise_user)
    upload = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof")
    response = client.post(
        f"{LIST}{notified.pk}/",
        {
            "action": "statement",
            "statement-text": "We paid.",
            "statement-files": [upload],
            "statement-final": "on",
        },
    )
    assert response.status_code == 302
    attachment = DishonestStatement.objects.get().attachments.get()
    download = client.get(f"/enterprises/statement-attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 proof"
    assert (
        client.post(f"{LIST}{notified.pk}/", {"action": "decide", "decide-decision_number": "D"}).status_code
        == 403
    )
    client.force_login(officer)
    body = page(client, f"{LIST}{notified.pk}/")
    assert "proof.pdf" in body
    client.post(f"{LIST}{notified.pk}/", {"action": "decide", "decide-note": ""})
    notified.refresh_from_db()
    assert notified.status == DishonestProposal.Status.DETERMINED
    # The decision takes the next number of Xining Customs' register, after the pre-notice's.
    assert notified.ledger_entry.decision_number == "西关信字〔2026〕2号"
    decided = page(client, f"{LIST}{notified.pk}/")
    assert "西关信字〔2026〕2号" in decided
    assert "within 60 days of learning of it" in decided


def test_statement_with_a_bad_file_shows_the_error_and_saves_nothing(client, notified, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        f"{LIST}{notified.pk}/",
        {
            "action": "statement",
            "statement-text": "See file.",
            "statement-files": [SimpleUploadedFile("run.exe", b"MZ")],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "only PDF, JPG, PNG, DOCX and XLSX" in response.content.decode()
    assert not DishonestStatement.objects.exists()


def test_attachments_are_private_to_those_who_see_the_proposal(
    client, notified, enterprise_user, enterprise_user_b, officer_sh
):
    statement = statement_submit(
        actor=enterprise_user,
        proposal=notified,
        text="Proof.",
        files=[SimpleUploadedFile("proof.pdf", b"%PDF-1.4 proof")],
    )
    url = f"/enterprises/statement-attachments/{statement.attachments.get().pk}/"
    for outsider in (enterprise_user_b, officer_sh):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_notice_pdf_states_enterprise_grounds_and_due_date(client, officer, notified, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get(f"{LIST}{notified.pk}/notice.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Qinghai A Co., Ltd.",
        notified.enterprise.uscc,
        "10 Jun 2026",
        "article not verified",  # Order 282: no article number yet
        "XN-17",
    ):
        assert expected in text
    assert "西关信字〔2026〕1号" in text  # the notice number in Xining Customs' format
    client.force_login(officer)
    chinese = client.get(f"{LIST}{notified.pk}/notice.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans").content
    assert "青海甲公司" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(chinese)).pages)


def test_notice_pdf_exists_only_once_notified(client, officer, proposal):
    client.force_login(officer)
    assert client.get(f"{LIST}{proposal.pk}/notice.pdf").status_code == 404


def test_officer_proposes_from_the_enterprise_page(
    client, officer, enterprise_a, enterprise_user, coordinator
):
    url = f"/enterprises/{enterprise_a.pk}/proposals/new/"
    criterion = rulebook_in_force().criteria.get(code="art22-8")
    for user in (enterprise_user, coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(officer)
    assert "article not verified Other cases set by law" in page(client, url)
    invalid = client.post(url, {"criterion": criterion.pk, "grounds": ""})
    assert invalid.status_code == 200
    response = client.post(
        url, {"criterion": criterion.pk, "grounds": "Court ruling 5.", "evidence": "R-5\n\nR-6"}
    )
    proposal = DishonestProposal.objects.get()
    assert response.url == f"{LIST}{proposal.pk}/"
    assert (proposal.evidence, proposal.created_by) == (["R-5", "R-6"], officer)


def test_officer_of_another_office_cannot_propose(client, officer_sh, enterprise_a):
    client.force_login(officer_sh)
    assert client.get(f"/enterprises/{enterprise_a.pk}/proposals/new/").status_code == 404

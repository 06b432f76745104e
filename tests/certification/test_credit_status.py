"""The credit status certificate's PDF, its signed QR code and the public page that verifies it."""

import datetime
import io

import pytest
from django.core import signing
from django.urls import reverse
from pypdf import PdfReader

from certification import certificates, credit_status, qr_codes
from certification.certificates import certificate_take_over
from enterprises.credit_status import credit_status_certificate_issue
from enterprises.models import CreditStatusCertificate

pytestmark = pytest.mark.django_db

DEC_1 = datetime.date(2026, 12, 1)


@pytest.fixture
def aeo_certificate(officer, enterprise_a):
    return certificate_take_over(actor=officer, enterprise=enterprise_a, issued_on=datetime.date(2026, 4, 1))


@pytest.fixture
def issued(travel, aeo_certificate, enterprise_a, enterprise_user):
    travel(DEC_1)
    certificate = credit_status_certificate_issue(
        actor=enterprise_user, enterprise=enterprise_a, purpose="银行授信"
    )
    return CreditStatusCertificate.objects.with_validity().get(pk=certificate.pk)


def pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_it_states_the_aeo_certificate_with_its_status_on_the_day(issued, aeo_certificate):
    (stated,) = issued.content["certificates"]
    assert stated["number"] == aeo_certificate.number
    assert stated["status"] == "active"
    assert stated["status_name"] == {"zh": "有效", "en": "Active"}
    assert stated["issued_on"] == "2026-04-01"


def test_the_pdf_is_bilingual_with_the_ledger_and_its_validity(issued, aeo_certificate, rf):
    content = credit_status.credit_status_pdf(issued, credit_status.verification_url(rf.get("/"), issued))
    text = pdf_text(content)
    assert "企业信用状况证明" in text
    assert "Certificate of Enterprise Credit Status" in text
    assert issued.number in text
    assert "青海甲公司" in text
    assert "高级认证企业" in text
    assert "2026年4月1日" in text  # held since
    assert "2026年12月31日" in text  # valid until: 30 days after 1 December
    assert aeo_certificate.number in text
    assert "银行授信" in text


def test_the_qr_code_verifies_only_the_genuine_certificate(issued):
    token = credit_status.qr_token(issued)
    verification = credit_status.verify_token(token)
    assert verification.genuine
    assert verification.certificate == issued
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert not credit_status.verify_token(tampered).genuine
    assert not credit_status.verify_token("").genuine
    assert not credit_status.verify_token("not-a-token").genuine


def test_a_code_signed_for_other_details_or_another_document_is_not_genuine(issued, aeo_certificate):
    longer = {**credit_status.qr_payload(issued), "v": "2027-12-31"}
    assert not credit_status.verify_token(
        signing.dumps(longer, salt=credit_status.QR_SALT, compress=True)
    ).genuine
    # The AEO certificate's code and this one's are signed under different salts: neither opens the other.
    as_aeo = signing.dumps(credit_status.qr_payload(issued), salt=qr_codes.QR_SALT, compress=True)
    assert not credit_status.verify_token(as_aeo).genuine
    assert not qr_codes.verify_token(credit_status.qr_token(issued)).genuine
    assert not credit_status.verify_token(qr_codes.qr_token(aeo_certificate)).genuine


def verify(client, **params):
    response = client.get(reverse("credit-status-verify"), params, HTTP_ACCEPT_LANGUAGE="en")
    return response.status_code, response.content.decode()


def test_the_public_page_shows_the_content_and_valid_until(client, issued, aeo_certificate):
    status, page = verify(client, t=credit_status.qr_token(issued))
    assert status == 200
    assert "Genuine credit status certificate" in page
    assert "Valid until" in page
    assert "Advanced certified enterprise, since" in page
    assert aeo_certificate.number in page
    assert "银行授信" not in page  # the purpose is the enterprise's business, not the public's


@pytest.mark.parametrize(
    ("day", "answer"),
    [
        (datetime.date(2026, 12, 31), "Valid until"),
        (datetime.date(2027, 1, 1), "No longer valid: it was valid until"),
    ],
)
def test_the_public_page_answers_no_longer_valid_after_expiry(client, travel, issued, day, answer):
    travel(day)
    status, page = verify(client, number=issued.number, uscc=issued.enterprise.uscc)
    assert status == 200
    assert answer in page


def test_the_public_page_answers_no_longer_valid_once_the_grade_changed(
    client, travel, officer, issued, aeo_certificate
):
    travel(datetime.date(2026, 12, 3))
    certificates.certificate_revoke(
        actor=officer, certificate=aeo_certificate, reason="Fraud found.", decision_number="西关撤〔2026〕1号"
    )
    status, page = verify(client, t=credit_status.qr_token(issued))
    assert status == 200
    assert 'No longer valid: the enterprise\'s credit grade changed on <time datetime="2026-12-03">' in page


def test_a_number_opens_nothing_without_its_uscc_and_a_forged_code_is_not_genuine(
    client, issued, enterprise_b
):
    status, page = verify(client, number=issued.number, uscc=enterprise_b.uscc)
    assert status == 404
    assert "No credit status certificate has this number" in page
    assert issued.content["enterprise"]["name_en"] not in page
    status, page = verify(client, t="forged")
    assert status == 200
    assert "Not genuine." in page


def test_the_pdf_downloads_for_readers_of_the_enterprise(
    client, api_client_for, issued, enterprise_user, officer
):
    client.force_login(officer)
    response = client.get(reverse("credit-status-pdf", args=[issued.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert issued.number in pdf_text(response.content)
    api_response = api_client_for(enterprise_user).get(
        reverse("api-credit-status-certificate-pdf", args=[issued.pk])
    )
    assert api_response.status_code == 200
    assert api_response.content.startswith(b"%PDF")

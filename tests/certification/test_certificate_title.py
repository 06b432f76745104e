"""The certificate names the order it was issued under by the order's own title.

Order 282 kept Order 251's title, 《中华人民共和国海关注册登记和备案企业信用管理办法》; the 2018 Order 237's
title no longer appears on a certificate (docs/rules.md).
"""

import io

import pytest
from pypdf import PdfReader

from certification import certificate_document, qr_codes, review
from certification.models import Certificate
from tests.certification.conftest import find_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(under_audit, officer):
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-1")
    return Certificate.objects.select_related("rulebook").get()


def test_the_certificate_pdf_carries_the_orders_title(certificate, rf):
    assert certificate.rulebook.code == "order-282"
    content = certificate_document.certificate_pdf(
        certificate, qr_codes.verification_url(rf.get("/"), certificate)
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "中华人民共和国海关注册登记和备案企业信用管理办法" in text.replace("\n", "")
    assert "海关总署令第282号" in text
    assert "海关企业信用管理办法" not in text.replace("\n", "")
    assert "Enterprises Registered and Filed with the Customs" in text.replace("\n", " ")

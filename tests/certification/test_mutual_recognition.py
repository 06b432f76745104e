"""Mutual recognition: the partners with their researched days, the public list, the certificate
naming the partners of its issue day, and verification by AEO code (domain brief, section 9)."""

import datetime
import io
import uuid

import pytest
from pypdf import PdfReader

from certification import certificate_document, certificates, qr_codes
from certification.models import Certificate, MutualRecognitionPartner
from tests.factories.enterprises import EnterpriseFactory

DAY = datetime.date


def holder(offices, issued_on, **enterprise):
    """An advanced certified enterprise of Xihai Customs and its certificate issued on `issued_on`."""
    enterprise = EnterpriseFactory(
        customs_office=offices["9703"], credit_grade="advanced_certified", **enterprise
    )
    certificate = certificates.certificate_take_over(actor=None, enterprise=enterprise, issued_on=issued_on)
    # Verifications are cached in Redis by number: a number no other test uses.
    Certificate.objects.filter(pk=certificate.pk).update(number=f"CN-AEO-{uuid.uuid4().hex[:12]}")
    return Certificate.objects.select_related("enterprise", "rulebook").get(pk=certificate.pk)


def partner(economy_en):
    return MutualRecognitionPartner.objects.get(economy_en=economy_en)


@pytest.mark.django_db
def test_the_shipped_partners_carry_the_days_the_announcements_name():
    singapore = partner("Singapore")
    assert (singapore.in_force_on, singapore.announcement) == (DAY(2013, 3, 15), "海关总署公告2013年第13号")
    assert partner("New Zealand").in_force_on == DAY(2017, 7, 1)
    assert partner("Belarus").in_force_on == DAY(2019, 7, 24)
    thailand = partner("Thailand")
    assert (thailand.signed_on, thailand.in_force_on) == (DAY(2025, 2, 6), DAY(2025, 8, 1))
    assert partner("European Union").countries == 27
    assert partner("Russia").in_force_on is None  # signed 2022-02-04, not yet put into force
    assert not partner("Republic of Korea").verified  # its in-force day is found in one report only
    unfounded = ["Peru", "Indonesia", "Saudi Arabia", "Malaysia", "Egypt", "Qatar", "Kazakhstan"]
    assert not MutualRecognitionPartner.objects.filter(economy_en__in=unfounded).exists()


@pytest.mark.django_db
def test_an_arrangement_applies_from_its_in_force_day():
    def in_force(day):
        return set(MutualRecognitionPartner.objects.in_force(day).values_list("economy_en", flat=True))

    assert "Thailand" not in in_force(DAY(2025, 7, 31))
    assert "Thailand" in in_force(DAY(2025, 8, 1))
    assert "Thailand" in in_force(DAY(2025, 8, 2))
    assert "Singapore" not in in_force(DAY(2013, 3, 14))
    assert "Singapore" in in_force(DAY(2013, 3, 15))
    assert "Russia" not in in_force(DAY(2026, 12, 7))


def _pdf_text(certificate, rf):
    content = certificate_document.certificate_pdf(
        certificate, qr_codes.verification_url(rf.get("/"), certificate)
    )
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_the_certificate_names_the_partners_in_force_on_its_issue_day(offices, business_types, rf):
    before = _pdf_text(holder(offices, DAY(2025, 7, 31)), rf)
    assert "Thailand" not in before
    assert "Benin" not in before
    assert "21个经济体47个国家（地区）" in before
    on_the_day = _pdf_text(holder(offices, DAY(2025, 8, 1)), rf)
    assert "泰国" in on_the_day
    assert "Thailand" in on_the_day
    assert "Benin" in on_the_day
    assert "23 economies, 49 countries or regions" in on_the_day
    assert "Russia" not in on_the_day


@pytest.mark.django_db
def test_the_public_list_shows_each_arrangement_and_counts_from_it(client, travel):
    travel(DAY(2026, 12, 7))
    page = client.get("/public/partners/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "In force on 7 Dec 2026: 23 economies, 49 countries or regions." in page
    assert "Signed: 26 economies, 52 countries or regions." in page
    assert '<time datetime="2013-03-15">' in page
    assert "海关总署公告2013年第13号" in page
    assert "signed, not yet in force" in page  # Russia, the Philippines, Uzbekistan
    assert "to be confirmed" in page
    assert "Jun 2012" in page  # Singapore: only the month of the signing is known
    chinese = client.get("/public/partners/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "新加坡" in chinese
    assert "欧盟" in chinese


@pytest.mark.django_db
def test_a_partner_verifies_by_aeo_code_through_the_api_and_the_page(
    api_client, client, offices, business_types
):
    certificate = holder(offices, DAY(2026, 4, 1))
    code = f"AEOCN{certificate.enterprise.customs_code}"
    for asked in (code, code.lower()):
        answer = api_client.get(f"/api/v1/public/certificates/{asked}/")
        assert answer.status_code == 200
        assert (answer.json()["number"], answer.json()["aeo_code"]) == (certificate.number, code)
    page = client.get(f"/public/certificates/{code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert certificate.number in page.content.decode()
    unknown = "AEOCN0000000000"
    assert api_client.get(f"/api/v1/public/certificates/{unknown}/").status_code == 404
    missing = client.get(f"/public/certificates/{unknown}/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert f"No certificate has the number or AEO code {unknown}." in missing.content.decode()


@pytest.mark.django_db
def test_an_aeo_code_answers_the_latest_certificate_and_its_change_at_once(
    api_client, officer, offices, business_types
):
    certificate = holder(offices, DAY(2026, 4, 1))
    code = certificate.aeo_code
    assert api_client.get(f"/api/v1/public/certificates/{code}/").json()["status"] == "active"
    certificates.certificate_suspend(
        actor=officer, certificate=certificate, reason="Case XN-7.", criminal_case=True
    )
    # The cached answer for the code was dropped with the number's.
    assert api_client.get(f"/api/v1/public/certificates/{code}/").json()["status"] == "suspended"


@pytest.mark.django_db
def test_the_public_lookup_finds_an_aeo_by_its_code_and_nobody_else(
    api_client, client, offices, business_types
):
    certificate = holder(offices, DAY(2026, 4, 1))
    regular = EnterpriseFactory(customs_office=offices["9703"], credit_grade="regular")
    found = api_client.get("/api/v1/public/enterprises/", {"q": certificate.aeo_code}).json()["results"]
    assert [row["uscc"] for row in found] == [certificate.enterprise.uscc]
    not_aeo = api_client.get("/api/v1/public/enterprises/", {"q": f"AEOCN{regular.customs_code}"})
    assert not_aeo.json()["results"] == []
    page = client.get("/public/", {"q": certificate.aeo_code.lower()}, HTTP_ACCEPT_LANGUAGE="en")
    assert certificate.enterprise.name in page.content.decode()

"""The public visitor on a phone, in Chinese, without an account: from the sign-in page to the credit
lookup (a dishonest enterprise with its published records, an AEO enterprise found by its USCC and its
certificate), then the certificate verification by number, where a wrong number is answered as such."""

import datetime

import pytest
from django.utils import timezone

from certification.certificates import certificate_take_over
from tests.browser.conftest import VIEWPORTS, screenshot
from tests.factories.enterprises import EnterpriseFactory, PenaltyFactory, determined_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(offices):
    today = timezone.localdate()
    leather = EnterpriseFactory(name="青海示例皮革制品有限公司", customs_office=offices["9700"])
    determined_proposal(leather, on=today - datetime.timedelta(days=30))
    PenaltyFactory(enterprise=leather, case_number="西关缉违字〔2026〕31号", kind="administrative_smuggling")
    solar = EnterpriseFactory(
        name="青海示例光伏材料有限公司", customs_office=offices["9700"], credit_grade="advanced_certified"
    )
    certificate = certificate_take_over(
        actor=None, enterprise=solar, issued_on=today - datetime.timedelta(days=90)
    )
    EnterpriseFactory(name="青海示例皮革贸易有限公司", customs_office=offices["9703"])
    return {"leather": leather, "solar": solar, "certificate": certificate}


def fits_a_phone(page):
    """At phone width, nothing makes the page scroll sideways (the screenshots reset the width)."""
    page.set_viewport_size(VIEWPORTS["phone"])
    return page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def look_up(page, query):
    page.fill("input[name=q]", query)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state("networkidle")


def test_a_visitor_looks_up_credit_and_verifies_a_certificate_on_a_phone(page, register):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto("/")
    assert "/accounts/login/" in page.url
    page.locator("#no-account").get_by_role("link", name="信用查询").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "企业信用信息公示查询"
    assert fits_a_phone(page)

    look_up(page, "示例皮革")
    assert "找到 2 家企业" in page.content()
    leather = page.locator("article").filter(has_text="青海示例皮革制品有限公司")
    assert "失信企业" in leather.locator(".badge").first.inner_text()
    # Order 282 renumbered its articles: the criterion is named, never Order 251's number.
    assert "构成走私行为被海关行政处罚" in leather.inner_text()
    assert "第二十二条" not in leather.inner_text()
    assert "西关缉违字〔2026〕31号" in leather.inner_text()
    assert register["leather"].legal_representative not in page.content()
    assert fits_a_phone(page)
    screenshot(page, "public-lookup-dishonest-zh")

    look_up(page, "没有这家公司")
    assert "没有匹配的企业" in page.content()

    certificate = register["certificate"]
    look_up(page, register["solar"].uscc)
    assert "找到 1 家企业" in page.content()
    assert "高级认证企业" in page.locator("article").inner_text()
    screenshot(page, "public-lookup-aeo-zh")
    page.get_by_role("link", name=certificate.number).click()
    page.wait_for_load_state("networkidle")
    result = page.locator("section[aria-labelledby=result-heading]")
    assert "有效" in result.locator(".badge").inner_text()
    assert register["solar"].uscc in result.inner_text()
    screenshot(page, "public-certificate-zh")

    page.fill("input[name=number]", "cn-aeo-2026-999999")
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state("networkidle")
    assert "没有编号或AEO编码为CN-AEO-2026-999999的证书。" in page.locator(".alert-warning").inner_text()
    assert page.locator("section[aria-labelledby=result-heading]").count() == 0
    assert fits_a_phone(page)
    screenshot(page, "public-certificate-not-found-zh")

    page.fill("input[name=number]", certificate.number.lower())
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/public/certificates/{certificate.number}/")
    assert "有效" in page.locator("section[aria-labelledby=result-heading] .badge").inner_text()

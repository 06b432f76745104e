"""After certification, in a real browser: an officer finds a certificate whose re-review falls due on
the dashboard, suspends it when a criminal case is filed, then revokes it; the public verification
page follows each status, the enterprise's grade falls back to regular, and the enterprise, reading
Chinese, finds each step in its inbox."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from certification.certificates import certificate_take_over
from tests.browser.conftest import screenshot, sign_in
from tests.factories.enterprises import EnterpriseFactory, EnterpriseMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME_EN = "Qinghai Example Salt Lake Chemicals Co., Ltd."


@pytest.fixture
def certificate(quick_passwords, catalogue, offices, officer):
    """An AEO certificate of a Xining enterprise whose five-yearly re-review is two months away."""
    enterprise = EnterpriseFactory(
        name="青海示例盐湖化工有限公司",
        name_en=NAME_EN,
        customs_office=offices["9700"],
        credit_grade="advanced_certified",
    )
    issued_on = timezone.localdate() - relativedelta(years=5) + datetime.timedelta(days=60)
    officer.preferred_language = "en"
    officer.save()
    EnterpriseMembershipFactory(enterprise=enterprise, user__username="salt_lake_chem")
    return certificate_take_over(actor=None, enterprise=enterprise, issued_on=issued_on)


def act(page, action, **fields):
    page.get_by_role("link", name=action, exact=True).click()
    for name, value in fields.items():
        if value is True:
            page.check(f"input[name={name}]")
        else:
            page.fill(f"[name={name}]", value)
    return page


def test_suspend_then_revoke_a_certificate_and_the_public_page_follows(
    page, browser, live_server, certificate, officer
):
    sign_in(page, officer.username)
    due = page.locator("#re-reviews")
    assert NAME_EN in due.inner_text()
    due.get_by_role("link", name="All certificates by re-review date").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "certificate-list-en")
    page.get_by_role("link", name=certificate.number).click()
    assert "Active" in page.locator("main .badge").first.inner_text()
    assert "The periodic re-review opens by itself on" in page.locator("#re-review-next").inner_text()
    screenshot(page, "certificate-active-en")

    act(
        page,
        "Suspend",
        reason="Criminal case 2026-17 filed by the anti-smuggling bureau.",
        criminal_case=True,
    )
    assert "AEO measures" in page.locator("#action-explanation").inner_text()
    screenshot(page, "certificate-suspend-form-en")
    page.get_by_role("button", name="Suspend", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "The certificate has been suspended." in page.content()
    assert "Criminal case 2026-17 filed" in page.content()

    public = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="en"
    )
    visitor = public.new_page()
    visitor.goto(f"/public/certificates/{certificate.number}/")
    assert "Suspended" in visitor.locator("#result-heading").locator("..").inner_text()
    assert "This certificate is not in force" in visitor.content()
    screenshot(visitor, "certificate-public-suspended-en")

    act(page, "Revoke", reason="Smuggling established by the court.", decision_number="西关认撤〔2026〕2号")
    page.get_by_role("button", name="Revoke", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "The certificate has been revoked; the grade is back to regular." in page.content()
    screenshot(page, "certificate-revoked-en")
    page.get_by_role("link", name=NAME_EN).click()
    assert page.locator("main h1 ~ p .badge").first.inner_text() == "Regular enterprise"

    visitor.reload()
    assert "Revoked" in visitor.locator("#result-heading").locator("..").inner_text()
    assert "Active" not in visitor.locator("main").inner_text()
    public.close()

    holder = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    portal = holder.new_page()
    sign_in(portal, "salt_lake_chem")
    portal.goto("/notifications/")
    inbox = portal.locator("main").inner_text()
    assert f"暂停适用认证企业管理措施：证书{certificate.number}" in inbox
    assert f"AEO证书{certificate.number}已终止" in inbox
    screenshot(portal, "certificate-enterprise-inbox-zh")
    holder.close()

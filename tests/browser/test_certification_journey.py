"""The certification journey in a real browser: an enterprise user applies, self-assesses item by item
and submits; an officer accepts, forms the team, audits, records findings and certifies; the public
page verifies the certificate, and a tampered QR code is reported as not genuine."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.financial_status import is_computed
from certification.models import Application, Certificate
from certification.qr_codes import qr_token
from tests.browser.conftest import screenshot, sign_in
from tests.certification.conftest import HEALTHY_YEAR
from tests.factories.enterprises import EnterpriseFactory, EnterpriseMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def applicant(catalogue, offices, business_types):
    enterprise = EnterpriseFactory(
        name="青海示例航空物流有限公司",
        name_en="Qinghai Example Air Logistics Co., Ltd.",
        customs_office=offices["9700"],
        business_types=[business_types["logistics_air"]],
    )
    user = EnterpriseMembershipFactory(enterprise=enterprise, user__username="air_logistics").user
    user.preferred_language = "en"
    user.save()
    return user


def save_item(page, choice, submit_label):
    page.check(f"input[value={choice}]")
    page.get_by_role("button", name=submit_label, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_from_a_new_application_to_a_verified_certificate(
    page, browser, live_server, applicant, officer, second_officer
):
    sign_in(page, applicant.username)
    page.get_by_role("link", name="Apply for certification").first.click()
    page.check("input[name=target_grade][value=certified]")
    page.check("input[name=business_types]")
    screenshot(page, "certification-start-en")
    page.get_by_role("button", name="Start the self-assessment").click()
    page.wait_for_load_state("networkidle")
    assert "Item 1 of" in page.content()
    page.set_input_files(
        "input[name=files]",
        files=[{"name": "policy.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}],
    )
    screenshot(page, "certification-self-assessment-en")
    save_item(page, "meets", "Save and continue")
    save_item(page, "meets", "Save and continue")
    # Every other plain item is the same form: set in one UPDATE, leaving the page on the third item;
    # saving it leads to the one item computed from the financial figures, then to the review.
    third = int(page.url.rstrip("/").rsplit("/", 1)[1])
    rows = Application.objects.get().items.select_related("item").exclude(pk=third)
    rows.filter(pk__in=[row.pk for row in rows if not is_computed(row)]).update(self_assessment="meets")
    while "/items/" in page.url:
        if page.locator("input[name=result]").count() == 0:  # computed from the financial figures
            item_url = page.url
            page.get_by_role("link", name="Financial figures").click()
            for name, value in HEALTHY_YEAR.items():
                page.fill(f"input[name={name}]", str(value))
            page.get_by_role("button", name="Save the figures").click()
            page.wait_for_load_state("networkidle")
            assert "Result computed from the figures" in page.content()
            screenshot(page, "certification-financial-figures-en")
            page.goto(item_url)
            page.get_by_role("button", name="Save and continue", exact=True).click()
            page.wait_for_load_state("networkidle")
            continue
        save_item(page, "meets", "Save and continue")
    assert page.url.endswith("/submit/")
    screenshot(page, "certification-review-en")
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_load_state("networkidle")
    assert "has been submitted" in page.content()
    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.financial_years.count() == 1  # the computed item was walked through its figures
    expect(page.locator("text=Receipt (PDF)")).to_be_visible()

    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    desk = context.new_page()
    officer.preferred_language = "en"
    officer.save()
    sign_in(desk, officer.username)
    # The hand-off: the submission waits in the officer's "My work", first on the home page.
    work = desk.locator("#my-work")
    assert "Accept or return the application of Qinghai Example Air Logistics Co., Ltd." in work.inner_text()
    screenshot(desk, "certification-officer-my-work-en")
    work.get_by_role("link", name="Check the application").click()
    desk.wait_for_load_state("networkidle")
    screenshot(desk, "certification-officer-submitted-en")
    desk.get_by_role("link", name="Accept", exact=True).click()
    desk.get_by_role("button", name="Accept", exact=True).click()
    desk.wait_for_load_state("networkidle")
    desk.get_by_role("link", name="Form the certification team").click()
    desk.check(f"input[name=officers][value='{officer.pk}']")
    desk.check(f"input[name=officers][value='{second_officer.pk}']")
    desk.select_option("select[name=leader]", str(officer.pk))
    desk.get_by_role("button", name="Save the team").click()
    desk.wait_for_load_state("networkidle")
    desk.get_by_role("link", name="Plan an on-site audit").click()
    desk.fill("input[name=visit_on]", timezone.localdate().isoformat())
    desk.fill("input[name=place]", "Warehouse, Xining airport")
    desk.fill("textarea[name=agenda]", "Trade security walk-through.")
    desk.get_by_role("button", name="Plan the audit").click()
    desk.wait_for_load_state("networkidle")
    assert "Under audit" in desk.content()
    # The other member of the team, reading Chinese, finds the audit in "My work" and the team in the inbox.
    colleague_context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    colleague = colleague_context.new_page()
    sign_in(colleague, second_officer.username)
    work = colleague.locator("#my-work").inner_text()
    assert "记录对青海示例航空物流有限公司的认证结论并提出认证意见" in work
    screenshot(colleague, "certification-team-member-my-work-zh")
    colleague.goto("/notifications/")
    assert "青海示例航空物流有限公司：组建认证组" in colleague.content()
    screenshot(colleague, "certification-team-member-inbox-zh")
    colleague_context.close()
    # The team records every finding in one table, the self-assessment beside each item.
    desk.get_by_role("link", name="Record findings").click()
    for select in desk.locator("select[name$='-finding']").all():
        select.select_option("meets")
    screenshot(desk, "certification-findings-table-en")
    desk.get_by_role("button", name="Save the findings").click()
    desk.wait_for_load_state("networkidle")
    assert f"{application.items.count()} findings saved." in desk.content()
    desk.get_by_role("link", name="Back to the application").click()
    screenshot(desk, "certification-findings-en")
    desk.get_by_role("link", name="Decide", exact=True).click()
    assert "The findings pass." in desk.content()
    desk.check("input[name=outcome][value=certify]")
    desk.fill("input[name=decision_number]", "西宁关认〔2026〕88号")
    desk.get_by_role("button", name="Record the decision").click()
    desk.wait_for_load_state("networkidle")
    certificate = Certificate.objects.get()
    desk.get_by_role("link", name=f"Certificate {certificate.number}").click()
    screenshot(desk, "certification-certificate-en")
    desk.get_by_role("link", name="Public verification page").click()
    desk.wait_for_load_state("networkidle")
    assert "Active" in desk.content()
    assert certificate.enterprise.uscc in desk.content()
    context.close()

    # The enterprise was told of each step that concerned it, in English.
    page.goto("/notifications/")
    inbox = page.content()
    assert f"Certification application {application.receipt_number}: Accepted" in inbox
    assert "will audit Qinghai Example Air Logistics Co., Ltd. on site" in inbox
    screenshot(page, "certification-enterprise-inbox-en")

    page.goto(f"/public/certificates/verify/?t={qr_token(certificate)}")
    assert "Genuine certificate" in page.content()
    screenshot(page, "certificate-verified-en")
    token = qr_token(certificate)
    page.goto(f"/public/certificates/verify/?t={token[:-3]}xyz")
    assert "Not genuine." in page.content()
    assert "Genuine certificate" not in page.content()

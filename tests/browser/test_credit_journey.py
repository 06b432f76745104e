"""The dishonest determination and credit repair journey in a real browser.

An officer finds an enterprise on the register, records a smuggling penalty; the nightly evaluation
proposes a determination; the officer opens the proposal and sends the written pre-notice; the
enterprise states its case; the officer determines it dishonest and its page shows the grade. A year
later the enterprise applies for credit repair, the officer approves, and the grade is regular again.
"""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from core.jobs import run_job
from enterprises.models import DishonestProposal, LedgerEntry, RepairApplication
from tests.browser.conftest import screenshot, sign_in
from tests.factories.enterprises import EnterpriseFactory, EnterpriseMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME_EN = "Qinghai Example Plateau Trading Co., Ltd."


@pytest.fixture
def trader(quick_passwords, offices, business_types, officer):
    """A regular enterprise of Xining Customs among others, its user and the officer, all in English."""
    for n in range(3):
        EnterpriseFactory(customs_office=offices["9700"], name_en=f"Qinghai Other Trading Co., Ltd. {n}")
    enterprise = EnterpriseFactory(
        name="青海示例高原贸易有限公司",
        name_en=NAME_EN,
        customs_office=offices["9700"],
        business_types=[business_types["consignee_consignor"]],
    )
    user = EnterpriseMembershipFactory(enterprise=enterprise, user__username="plateau").user
    for person in (user, officer):
        person.preferred_language = "en"
        person.save()
    return enterprise


def open_credit_menu(page, item):
    page.get_by_role("button", name="Credit", exact=True).click()
    page.get_by_role("link", name=item).click()
    page.wait_for_load_state("networkidle")


def grade_shown(page):
    """The grade badge under the enterprise's name."""
    return page.locator("main h1 ~ p .badge").first.inner_text()


def submit(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_from_a_penalty_to_a_determination_and_back_by_credit_repair(
    page, browser, live_server, trader, officer
):
    today = timezone.localdate()
    sign_in(page, officer.username)
    page.get_by_role("link", name="Search enterprises").click()
    page.fill("input[name=q]", "Plateau")
    page.locator("form[role=search]").get_by_role("button", name="Search").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("tbody tr").count() == 1
    screenshot(page, "credit-register-search-en")
    page.get_by_role("link", name=NAME_EN).click()
    assert page.locator("h1").inner_text() == trader.name

    page.get_by_role("link", name="Add penalty").click()
    page.fill("input[name=case_number]", "西关缉违字〔2026〕7号")
    page.select_option("select[name=kind]", "administrative_smuggling")
    page.fill("input[name=decided_on]", today.isoformat())
    page.fill("input[name=amount]", "80000")
    screenshot(page, "credit-penalty-form-en")
    submit(page, "Save")
    assert "Credit record saved." in page.content()
    assert "西关缉违字〔2026〕7号" in page.locator("#records").inner_text()

    run_job("dishonest_evaluation")  # the nightly evaluation proposes, it never downgrades
    proposal = DishonestProposal.objects.get(enterprise=trader)
    assert proposal.status == "proposed"
    open_credit_menu(page, "Dishonest proposals")
    page.get_by_role("link", name=NAME_EN).click()
    assert "article not verified" in page.locator("h1").inner_text()  # Order 282: no number yet
    assert "西关缉违字〔2026〕7号" in page.content()
    assert "the enterprise has not been notified yet" in page.content()
    assert "Its grade does not change yet." in page.locator("#action-notify").inner_text()
    screenshot(page, "credit-proposal-en")

    submit(page, "Send the pre-notice")
    assert "Send the pre-notice: done." in page.content()
    assert (
        "decide after that, or once it declares that it has nothing more to state"
        in page.locator("#next-step").inner_text()
    )
    assert page.locator("#action-decide").count() == 0
    notice = page.get_by_role("link", name="Written pre-notice (PDF)")
    response = page.request.get(notice.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    screenshot(page, "credit-pre-notice-en")

    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    trader_page = context.new_page()
    sign_in(trader_page, "plateau")
    trader_page.locator("#main-nav").get_by_role("link", name="Inbox").click()
    assert "Pre-notice of an intended dishonest determination" in trader_page.content()
    trader_page.get_by_role("button", name="Open").first.click()
    trader_page.wait_for_load_state("networkidle")
    assert "You may state your case until" in trader_page.content()
    trader_page.fill("textarea[name=statement-text]", "The goods were declared late by a new clerk.")
    trader_page.check("input[name=statement-final]")  # nothing more to state: customs may decide now
    screenshot(trader_page, "credit-statement-en")
    submit(trader_page, "Submit a statement")
    assert "The goods were declared late by a new clerk." in trader_page.locator("#statements").inner_text()
    assert "nothing more to state: customs may now decide" in trader_page.locator("#next-step").inner_text()

    # The hand-off: the officer finds the decision waiting in "My work".
    page.goto("/work/")
    step = page.locator("li.next-step", has_text=f"Decide on the dishonest proposal for {NAME_EN}")
    screenshot(page, "credit-officer-my-work-decide-en")
    step.get_by_role("link", name="Decide").click()
    page.wait_for_load_state("networkidle")
    assert "The goods were declared late by a new clerk." in page.locator("#statements").inner_text()
    assert "grade becomes “Dishonest enterprise” from today" in page.locator("#action-decide").inner_text()
    submit(page, "Determine dishonest")
    assert "Determine dishonest: done." in page.content()
    # Numbered from Xining Customs' register after the pre-notice; the remedies stated on the page.
    number = f"西关信字〔{today.year}〕2号"
    assert number in page.content()
    assert "within 60 days of learning of it" in page.locator("#remedies").inner_text()
    page.get_by_role("link", name=NAME_EN).first.click()
    assert grade_shown(page) == "Dishonest enterprise"
    assert number in page.locator("section[aria-labelledby=ledger-heading]").inner_text()
    screenshot(page, "credit-determined-en")

    # A year passes: the determination is dated back by the waiting period of Art. 22(2).
    waited = (
        today - relativedelta(months=proposal.criterion.repair_waiting_months) - datetime.timedelta(days=1)
    )
    LedgerEntry.objects.filter(enterprise=trader, cause="determination").update(effective_from=waited)

    trader_page.goto("/")
    trader_page.get_by_role("link", name="My enterprise").click()  # the enterprise's own page
    assert "you can apply for credit repair" in trader_page.locator("#repair-callout").inner_text()
    screenshot(trader_page, "credit-repair-eligible-en")
    trader_page.locator("#repair-callout").get_by_role("link", name="Apply for credit repair").click()
    assert "you can apply now" in trader_page.content()
    trader_page.fill(
        "textarea[name=corrective_actions]", "A customs compliance officer now checks every declaration."
    )
    screenshot(trader_page, "credit-repair-apply-en")
    submit(trader_page, "Submit the application")
    assert "Your application for credit repair has been submitted." in trader_page.content()
    assert "is being considered" in trader_page.locator("#repair-callout").inner_text()
    context.close()

    page.locator("#main-nav").get_by_role("link", name="Inbox").click()
    assert f"Credit repair application from {NAME_EN}" in page.content()
    page.goto("/work/")
    step = page.locator("li.next-step", has_text=f"Decide the credit repair application of {NAME_EN}")
    screenshot(page, "credit-officer-my-work-repair-en")
    step.get_by_role("link", name="Decide").click()
    page.wait_for_load_state("networkidle")
    assert "A customs compliance officer now checks every declaration." in page.content()
    page.check("input[name=approve][value='1']")
    page.fill("input[name=decision_number]", "西关信修〔2027〕3号")
    screenshot(page, "credit-repair-decide-en")
    submit(page, "Record the decision")
    assert "The decision has been recorded." in page.content()
    assert RepairApplication.objects.get(enterprise=trader).status == "approved"
    page.get_by_role("link", name=NAME_EN).first.click()
    trader.refresh_from_db()
    assert trader.credit_grade == "regular"
    assert grade_shown(page) == "Regular enterprise"
    assert "Repaired" in page.locator("#proposals").inner_text()
    screenshot(page, "credit-repaired-en")

"""Hand-offs across people, through the real UI: each step's next actor finds the work in "My work"
and the notice in the inbox, in their own language, and the one who started it hears the result.

- A member of the public objects, in Chinese, to a published penalty; the officer of the supervising
  customs re-checks it from "My work"; the objector receives the result by e-mail.
- An enterprise user, in English, opens a case from "What to do next"; the coordinator, in Chinese,
  serves and closes it from "My work"; the enterprise is told and may rate the service.
- The certification team puts an item to rectification; the enterprise, in Chinese, answers it from
  "What to do next"; the team leader, in English, reviews the answer from "My work"; the enterprise
  hears that every answer is reviewed.
"""

import pytest
from playwright.sync_api import expect

from certification.models import ApplicationItem, Result
from coordination.models import Case
from enterprises.models import Objection
from tests.browser.conftest import screenshot, sign_in
from tests.certification.conftest import draft, fail_one_item, submitted, under_audit  # noqa: F401 (fixtures)
from tests.factories.enterprises import EnterpriseFactory, PenaltyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEATHER = "青海示例皮革制品有限公司"
OBJECTOR_EMAIL = "wang.hai@example.cn"


def click(page, locator):
    locator.click()
    page.wait_for_load_state("networkidle")


def mails_to(outbox, address):
    return [message for message in outbox if message.to == [address]]


def to_objector(outbox):
    return mails_to(outbox, OBJECTOR_EMAIL)


def new_page(browser, live_server, locale):
    viewport = {"width": 1366, "height": 900}
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale=locale)
    return context.new_page()


@pytest.fixture
def leather(offices):
    """An enterprise of Xining Customs with a published smuggling penalty."""
    enterprise = EnterpriseFactory(name=LEATHER, customs_office=offices["9700"])
    PenaltyFactory(
        enterprise=enterprise, case_number="西关缉违字〔2026〕31号", kind="administrative_smuggling"
    )
    return enterprise


def test_a_public_objection_reaches_the_officer_and_the_result_reaches_the_objector(
    page, browser, live_server, leather, officer, mailoutbox
):
    page.goto("/public/?q=示例皮革")
    click(page, page.get_by_role("link", name="对公示信息提出异议"))
    page.locator("input[name=item][value^=penalty]").check()
    page.check("input[name=objector_kind][value=natural_person]")
    page.fill("input[name=objector_name]", "王海")
    page.fill("input[name=objector_id_number]", "11010519491231002X")
    page.fill("input[name=contact_email]", OBJECTOR_EMAIL)
    page.fill("textarea[name=reason]", "该处罚决定已被行政复议撤销。")
    click(page, page.get_by_role("button", name="提交异议"))
    objection = Objection.objects.get()
    assert objection.reference in page.locator("main").inner_text()
    assert objection.penalty.case_number == "西关缉违字〔2026〕31号"
    received = to_objector(mailoutbox)
    assert len(received) == 1
    assert f"已收到异议申请{objection.reference}" in received[0].subject
    assert f"社会公众异议：{LEATHER}" in mails_to(mailoutbox, officer.email)[0].subject

    # The hand-off: the officer of the supervising customs, reading Chinese, finds the re-check first
    # on the home page and the objection in the inbox.
    desk = new_page(browser, live_server, "zh-CN")
    sign_in(desk, officer.username)
    step = desk.locator("#my-work li.next-step", has_text=f"复核{LEATHER}信用信息异议{objection.reference}")
    expect(step).to_be_visible()
    assert "行政处罚" in step.inner_text()
    assert "1" in desk.locator("#main-nav").get_by_role("link", name="我的工作").inner_text()
    screenshot(desk, "objection-officer-my-work-zh")
    desk.goto("/notifications/")
    assert f"社会公众异议：{LEATHER}" in desk.locator("main").inner_text()
    screenshot(desk, "objection-officer-inbox-zh")

    desk.goto("/work/")
    click(desk, desk.locator("li.next-step", has_text=objection.reference).get_by_role("link", name="复核"))
    assert "该处罚决定已被行政复议撤销。" in desk.locator("main").inner_text()
    desk.check("input[name=upheld][value='0']")
    desk.fill("textarea[name=answer]", "经复核，行政复议维持原处罚决定，公示信息无误。")
    screenshot(desk, "objection-officer-recheck-zh")
    click(desk, desk.get_by_role("button", name="记录结果"))
    objection.refresh_from_db()
    assert (objection.status, objection.answered_by) == ("rejected", officer)

    # The result reaches the objector, in the language they filed in; the work is off the list.
    received = to_objector(mailoutbox)
    assert len(received) == 2
    assert received[1].subject.endswith("您的异议：异议不成立：信息维持")
    assert "经复核，行政复议维持原处罚决定，公示信息无误。" in received[1].body
    desk.goto("/work/")
    assert objection.reference not in desk.locator("main").inner_text()


def test_a_case_from_the_portal_reaches_the_coordinator_and_its_closing_reaches_the_enterprise(
    page, browser, live_server, enterprise_user, coordinator, enterprise_a
):
    enterprise_user.preferred_language = "en"
    enterprise_user.save()
    sign_in(page, enterprise_user.username)
    click(page, page.get_by_role("link", name="Open a case to ask customs for help"))
    page.check("input[name=category][value=difficult_matter]")
    page.fill("input[name=subject]", "Shipment held at Xining airport")
    page.fill("textarea[name=description]", "Our shipment of 12 March has been held for three days.")
    click(page, page.get_by_role("button", name="Open the case"))
    case = Case.objects.get()
    assert case.coordinator == coordinator
    assert "Shipment held at Xining airport" in page.locator("h1").inner_text()

    # The hand-off: the coordinator, reading Chinese, finds it on the home page, in "My work" and in
    # the inbox.
    desk = new_page(browser, live_server, "zh-CN")
    sign_in(desk, coordinator.username)
    cases_first = desk.locator("section[aria-labelledby=cases-heading]").inner_text()
    assert "Shipment held at Xining airport" in cases_first
    desk.goto("/work/")
    step = desk.locator("li.next-step", has_text="办理青海甲公司的服务事项：Shipment held at Xining airport")
    expect(step).to_be_visible()
    screenshot(desk, "case-coordinator-my-work-zh")
    desk.goto("/notifications/")
    assert "青海甲公司提交新事项：Shipment held at Xining airport" in desk.locator("main").inner_text()

    desk.goto("/work/")
    click(desk, step.get_by_role("link", name="打开事项"))
    assert desk.url.endswith(case.get_absolute_url())
    desk.check("input[name=channel][value=phone]")
    desk.fill("input[name=people]", "Ma Li, logistics manager")
    desk.fill("textarea[name=result]", "The port releases the shipment tomorrow morning.")
    click(desk, desk.get_by_role("button", name="保存联系记录"))
    desk.fill("textarea[name=outcome]", "货物已于次日放行。")
    screenshot(desk, "case-coordinator-close-zh")
    click(desk, desk.get_by_role("button", name="办结事项"))
    case.refresh_from_db()
    assert case.status == "closed"
    desk.goto("/work/")
    assert "Shipment held at Xining airport" not in desk.locator("main").inner_text()

    # The enterprise hears of the closing in English and may rate the service.
    page.goto("/notifications/")
    assert "Case closed: Shipment held at Xining airport" in page.locator("main").inner_text()
    click(page, page.get_by_role("button", name="Open").first)
    assert page.url.endswith(case.get_absolute_url())
    expect(page.get_by_role("button", name="Send the rating")).to_be_visible()
    screenshot(page, "case-enterprise-closed-en")


@pytest.fixture
def put_to_rectification(under_audit, officer, today):  # noqa: F811 (the fixture imported above)
    """Every item found; one short of the standard, put to rectification for 30 days."""
    return fail_one_item(
        under_audit, officer, today, notes="封条使用未登记。", request="建立封条使用登记台账。"
    )


def test_a_rectification_answer_reaches_the_team_and_its_review_reaches_the_enterprise(
    page, browser, live_server, put_to_rectification, enterprise_user_b, officer, enterprise_b
):
    row = put_to_rectification
    sign_in(page, enterprise_user_b.username)
    step = page.locator("li.next-step", has_text=f"整改 {row.item.code}")
    assert "建立封条使用登记台账。" in step.inner_text()
    screenshot(page, "rectification-enterprise-next-steps-zh")
    click(page, step.get_by_role("link", name="提交证明材料"))
    page.fill("textarea[name=answer]", "已建立封条使用登记台账，附台账样本。")
    click(page, page.get_by_role("button", name="保存并继续"))
    row.refresh_from_db()
    assert row.rectification == ApplicationItem.Rectification.ANSWERED

    # The hand-off: the team leader, reading English, finds the answer to review in "My work".
    officer.preferred_language = "en"
    officer.save()
    desk = new_page(browser, live_server, "en-GB")
    sign_in(desk, officer.username)
    step = desk.locator(
        "#my-work li.next-step", has_text=f"Review the rectification answers of {enterprise_b.name_en}"
    )
    screenshot(desk, "rectification-team-my-work-en")
    click(desk, step.get_by_role("link", name="Review the answers"))
    click(desk, desk.get_by_role("link", name=row.item.code).first)
    assert "已建立封条使用登记台账，附台账样本。" in desk.locator("main").inner_text()
    desk.check("input[name=accept][value='1']")
    click(desk, desk.get_by_role("button", name="Save and continue"))
    row.refresh_from_db()
    assert (row.rectification, row.finding) == (ApplicationItem.Rectification.ACCEPTED, Result.MEETS)

    # The enterprise hears, in Chinese, that every answer is reviewed.
    page.goto("/notifications/")
    assert "所有整改答复均已审核，审核结果见申请页面。" in page.locator("main").inner_text()
    screenshot(page, "rectification-enterprise-inbox-zh")

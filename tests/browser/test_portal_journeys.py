"""The enterprise user's and the coordinator's main jobs in a real browser.

The enterprise user signs in to "What to do next", follows the statement action of a notice of
intended dishonest determination and states the case; the notice then waits on customs. The
coordinator signs in, reads the queue's deadlines, narrows it to late cases, logs a phone call from
the queue and finds it on the case page.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination import cases
from coordination.models import Case, ServiceLogEntry
from enterprises.models import DishonestProposal, DishonestStatement
from rulebooks.selectors import rulebook_in_force
from tests.browser.conftest import screenshot, sign_in
from tests.factories.enterprises import (
    ArrearFactory,
    DishonestProposalFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def notified(offices, business_types):
    """A regular enterprise with a notice to answer in three days and a tax arrear overdue."""
    enterprise = EnterpriseFactory(
        name="青海示例盐湖化工有限公司",
        name_en="Qinghai Example Salt Lake Chemicals Co., Ltd.",
        customs_office=offices["9700"],
        business_types=[business_types["consignee_consignor"]],
    )
    user = EnterpriseMembershipFactory(enterprise=enterprise, user__username="salt_lake").user
    user.preferred_language = "en"
    user.save()
    ArrearFactory(enterprise=enterprise, reference="XN-TAX-0412", due_on=_days(-20))
    return DishonestProposalFactory(
        enterprise=enterprise,
        criterion=rulebook_in_force().criteria.get(code="art22-3"),
        status=DishonestProposal.Status.NOTIFIED,
        notified_at=timezone.now(),
        statement_due=_days(3),
        grounds="Supervision-rule penalties above the share of last year's documents.",
    )


def steps(page):
    return page.locator("#next ol > li")


def switch_language(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_the_enterprise_answers_a_notice_from_what_to_do_next(page, notified):
    sign_in(page, "salt_lake")
    heading = page.get_by_role("heading", name="What to do next")
    expect(heading).to_be_visible()
    assert steps(page).count() == 2
    first, second = steps(page).nth(0), steps(page).nth(1)
    assert "XN-TAX-0412" in first.inner_text()
    assert "Overdue" in first.inner_text()  # in words, not only in red
    assert "Due soon" in second.inner_text()
    assert "article not verified" in second.inner_text()  # Order 282: no number yet
    screenshot(page, "portal-next-steps-en")

    second.get_by_role("link", name="Write the statement").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/enterprises/proposals/{notified.pk}/#action-statement")
    statement = page.locator("textarea[name=statement-text]")
    expect(statement).to_be_visible()
    statement.fill("The penalties were for late declarations by one clerk; training is in place.")
    page.set_input_files(
        "input[name=statement-files]",
        files=[{"name": "training.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}],
    )
    screenshot(page, "portal-statement-en")
    page.get_by_role("button", name="Submit a statement", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "training is in place" in page.locator("#statements").inner_text()
    assert DishonestStatement.objects.filter(proposal=notified).count() == 1

    page.goto("/")
    assert steps(page).count() == 1  # the notice is answered: only the arrear is left to do
    waiting = page.locator("#next .card-footer").inner_text()
    assert "Customs decides on the intended determination (article not verified)" in waiting
    screenshot(page, "portal-next-steps-answered-en")
    switch_language(page, "中文")
    expect(page.locator("#next-heading")).to_be_visible()
    screenshot(page, "portal-next-steps-zh")


@pytest.fixture
def queue(enterprise_a, enterprise_user, coordinator):
    """Three open cases of enterprise A for its coordinator: late, due today, due next week."""
    coordinator.preferred_language = "en"
    coordinator.save()
    opened = {}
    for subject, due_in in (("Held shipment", -2), ("Licence question", 0), ("AEO partner benefits", 6)):
        case = cases.case_open(
            actor=enterprise_user,
            enterprise=enterprise_a,
            category=Case.Category.DIFFICULT_MATTER,
            subject=subject,
            description="Please help.",
        )
        Case.objects.filter(pk=case.pk).update(due_on=_days(due_in))
        opened[subject] = case
    return opened


def test_the_coordinator_logs_a_contact_from_the_queue(page, queue, coordinator):
    sign_in(page, coordinator.username)
    page.locator("#main-nav").get_by_role("link", name="Cases").click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.case-queue tbody tr:not(.quick-log-row)")
    assert [rows.nth(n).locator("td a").first.inner_text() for n in range(3)] == [
        "Held shipment",
        "Licence question",
        "AEO partner benefits",
    ]
    assert "Overdue" in rows.nth(0).inner_text()
    assert "Due today" in rows.nth(1).inner_text()
    screenshot(page, "coordinator-queue-en")

    page.check("input[name=overdue]")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("networkidle")
    filtered = page.url
    assert "overdue=on" in filtered
    late = page.locator("details.quick-log").first
    late.locator("summary").click()
    late.locator("select[name=channel]").select_option("phone")
    late.locator("input[name=people]").fill("Ma Li, customs manager")
    late.locator("textarea[name=result]").fill("The port releases the shipment tomorrow morning.")
    late.locator("input[name=next_action]").fill("Confirm the release with Ma Li tomorrow")
    screenshot(page, "coordinator-quick-log-en")
    late.get_by_role("button", name="Log the contact").click()
    page.wait_for_load_state("networkidle")
    assert page.url == filtered  # back to the same filtered queue
    assert "Contact logged on “Held shipment”." in page.locator("main .alert-success").inner_text()
    entry = ServiceLogEntry.objects.get(case=queue["Held shipment"])
    assert (entry.channel, entry.logged_by) == ("phone", coordinator)

    page.get_by_role("link", name="Held shipment").click()
    page.wait_for_load_state("networkidle")
    log = page.locator("section[aria-labelledby=log-heading]").inner_text()
    assert "The port releases the shipment tomorrow morning." in log
    assert "Confirm the release with Ma Li tomorrow" in log
    screenshot(page, "coordinator-case-logged-en")
    page.goto("/coordination/cases/")
    switch_language(page, "中文")
    screenshot(page, "coordinator-queue-zh")

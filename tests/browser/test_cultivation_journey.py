"""The cultivation journey on the demo data, in a real browser: an officer of Xining Customs selects
Qinghai Lithium Materials on the selection screen, opens a two-year plan, records a baseline mock
review (a gap), a guidance session and a passing review, and recommends applying; the enterprise's
user finds the pre-filled application on the home page and submits it."""

import pytest
from django.core.management import call_command

from accounts.models import User
from certification.models import Application
from cultivation.models import CultivationPlan
from enterprises.models import Enterprise
from tests.browser.conftest import screenshot, sign_in
from tests.factories.enterprises import EnterpriseMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LITHIUM = "Qinghai Example Lithium Materials Co., Ltd."


@pytest.fixture
def demo(settings, catalogue):
    """The demo data on top of the reference data (a transactional test may have emptied it)."""
    settings.DEMO_PASSWORD = "demo-journey-2026"
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    User.objects.filter(username="officer").update(preferred_language="en")
    lithium = Enterprise.objects.get(name_en=LITHIUM)
    user = EnterpriseMembershipFactory(enterprise=lithium, user__username="lithium").user
    user.preferred_language = "en"
    user.save()
    return user


def score(page, failing=()):
    """Fill a finding for every item on the mock review page: meets, except `failing`."""
    for select in page.locator("select[name^=result_]").all():
        code = select.get_attribute("name").removeprefix("result_")
        select.select_option("fails" if code in failing else "meets")
    page.get_by_role("button", name="Score the mock review").click()
    page.wait_for_load_state("networkidle")


def test_from_the_selection_screen_to_a_submitted_application(page, browser, live_server, demo):
    sign_in(page, "officer", "demo-journey-2026")
    page.goto("/cultivation/")
    assert "by phase" in page.content()
    screenshot(page, "cultivation-dashboard-en")
    page.get_by_role("link", name="Select candidates").first.click()
    page.fill("input[name=min_growth_percent]", "20")
    page.check("input[name=key_industry]")
    page.get_by_role("button", name="Preview matching enterprises").click()
    page.wait_for_load_state("networkidle")
    assert "1 enterprise matches" in page.content()
    page.get_by_label(LITHIUM).check()
    screenshot(page, "cultivation-selection-en")
    page.get_by_role("button", name="Add the ticked enterprises to the pool").click()
    page.wait_for_load_state("networkidle")
    assert "1 enterprise added to the pool." in page.content()

    page.goto("/cultivation/candidates/")
    page.get_by_role("link", name=LITHIUM).click()
    page.get_by_role("link", name="Open a cultivation plan").click()
    screenshot(page, "cultivation-plan-form-en")
    page.get_by_role("button", name="Open the plan").click()
    page.wait_for_load_state("networkidle")
    plan = CultivationPlan.objects.get(enterprise__name_en=LITHIUM)
    assert (plan.target_on - plan.starts_on).days in (730, 731)  # two years, like the Qinghai example
    assert "Baseline review and gap analysis" in page.content()

    page.get_by_role("link", name="Record a mock review").click()
    score(page, failing=("A-G-01",))
    assert "would not pass certification yet" in page.content()
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Record a guidance session").first.click()
    page.fill("input[name=held_on]", plan.starts_on.isoformat())
    page.fill("textarea[name=attendees]", "Xihai Customs: 2; enterprise: general manager")
    page.fill("textarea[name=topics]", "Internal control: customs compliance policy")
    page.fill("textarea[name=notes]", "The policy draft is due next month.")
    page.get_by_role("button", name="Record the session").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Mark completed").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Record a mock review").click()
    score(page)
    assert "would pass certification" in page.content()
    page.goto(plan.get_absolute_url())
    assert "A-G-01" in page.content()  # the gap, now closed by the passing review
    screenshot(page, "cultivation-plan-en")
    page.get_by_role("button", name="Recommend and open the application").click()
    page.wait_for_load_state("networkidle")
    assert "Customs recommended applying" in page.content()

    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    portal = context.new_page()
    sign_in(portal, demo.username)
    portal.locator("#next ol > li").first.get_by_role("link").click()  # the first thing to do
    portal.wait_for_load_state("networkidle")
    application = Application.objects.get(enterprise__name_en=LITHIUM)
    portal.goto(f"/certification/{application.pk}/submit/")
    screenshot(portal, "cultivation-application-submit-en")
    portal.get_by_role("button", name="Submit the application").click()
    portal.wait_for_load_state("networkidle")
    context.close()
    application.refresh_from_db()
    assert application.status == "submitted"
    plan.refresh_from_db()
    assert plan.status == "recommended"
    # The hand-off back to customs: the submitted application waits in the officer's "My work".
    page.goto("/work/")
    assert f"Accept or return the application of {LITHIUM}" in page.locator(".my-work").inner_text()
    screenshot(page, "cultivation-officer-my-work-en")

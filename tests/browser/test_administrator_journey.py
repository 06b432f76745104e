"""The administrator's job in a real browser: add a coordinator for Xining Customs in the admin (the
user with the role, then the coordinator profile the admin prompts for), look at the coordinators'
workload, and hand one of an overloaded coordinator's enterprises to the new one."""

import pytest

from accounts.models import User
from coordination.models import CoordinatorProfile
from tests.browser.conftest import screenshot, sign_in
from tests.factories.coordination import CoordinatorProfileFactory
from tests.factories.enterprises import CoordinatorAssignmentFactory, EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME_EN = "Qinghai Example Highland Barley Foods Co., Ltd."


@pytest.fixture
def xining(quick_passwords, offices, administrator):
    """A Xining coordinator at capacity with two AEO enterprises; the administrator reads English."""
    first = CoordinatorAssignmentFactory(
        enterprise=EnterpriseFactory(
            name="青海示例青稞食品有限公司",
            name_en=NAME_EN,
            customs_office=offices["9700"],
            credit_grade="advanced_certified",
        ),
        coordinator__username="coord_busy",
        coordinator__full_name="Ma Jun",
        coordinator__office=offices["9700"],
    ).coordinator
    CoordinatorProfileFactory(user=first, office=offices["9700"], capacity=2)
    CoordinatorAssignmentFactory(
        enterprise=EnterpriseFactory(customs_office=offices["9700"], credit_grade="advanced_certified"),
        coordinator=first,
    )
    administrator.preferred_language = "en"
    administrator.save()
    return first


def test_add_a_coordinator_and_hand_over_an_enterprise(page, xining, administrator, offices):
    sign_in(page, administrator.username)
    page.locator("#users-heading").locator("../..").get_by_role("link", name="Manage users").click()
    page.get_by_role("link", name="Add user").click()
    page.fill("input[name=username]", "coord_new")
    page.fill("input[name=full_name]", "Li Na")
    page.select_option("select[name=role]", "coordinator")
    page.locator("#id_office").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-search__field").fill("9700")
    page.locator(".select2-results__option", has_text="Xining Customs").first.click()
    page.fill("input[name=password1]", "Highland-Coordinator-2026")
    page.fill("input[name=password2]", "Highland-Coordinator-2026")
    screenshot(page, "admin-add-user-en")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("networkidle")
    new = User.objects.get(username="coord_new")
    assert (new.role, new.office.code, new.is_staff) == ("coordinator", "9700", True)
    assert "add the profile" in page.locator(".messagelist").inner_text()
    screenshot(page, "admin-user-added-en")

    page.get_by_role("link", name="add the profile").click()
    assert page.locator("select[name=office]").input_value() == str(offices["9700"].pk)
    page.fill("input[name=capacity]", "30")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("networkidle")
    assert CoordinatorProfile.objects.get(user=new).office.code == "9700"

    page.goto("/coordination/workload/")
    rows = page.locator("tbody tr")
    assert rows.filter(has_text="Li Na").locator("td").nth(2).inner_text() == "0"
    busy = rows.filter(has_text="Ma Jun")
    assert busy.locator("td").nth(2).inner_text() == "2"
    screenshot(page, "admin-workload-en")
    busy.get_by_role("link", name="2").click()
    assert "Enterprises that coordinator coord_busy looks after." in page.content()
    assert page.locator("tbody tr").count() == 2
    page.get_by_role("link", name=NAME_EN).click()
    page.locator("section[aria-labelledby=profile-heading]").get_by_role("link", name="Change").click()
    page.select_option("select[name=coordinator]", label="Li Na · 0 enterprises now")
    screenshot(page, "admin-assign-coordinator-en")
    page.get_by_role("button", name="Assign").click()
    page.wait_for_load_state("networkidle")
    assert "The coordinator has been assigned." in page.content()
    assert "Li Na" in page.locator("section[aria-labelledby=profile-heading]").inner_text()

    page.goto("/coordination/workload/")
    assert rows.filter(has_text="Li Na").locator("td").nth(2).inner_text() == "1"
    assert rows.filter(has_text="Ma Jun").locator("td").nth(2).inner_text() == "1"
    screenshot(page, "admin-workload-after-en")

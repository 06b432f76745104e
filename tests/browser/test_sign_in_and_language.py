"""Journeys through the real UI: sign in as each role, switch language, look around."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_and_switches_to_english(page, officer, enterprise_a, enterprise_b):
    page.goto("/")
    assert "/accounts/login/" in page.url
    screenshot(page, "login-zh")
    sign_in(page, officer.username)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "工作台"
    screenshot(page, "officer-home-zh")

    page.click("button[name=language][value=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Dashboard"
    screenshot(page, "officer-home-en")

    page.click("text=Search enterprises")
    page.fill("input[name=q]", enterprise_a.name)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("tbody tr").count() == 1
    page.click(f"text={enterprise_a.name_en}")
    expect(page.locator("#history-heading")).to_be_visible()
    screenshot(page, "enterprise-detail-en")


def test_wrong_password_is_explained_on_the_form(page, officer):
    sign_in(page, officer.username, password="not-the-password")
    assert "/accounts/login/" in page.url
    expect(page.locator(".alert-danger")).to_be_visible()


def test_enterprise_user_sees_only_the_portal(page, enterprise_user, enterprise_a):
    sign_in(page, enterprise_user.username)
    assert page.locator("h1").inner_text() == "企业门户"
    assert enterprise_a.uscc in page.content()
    screenshot(page, "enterprise-home-zh")


def test_coordinator_sees_assigned_enterprises(page, coordinator, enterprise_a):
    sign_in(page, coordinator.username)
    assert enterprise_a.name in page.locator("table").inner_text()
    screenshot(page, "coordinator-home-zh")


def test_phone_width_menu_opens(page, officer):
    sign_in(page, officer.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.click(".navbar-toggler")
    page.wait_for_selector("#main-nav.show")
    expect(page.locator("#main-nav").get_by_role("link", name="企业").first).to_be_visible()

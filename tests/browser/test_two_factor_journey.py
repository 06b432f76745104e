"""An officer's first sign-in where two factors are required: set up the app, keep the recovery
codes, then on to work."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.two_factor, pytest.mark.django_db(transaction=True)]


def test_officer_sets_up_the_authenticator_app_at_first_sign_in(page, live_server, officer):
    sign_in(page, officer.username)
    assert "/accounts/two-factor/enrol/" in page.url
    expect(page.locator("figure svg")).to_be_visible()
    screenshot(page, "two-factor-enrol-zh")

    # What the person does with an app: type the secret shown, read back the code.
    secret = page.locator("#two-factor-secret").inner_text()
    page.fill("input[name=code]", f"{totp(b32decode(''.join(secret.split()))):06d}")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert TOTPDevice.objects.get(user=officer).confirmed
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    kept = page.locator("ol.recovery-codes li").all_inner_texts()
    stored = StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    assert sorted(kept) == sorted(stored)
    screenshot(page, "two-factor-recovery-codes-zh")
    page.get_by_role("link", name="已妥善保存，继续").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/"

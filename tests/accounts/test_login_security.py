"""Signing in is locked out after repeated failures on every way in; passwords and sessions end cleanly."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
NEW_PASSWORD = "a-new-long-passphrase-2026"
LOCKED_MESSAGE = "Too many failed sign-in attempts"


def sign_in(client, username, password=TEST_PASSWORD, url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en", **extra)


def token_for(api_client, username, password=TEST_PASSWORD, **extra):
    return api_client.post(TOKEN, {"username": username, "password": password}, format="json", **extra)


def fail(client, username, times, url=LOGIN):
    return [sign_in(client, username, "wrong", url=url).status_code for _ in range(times)]


def test_the_sign_in_page_pauses_a_username_after_five_failures_with_the_reason(client, officer):
    assert fail(client, officer.username, 4) == [200] * 4
    locked = sign_in(client, officer.username, "wrong")
    assert locked.status_code == 429
    assert LOCKED_MESSAGE in locked.content.decode()
    assert "registration/locked_out.html" in [template.name for template in locked.templates]
    assert locked["Retry-After"] == "900"

    refused = sign_in(client, officer.username)  # even the right password
    assert refused.status_code == 429
    assert client.get("/").status_code == 302


def test_the_pause_is_per_username_and_address(client, officer, second_officer):
    fail(client, officer.username, 5)
    assert sign_in(client, second_officer.username).status_code == 302
    assert sign_in(Client(REMOTE_ADDR="192.0.2.20"), officer.username).status_code == 302


def test_the_pause_ends_after_the_cool_off_and_further_tries_do_not_extend_it(client, officer):
    fail(client, officer.username, 5)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14)):
        assert sign_in(client, officer.username).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert sign_in(client, officer.username).status_code == 302


def test_a_complete_sign_in_forgets_the_failures(client, officer):
    fail(client, officer.username, 4)
    assert sign_in(client, officer.username).status_code == 302
    client.post("/accounts/logout/")
    assert fail(client, officer.username, 4) == [200] * 4
    assert sign_in(client, officer.username).status_code == 302


def test_the_admin_sign_in_is_paused_the_same_way(client, administrator):
    assert fail(client, administrator.username, 4, url=ADMIN_LOGIN) == [200] * 4
    assert sign_in(client, administrator.username, "wrong", url=ADMIN_LOGIN).status_code == 429
    refused = sign_in(client, administrator.username, url=ADMIN_LOGIN)
    assert refused.status_code == 429
    assert LOCKED_MESSAGE in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_token_endpoint_answers_429_in_json(api_client, officer):
    assert [token_for(api_client, officer.username, "wrong").status_code for _ in range(4)] == [400] * 4
    assert token_for(api_client, officer.username, "wrong").status_code == 429
    refused = token_for(api_client, officer.username, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert LOCKED_MESSAGE in refused.json()["detail"]
    assert refused["Retry-After"] == "900"


def test_failures_on_every_way_in_add_up(client, api_client, administrator):
    fail(client, administrator.username, 2)
    fail(client, administrator.username, 2, url=ADMIN_LOGIN)
    assert token_for(api_client, administrator.username, "wrong").status_code == 429
    assert sign_in(client, administrator.username).status_code == 429


@pytest.mark.parametrize("weak", ["password123", "12345678901234", "officer_xn1"])
def test_a_weak_password_is_refused_on_the_password_page(client, officer, weak):
    client.force_login(officer)
    response = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": weak, "new_password2": weak},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    officer.refresh_from_db()
    assert officer.check_password(TEST_PASSWORD)


def test_a_session_ends_with_the_browser_and_after_eight_hours(client, officer):
    response = sign_in(client, officer.username)
    cookie = response.cookies["sessionid"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")  # a browser-session cookie
    signed_in_at = timezone.now()
    with time_machine.travel(signed_in_at + datetime.timedelta(hours=7, minutes=59)):
        assert client.get("/").status_code == 200
    with time_machine.travel(signed_in_at + datetime.timedelta(hours=8, minutes=1)):
        expired = client.get("/enterprises/")
    assert (expired.status_code, expired["Location"]) == (302, "/accounts/login/?next=/enterprises/")


def test_changing_the_password_ends_the_tokens_and_the_other_sessions(client, api_client, officer):
    token = token_for(api_client, officer.username).json()["token"]
    other_browser = Client()
    sign_in(other_browser, officer.username)
    sign_in(client, officer.username)

    changed = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert client.get("/").status_code == 200
    assert other_browser.get("/").status_code == 302
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    "form",
    [
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        {"usable_password": "false", "unset-password": "1"},
    ],
    ids=["new password", "password sign-in disabled"],
)
def test_an_administrator_setting_the_password_in_the_admin_ends_the_tokens(
    client, api_client_for, administrator, officer, form
):
    officer_api = api_client_for(officer)
    assert officer_api.get("/api/v1/me/").status_code == 200
    client.force_login(administrator)
    assert client.post(f"/admin/accounts/user/{officer.pk}/password/", form).status_code == 302
    assert officer_api.get("/api/v1/me/").status_code == 401


def test_a_password_set_by_code_ends_the_tokens_but_signing_in_does_not(api_client_for, officer):
    officer_api = api_client_for(officer)
    assert token_for(APIClient(), officer.username).status_code == 200  # signing in keeps the token
    assert officer_api.get("/api/v1/me/").status_code == 200
    officer.set_password(NEW_PASSWORD)
    officer.save()
    assert officer_api.get("/api/v1/me/").status_code == 401

"""Officers and administrators confirm each sign-in with an authenticator app's code (TOTP)."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import ActivityEntry, User
from core.errors import NotPermitted
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.notifications import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/verify/"
ENROL = "/accounts/two-factor/enrol/"
RECOVERY = "/accounts/two-factor/recovery-codes/"
TOKEN = "/api/v1/auth/token/"


def code_for(key):
    """The code an authenticator app holding `key` shows now."""
    return f"{totp(bytes.fromhex(key)):06d}"


def wrong_code(key):
    return f"{(int(code_for(key)) + 500_000) % 1_000_000:06d}"


def next_time_step():
    """Half a minute on: the app shows a new code."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=30))


def sign_in(client, user, password=TEST_PASSWORD, **extra):
    """Sign in with the password, as a user whose language is English (the messages are read in it)."""
    type(user).objects.filter(pk=user.pk).update(preferred_language="en")
    return client.post(LOGIN, {"username": user.username, "password": password}, **extra)


def give_code(client, code):
    return client.post(VERIFY, {"code": code}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def app(officer):
    """The officer's authenticator app, set up earlier."""
    return TOTPDevice.objects.create(user=officer, name=two_factor.DEVICE_NAME, confirmed=True)


def test_required_for_officers_unless_debug_so_the_demo_signs_in_with_a_password(settings):
    assert settings.OFFICER_2FA_REQUIRED is True  # the run has DEBUG off, as in production
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.OFFICER_2FA_REQUIRED)"
    )
    environ = {"PATH": os.environ["PATH"], "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "credit_mgmt.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["False"], result.stderr


def test_an_officer_without_an_app_sets_one_up_before_anything_else(client, officer):
    response = sign_in(client, officer, follow=True)
    assert response.redirect_chain[-1][0] == f"{ENROL}?next=%2F"
    page = response.content.decode()
    assert "<svg" in page
    assert two_factor.enrolment_secret(client.session[two_factor.ENROLMENT_KEY]) in page

    for url in ["/enterprises/", "/admin/", "/accounts/password/", "/accounts/two-factor/"]:
        held = client.get(url)
        assert (held.status_code, held["Location"].split("?")[0]) == (302, VERIFY), url
    api = client.get("/api/v1/me/")
    assert api.status_code == 403
    assert "authenticator app" in api.json()["detail"]


def test_createsuperuser_makes_an_administrator_who_signs_in_to_the_admin_with_two_factors(
    client, offices, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", TEST_PASSWORD)
    call_command("createsuperuser", username="root", email="root@example.org", interactive=False)
    root = User.objects.get(username="root")
    assert (root.role, root.office.level, root.is_staff) == ("administrator", "gac", True)
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_superuser_of_any_role_is_held_at_the_second_step(client, enterprise_user):
    User.objects.filter(pk=enterprise_user.pk).update(is_superuser=True, is_staff=True)
    client.force_login(enterprise_user)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_session_opened_without_the_sign_in_page_is_held_too(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_setting_up_the_app_is_confirmed_by_a_code_and_audited(client, officer):
    sign_in(client, officer)
    client.get(ENROL)
    key = client.session[two_factor.ENROLMENT_KEY]

    refused = client.post(
        ENROL, {"code": wrong_code(key), "next": "/enterprises/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=officer).exists()

    done = client.post(ENROL, {"code": code_for(key), "next": "/enterprises/"})
    assert (done.status_code, done["Location"]) == (302, f"{RECOVERY}?next=%2Fenterprises%2F")
    # Ten recovery codes are shown once, then the officer goes on where they were going.
    shown = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en")
    codes = shown.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    page = shown.content.decode()
    assert all(code in page for code in codes)
    assert 'href="/enterprises/"' in page
    assert client.get(RECOVERY)["Location"] == "/accounts/two-factor/"
    assert client.get("/").status_code == 200
    assert client.get("/accounts/two-factor/").context["device"].key == key
    assert ActivityEntry.objects.filter(verb="two_factor.enrolled", target_id=str(officer.pk)).count() == 1

    # The code that set the app up cannot sign in again; the next one can.
    client.post("/accounts/logout/")
    sign_in(client, officer)
    assert give_code(client, code_for(key)).status_code == 200
    with next_time_step():
        assert give_code(client, code_for(key))["Location"] == "/"


def test_an_officer_with_an_app_gives_its_code_once(client, officer, app):
    assert sign_in(client, officer)["Location"] == "/"
    assert client.get("/enterprises/")["Location"] == f"{VERIFY}?next=/enterprises/"
    assert client.get(VERIFY, {"next": "/enterprises/"}).status_code == 200

    badly_typed = client.post(VERIFY, {"code": "12ab56"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "6 digits" in badly_typed.context["form"].errors["code"][0]
    code = code_for(app.key)
    done = client.post(VERIFY, {"code": code, "next": "/enterprises/"})
    assert (done.status_code, done["Location"]) == (302, "/enterprises/")
    assert client.get("/enterprises/").status_code == 200
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    sign_in(client, officer)
    replayed = give_code(client, code)
    assert "used already" in replayed.context["form"].errors["code"][0]
    assert client.get("/")["Location"].startswith(VERIFY)


def test_the_code_step_shows_no_navigation_until_the_code_is_given(client, officer, app):
    """Nothing of the officer's work (menus, the unread count) shows before the second step."""
    NotificationFactory(recipient=officer)
    sign_in(client, officer)
    step = client.get(VERIFY).content.decode()
    assert 'href="/enterprises/"' not in step
    assert "text-bg-warning" not in step
    assert 'action="/accounts/logout/"' in step
    give_code(client, code_for(app.key))
    home = client.get("/").content.decode()
    assert 'href="/enterprises/"' in home
    assert 'badge rounded-pill text-bg-warning">1<' in home


def test_wrong_codes_count_towards_the_lockout_and_end_the_session(client, officer, app):
    sign_in(client, officer)
    assert [give_code(client, wrong_code(app.key)).status_code for _ in range(4)] == [200] * 4
    locked = give_code(client, wrong_code(app.key))
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert client.get("/")["Location"].startswith(LOGIN)
    assert sign_in(client, officer).status_code == 429


def test_the_password_alone_does_not_forget_wrong_codes(client, officer, app):
    sign_in(client, officer)
    for _ in range(3):
        give_code(client, wrong_code(app.key))
    client.post("/accounts/logout/")
    sign_in(client, officer)
    give_code(client, wrong_code(app.key))
    assert give_code(client, wrong_code(app.key)).status_code == 429


def test_an_app_set_up_by_choice_is_asked_for_even_where_not_required(client, settings, officer):
    settings.OFFICER_2FA_REQUIRED = False
    sign_in(client, officer)
    status = client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Set up an authenticator app" in status.content.decode()
    client.get(ENROL)
    key = client.session[two_factor.ENROLMENT_KEY]
    client.post(ENROL, {"code": code_for(key)})

    client.post("/accounts/logout/")
    sign_in(client, officer)
    assert client.get("/")["Location"].startswith(VERIFY)
    with next_time_step():
        give_code(client, code_for(key))
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", ["enterprise_user", "coordinator"])
def test_enterprise_users_and_coordinators_sign_in_with_a_password(client, request, role):
    user = request.getfixturevalue(role)
    sign_in(client, user)
    assert client.get("/").status_code == 200
    status = client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "password alone" in status


def test_the_token_endpoint_asks_for_the_code_once_an_app_is_set_up(api_client, officer, app):
    credentials = {"username": officer.username, "password": TEST_PASSWORD}
    missing = api_client.post(TOKEN, credentials, format="json")
    assert missing.status_code == 400
    assert set(missing.json()) == {"otp"}
    assert api_client.post(TOKEN, {**credentials, "otp": "12345"}, format="json").status_code == 400
    assert (
        api_client.post(TOKEN, {**credentials, "otp": wrong_code(app.key)}, format="json").status_code == 400
    )

    with next_time_step():  # past the app's pause after a wrong code
        code = code_for(app.key)
        granted = api_client.post(TOKEN, {**credentials, "otp": code}, format="json")
        assert granted.status_code == 200
        assert granted.json()["token"]
        replayed = api_client.post(
            TOKEN, {**credentials, "otp": code}, format="json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert "used already" in replayed.json()["otp"][0]


def test_wrong_codes_on_the_token_endpoint_lock_out_too(api_client, officer, app):
    credentials = {"username": officer.username, "password": TEST_PASSWORD, "otp": wrong_code(app.key)}
    answers = [api_client.post(TOKEN, credentials, format="json").status_code for _ in range(5)]
    assert answers == [400] * 4 + [429]


def test_the_token_endpoint_sends_an_officer_without_an_app_to_the_web(api_client, officer):
    response = api_client.post(
        TOKEN,
        {"username": officer.username, "password": TEST_PASSWORD},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "sign in on the web once" in response.json()["non_field_errors"][0]


def test_the_token_endpoint_needs_no_code_from_an_enterprise_user(api_client, enterprise_user):
    response = api_client.post(
        TOKEN, {"username": enterprise_user.username, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200


def test_an_administrator_resets_a_lost_app_and_the_officer_sets_up_a_new_one(
    client, administrator, officer, app
):
    officer_browser = Client()
    sign_in(officer_browser, officer)
    give_code(officer_browser, code_for(app.key))
    assert officer_browser.get("/").status_code == 200

    two_factor.recovery_codes_make(user=officer)
    admin_app = TOTPDevice.objects.create(user=administrator, name=two_factor.DEVICE_NAME, confirmed=True)
    sign_in(client, administrator)
    give_code(client, code_for(admin_app.key))
    listing = client.get("/admin/accounts/user/")
    assert listing.status_code == 200
    reset = client.post(
        "/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [officer.pk]}, follow=True
    )
    assert reset.status_code == 200
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    entry = ActivityEntry.objects.get(verb="two_factor.reset")
    assert (entry.actor, entry.target_id) == (administrator, str(officer.pk))

    assert officer_browser.get("/", follow=True).redirect_chain[-1][0].startswith(ENROL)
    with pytest.raises(NotPermitted):
        two_factor.device_reset(actor=officer, user=administrator)


def give_recovery_code(client, code):
    return client.post(VERIFY, {"code": code, "recovery": "1"}, HTTP_ACCEPT_LANGUAGE="en")


def test_a_recovery_code_signs_in_once_in_place_of_the_app(client, officer, app):
    codes = two_factor.recovery_codes_make(user=officer)
    sign_in(client, officer)
    form = client.get(f"{VERIFY}?recovery=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enter one of the recovery codes you kept" in form
    # Typed as people copy it: in capitals, with a space.
    signed_in = client.post(
        VERIFY, {"code": f" {codes[3][:8].upper()} {codes[3][8:]}", "recovery": "1"}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == "/"
    assert "9 codes are left" in signed_in.content.decode()
    entry = ActivityEntry.objects.get(verb="two_factor.recovery_code_used")
    assert entry.actor == officer

    client.post("/accounts/logout/")
    sign_in(client, officer)
    used_again = give_recovery_code(client, codes[3])
    assert used_again.status_code == 200
    refusal = "That recovery code is not valid or was used already."
    assert used_again.context["form"].errors["code"] == [refusal]
    assert client.get("/")["Location"].startswith(VERIFY)


def test_wrong_recovery_codes_count_towards_the_lockout(client, officer, app):
    two_factor.recovery_codes_make(user=officer)
    sign_in(client, officer)
    assert [give_recovery_code(client, "notarecoverycode").status_code for _ in range(4)] == [200] * 4
    assert give_recovery_code(client, "notarecoverycode").status_code == 429


def test_new_recovery_codes_end_the_old_ones(client, officer, app):
    old = two_factor.recovery_codes_make(user=officer)
    sign_in(client, officer)
    give_code(client, code_for(app.key))
    status = client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE="en")
    assert status.context["recovery_codes_left"] == 10
    made = client.post(RECOVERY, HTTP_ACCEPT_LANGUAGE="en")
    new = made.context["codes"]
    assert len(new) == 10
    assert not set(new) & set(old)
    assert StaticDevice.objects.get(user=officer).token_set.count() == 10

    client.post("/accounts/logout/")
    sign_in(client, officer)
    assert give_recovery_code(client, old[0]).status_code == 200  # refused: it ended
    with next_time_step():  # after a wrong code the device waits a moment before the next
        assert give_recovery_code(client, new[0])["Location"] == "/"


def test_recovery_codes_need_an_app_first(client, settings, coordinator, officer):
    with pytest.raises(ValidationError):
        two_factor.recovery_codes_make(user=officer)
    assert not StaticDevice.objects.exists()

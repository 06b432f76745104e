import datetime
import hashlib

import pytest

from accounts.models import ApiToken
from accounts.tokens import token_issue, tokens_delete_expired
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_token_for_right_credentials_authenticates_later_calls(api_client, officer):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api_client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == officer.username
    assert me.json()["role"] == "officer"
    assert me.json()["office"] == "9700"


def test_wrong_password_is_a_400_with_a_message(api_client, officer):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_missing_fields_are_field_errors(api_client):
    response = api_client.post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_no_credentials_is_401(api_client):
    assert api_client.get("/api/v1/enterprises/").status_code == 401


def test_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api_client.get("/api/v1/me/").status_code == 401


def test_session_auth_works_for_the_api(client, officer):
    client.force_login(officer)
    assert client.get("/api/v1/me/").json()["username"] == officer.username


def test_enterprise_user_me_names_their_enterprise(api_client_for, enterprise_user, enterprise_a):
    assert api_client_for(enterprise_user).get("/api/v1/me/").json()["enterprise"] == enterprise_a.pk


def test_the_database_keeps_only_the_digest_of_a_token(api_client, officer):
    key = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": TEST_PASSWORD}, format="json"
    ).json()["token"]
    stored = ApiToken.objects.get(user=officer)
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.digest, str(stored)}
    # Presenting the stored digest as a key signs nobody in.
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {stored.digest}")
    assert api_client.get("/api/v1/me/").status_code == 401


ISSUED = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("checked_at", "status"),
    [
        (datetime.datetime(2026, 12, 8, 8, 59, tzinfo=datetime.UTC), 200),
        (datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC), 401),
        (datetime.datetime(2026, 12, 8, 9, 1, tzinfo=datetime.UTC), 401),
    ],
)
def test_a_token_ends_24_hours_after_it_was_issued(
    api_client, officer, settings, time_machine, checked_at, status
):
    settings.API_TOKEN_HOURS = 24
    time_machine.move_to(ISSUED, tick=False)
    key = token_issue(officer)
    time_machine.move_to(checked_at, tick=False)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    if status == 401:
        assert response.json()["detail"] == "The token has expired: ask for a new one."


def test_each_sign_in_issues_a_new_token_and_housekeeping_deletes_the_expired(
    api_client, officer, settings, time_machine
):
    settings.API_TOKEN_HOURS = 24
    time_machine.move_to(ISSUED, tick=False)
    first, second = token_issue(officer), token_issue(officer)
    assert first != second
    assert tokens_delete_expired() == 0
    time_machine.move_to(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC), tick=False)
    assert tokens_delete_expired() == 2
    assert not ApiToken.objects.exists()

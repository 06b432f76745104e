import pytest

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

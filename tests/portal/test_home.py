"""Each role signs in and lands on a home page made for it, in Chinese or English."""

import pytest

from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_with_the_form(client, officer):
    response = client.post("/accounts/login/", {"username": officer.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_shows_an_error_on_the_form(client, officer):
    response = client.post("/accounts/login/", {"username": officer.username, "password": "nope"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


@pytest.mark.parametrize(
    ("role_fixture", "english_marker"),
    [
        ("officer", "Enterprises by credit grade"),
        ("administrator", "User accounts"),
        ("coordinator", "The AEO enterprises assigned to you"),
        ("enterprise_user", "Enterprise portal"),
    ],
)
def test_role_home_page_in_english(client, request, role_fixture, english_marker):
    client.force_login(request.getfixturevalue(role_fixture))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english_marker in page
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    ("role_fixture", "chinese_marker"),
    [("officer", "工作台"), ("coordinator", "协调员"), ("enterprise_user", "企业门户")],
)
def test_role_home_page_in_chinese_by_default(client, request, role_fixture, chinese_marker):
    client.force_login(request.getfixturevalue(role_fixture))
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert chinese_marker in page


def test_officer_dashboard_counts_only_the_jurisdiction(
    client, officer, enterprise_a, enterprise_b, enterprise_sh
):
    client.force_login(officer)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["enterprise_total"] == 2
    assert response.context["aeo_total"] == 1


def test_enterprise_home_shows_its_own_enterprise(client, enterprise_user, enterprise_a, enterprise_b):
    client.force_login(enterprise_user)
    page = client.get("/").content.decode()
    assert enterprise_a.uscc in page
    assert enterprise_b.uscc not in page


def test_language_switch_sets_the_language_and_remembers_it(client, officer):
    client.force_login(officer)
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()
    officer.refresh_from_db()
    assert officer.preferred_language == "en"


def test_language_switch_refuses_an_unknown_language(client, officer):
    client.force_login(officer)
    client.post("/language/", {"language": "xx", "next": "/"})
    officer.refresh_from_db()
    assert officer.preferred_language == "zh-hans"


def test_logout_needs_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role_fixture", ["officer", "enterprise_user", "coordinator", "administrator"])
def test_home_query_count_is_bounded(client, request, role_fixture, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(role_fixture))
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


def test_sign_in_restores_the_users_language(client, officer):
    officer.preferred_language = "en"
    officer.save()
    client.post("/accounts/login/", {"username": officer.username, "password": TEST_PASSWORD})
    assert '<html lang="en">' in client.get("/").content.decode()

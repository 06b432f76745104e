"""Malformed requests an outside probe sends: each gets a clear answer in its page's own format, never a 500.

The API answers JSON `{"detail": ...}` (a body nested thousands deep, a body over the upload limit, a
page past the end); the pages answer HTML (a body over the limit; an id in the query string that is
no id answers 404, like an id of nothing).
"""

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver
from rest_framework import parsers

from certification.applications import application_create
from core.parsers import JSONParser
from tests.factories.enterprises import PenaltyFactory

pytestmark = pytest.mark.django_db

DEEP_JSON = "[" * 100_000 + "]" * 100_000
HUGE_PAGE = "9" * 5000  # more digits than Python converts to an integer
PAST_ANY_OFFSET = "99999999999999999999"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "user"),
    [
        ("/api/v1/auth/token/", None),
        ("/api/v1/cultivation/candidates/", "officer"),
        ("/api/v1/cases/", "enterprise_user"),  # a view choosing its own parsers
    ],
)
def test_a_json_body_nested_thousands_deep_is_a_400(client, request, path, user):
    if user:
        client.force_login(request.getfixturevalue(user))
    response = client.post(path, DEEP_JSON, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert_json_error(response, 400)
    assert "nested too deeply" in response.json()["detail"]


def test_an_application_action_with_its_own_parsers_refuses_deep_json_too(
    client, catalogue, enterprise_b, enterprise_user_b, business_types
):
    application = application_create(
        actor=enterprise_user_b,
        enterprise=enterprise_b,
        target_grade="advanced_certified",
        business_types=[business_types["customs_broker"]],
    )
    client.force_login(enterprise_user_b)
    response = client.post(
        f"/api/v1/applications/{application.pk}/assess/", DEEP_JSON, content_type="application/json"
    )
    assert_json_error(response, 400)


def test_every_api_view_reads_json_with_the_projects_parser():
    """A view naming its own parsers (as the token endpoint's base class does) keeps the deep-JSON refusal."""
    views = [pattern.callback for pattern in _api_patterns(get_resolver("credit_mgmt.urls").url_patterns)]
    plain = [
        f"{view.cls.__module__}.{view.cls.__name__}"
        for view in views
        for parser in view.cls(**view.initkwargs).get_parsers()
        if isinstance(parser, parsers.JSONParser) and not isinstance(parser, JSONParser)
    ]
    assert views
    assert plain == []


def _api_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_patterns(pattern.url_patterns)
        elif hasattr(pattern.callback, "cls"):
            yield pattern


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/cultivation/candidates/"])
def test_a_body_over_the_upload_limit_gets_the_apis_json_error(client, officer, path):
    client.force_login(officer)
    body = '{"reason": "%s"}' % ("x" * (20 * 1024 * 1024))
    response = client.post(path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert_json_error(response, 400)
    assert "too large" in response.json()["detail"]


def test_a_body_over_the_upload_limit_on_a_page_stays_an_html_page(client):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("page", [PAST_ANY_OFFSET, HUGE_PAGE, "0", "-1", "abc"])
def test_an_api_page_past_any_row_is_a_404(api_client_for, officer, enterprise_a, page):
    response = api_client_for(officer).get("/api/v1/enterprises/", {"page": page})
    assert_json_error(response, 404)


@pytest.mark.parametrize("page", [PAST_ANY_OFFSET, HUGE_PAGE, "abc"])
def test_a_web_list_page_past_any_row_shows_the_last_page(officer_client, enterprise_a, page):
    response = officer_client.get("/enterprises/", {"page": page})
    assert response.status_code == 200
    assert enterprise_a.name in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"candidate": "abc"},
        {"enterprise": "1e5"},
        {"enterprise": "abc"},
        {"enterprise": HUGE_PAGE},
        {"enterprise": PAST_ANY_OFFSET},
    ],
)
def test_a_plan_for_an_id_that_is_no_id_is_a_404(officer_client, enterprise_a, query):
    response = officer_client.get("/cultivation/plans/new/", query)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("plan", ["abc", "1e5", HUGE_PAGE, PAST_ANY_OFFSET])
def test_a_session_for_a_plan_that_is_no_id_is_a_404(officer_client, plan):
    response = officer_client.get("/cultivation/sessions/new/", {"plan": plan})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("record", ["²", "abc", HUGE_PAGE])
def test_an_objection_to_a_record_that_is_no_id_is_a_404(client, enterprise_a, enterprise_user, record):
    PenaltyFactory(enterprise=enterprise_a)
    client.force_login(enterprise_user)
    response = client.get(f"/enterprises/{enterprise_a.pk}/objections/new/", {"penalty": record})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

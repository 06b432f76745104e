"""Every form and every state-changing URL needs the CSRF token: another site cannot post for a user."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.operations.query_budget import PROBE_ARGUMENTS, url_patterns
from tests.security.pages import parse_page, signed_in_clients, web_pages

pytestmark = pytest.mark.django_db

TOKEN = "csrfmiddlewaretoken"


def _refused_for_csrf(response):
    return response.status_code == 403 and b"CSRF" in response.content


def test_every_form_carries_the_token_and_none_is_accepted_without_it(world):
    """Every POST form of every page, posted by its reader as filled in but without the token: 403."""
    readers = world.readers
    browsers = signed_in_clients(readers)
    forgers = signed_in_clients(readers, enforce_csrf_checks=True)
    forms, tokenless, accepted = set(), [], []
    for reader, url, query in web_pages(world):
        response = browsers[reader].get(url, query)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for form in parse_page(response.content.decode()).forms:
            action = form.action or url
            if form.method != "post" or (action, form.names) in forms:
                continue
            forms.add((action, form.names))
            data = form.data("forged")
            if data.pop(TOKEN, None) is None:
                tokenless.append(f"{url}: {action}")
            if not _refused_for_csrf(forgers[reader].post(action, data)):
                accepted.append(f"{reader} {action}")
    assert tokenless == []
    assert accepted == []
    assert len(forms) >= 50  # 56 distinct forms when written


@pytest.mark.parametrize("path", ["/admin/login/", "/accounts/login/"])
def test_sign_in_forms_refuse_a_post_without_the_token(path, officer):
    response = Client(enforce_csrf_checks=True).post(path, {"username": officer.username, "password": "x"})
    assert _refused_for_csrf(response)


def test_every_web_url_refuses_a_post_without_the_token(officer):
    """Including the actions that have no page of their own, whatever object the URL names."""
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    accepted = {}
    for name, (route, arguments) in url_patterns().items():
        if route.lstrip("^").startswith("api/"):
            continue
        url = reverse(name, kwargs={argument: PROBE_ARGUMENTS.get(argument, "1") for argument in arguments})
        response = client.post(url, {"reason": "forged"})
        if not _refused_for_csrf(response):
            accepted[name] = response.status_code
    assert accepted == {}


def test_the_api_refuses_a_session_post_without_the_token(officer, enterprise_b):
    """A browser session is no API credential for another site: only a token works without CSRF."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(f"/api/v1/enterprises/{enterprise_b.pk}/events/", {"kind": "other"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

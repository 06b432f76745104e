"""Every page and API endpoint costs as many queries for a few rows as for ten more: no N+1 comes back.

The URL configuration is walked: each URL has a budget in `query_budget.BUDGETS` (who reads it, the
most queries it may cost) or a reason in `query_budget.EXCLUDED`, so a new endpoint without a
budget fails here. Each budgeted URL is read on a small world, then again once every list has ten
more rows and every detail object ten more related rows: the counts must be equal and within budget.
"""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tokens import token_issue
from tests.operations.query_budget import ACTION, BUDGETS, EXCLUDED, PROBE_ARGUMENTS, url_patterns
from tests.world import ANONYMOUS


def test_every_url_has_a_budget_or_a_reason():
    urls = set(url_patterns())
    budgeted = {budget.name for budget in BUDGETS}
    assert sorted(urls - budgeted - set(EXCLUDED)) == [], "give these URLs a budget in query_budget.py"
    assert sorted((budgeted | set(EXCLUDED)) - urls) == [], "these entries name no URL any more"
    assert sorted(budgeted & set(EXCLUDED)) == [], "budgeted and excluded at once"
    assert len({budget.key for budget in BUDGETS}) == len(BUDGETS), "a budget is listed twice"


@pytest.mark.django_db
def test_actions_answer_405_to_get(officer):
    """A URL excluded as an action really refuses GET (before it looks any object up)."""
    web, api = Client(), APIClient()
    web.force_login(officer)
    api.force_authenticate(officer)
    patterns = url_patterns()
    answers = {}
    for name in (name for name, reason in EXCLUDED.items() if reason == ACTION):
        route, arguments = patterns[name]
        url = reverse(name, kwargs={argument: PROBE_ARGUMENTS.get(argument, "1") for argument in arguments})
        answers[name] = (api if route.startswith("api/") else web).get(url).status_code
    assert {name: status for name, status in answers.items() if status != 405} == {}


def _clients(readers):
    """Per reader, a session for pages and a token for the API, as each is used."""
    # Anonymous readers get an address of their own: the public rate limit is shared in Redis.
    anonymous = {"REMOTE_ADDR": f"2001:db8::{uuid.uuid4().hex[:4]}"}
    clients = {}
    for reader, user in readers.items():
        defaults = anonymous if reader == ANONYMOUS else {}
        web, api = Client(**defaults), APIClient(**defaults)
        if user is not None:
            web.force_login(user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user)}")
        clients[reader] = {"web": web, "api": api}
    return clients


def _read(world, clients, routes):
    """{budget key: (status, queries)} of one GET of every budgeted URL."""
    counts = {}
    for budget in BUDGETS:
        url, params = budget.url(world), budget.query(world)
        client = clients[budget.reader]["api" if routes[budget.name].startswith("api/") else "web"]
        if routes[budget.name].startswith("api/"):
            # An API list counts its rows only when its page is full (core.api.Paginator): both
            # reads fit one page, so that only an N+1 makes them differ.
            params = {"page_size": 100, **params}
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
            if response.streaming:  # a download: reading it to the end closes the file
                b"".join(response.streaming_content)
        counts[budget.key] = (response.status_code, len(captured))
    return counts


@pytest.fixture
def world(make_world):
    return make_world()


@pytest.mark.django_db
def test_queries_do_not_grow_with_rows(world):
    routes = {name: route for name, (route, _arguments) in url_patterns().items()}
    clients = _clients(world.readers)
    world.add_list_rows(3)
    _read(world, clients, routes)  # what a first request loads once (a cached verification) is not counted
    few = _read(world, clients, routes)
    world.add_list_rows(10)
    world.add_related_rows(10)
    many = _read(world, clients, routes)
    refused = {key: (few[key][0], many[key][0]) for key in few if (few[key][0], many[key][0]) != (200, 200)}
    assert refused == {}, "not 200 for its reader (few, many)"
    grown = {key: (few[key][1], many[key][1]) for key in few if few[key][1] != many[key][1]}
    assert grown == {}, "queries grow with rows (few, many): an N+1"
    over = {b.key: (many[b.key][1], b.max_queries) for b in BUDGETS if many[b.key][1] > b.max_queries}
    assert over == {}, "over budget (queries, budget)"

"""The public pages are rate-limited as their API is: the same rate (PUBLIC_API_RATE), the same client
identity, one count for a page and the API; past it a 429 page in the visitor's language with
Retry-After; and, as the API's, the limit lets requests through while Redis is down."""

import uuid

import pytest
from rest_framework.throttling import ScopedRateThrottle

pytestmark = pytest.mark.django_db

PAGES = [
    "/public/?q=公司",
    "/public/certificates/",
    "/public/certificates/CN-AEO-2026-000404/",
    "/public/certificates/verify/?t=forged",
]
API_LOOKUP = "/api/v1/public/enterprises/?q=公司"


def address():
    """An address of its own per test, so counts in the shared cache never meet."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


@pytest.fixture
def rate_of_three(monkeypatch):
    """PUBLIC_API_RATE=3/minute (REST framework reads the rates once, at import)."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"public": "3/minute"})


@pytest.mark.parametrize("page", PAGES)
def test_a_public_page_answers_429_past_the_public_rate(client, rate_of_three, enterprise_a, page):
    visitor = address()
    statuses = [client.get(page, REMOTE_ADDR=visitor).status_code for _ in range(3)]
    assert 429 not in statuses
    refused = client.get(page, REMOTE_ADDR=visitor, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Please wait a moment" in refused.content.decode()
    assert client.get(page, REMOTE_ADDR=address()).status_code != 429  # another client


def test_the_429_page_is_in_the_visitors_language(client, rate_of_three):
    visitor = address()
    for _ in range(3):
        client.get(PAGES[1], REMOTE_ADDR=visitor)
    for language in ("en", "zh-hans"):
        refused = client.get(PAGES[1], REMOTE_ADDR=visitor, HTTP_ACCEPT_LANGUAGE=language)
        assert refused.status_code == 429
        assert f'<html lang="{language}">' in refused.content.decode()


def test_a_page_and_its_api_draw_on_one_count(client, api_client, rate_of_three, enterprise_a):
    visitor = address()
    assert api_client.get(API_LOOKUP, REMOTE_ADDR=visitor).status_code == 200
    assert api_client.get(API_LOOKUP, REMOTE_ADDR=visitor).status_code == 200
    assert client.get(PAGES[0], REMOTE_ADDR=visitor).status_code == 200
    assert client.get(PAGES[0], REMOTE_ADDR=visitor).status_code == 429
    assert api_client.get(API_LOOKUP, REMOTE_ADDR=visitor).status_code == 429


def test_a_forged_forwarded_address_is_the_same_client(client, rate_of_three):
    visitor = address()
    statuses = [
        client.get(PAGES[1], REMOTE_ADDR=visitor, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_named_proxy_each_client_it_forwards_has_its_own_count(client, settings, rate_of_three):
    settings.TRUSTED_PROXIES = ["192.0.2.10"]
    first, second = address(), address()

    def visit(forwarded):
        return client.get(PAGES[1], REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [visit(first) for _ in range(4)] == [200, 200, 200, 429]
    assert visit(second) == 200


def test_the_public_pages_answer_while_redis_is_down(client, settings, rate_of_three, enterprise_a):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    visitor = address()
    assert [client.get(PAGES[0], REMOTE_ADDR=visitor).status_code for _ in range(4)] == [200] * 4

"""Who the client is: a forwarded address or protocol counts only when a named proxy sent it.

With the defaults (no TRUSTED_PROXIES, as `make demo` and docker-compose serve) any client could put
anything in X-Forwarded-For; it must change nothing for the sign-in lockout, the public rate limit
or the address the audit trail records. Behind a configured proxy, the address that proxy appended
is the client, and whatever the client wrote before it is still ignored.
"""

import ipaddress
import uuid

import pytest
from axes.models import AccessAttempt
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import ActivityEntry
from tests.factories.accounts import TEST_PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
PUBLIC_LOOKUP = "/api/v1/public/enterprises/"
PROXY = "192.0.2.10"


def address():
    """An address of its own per test, so rate counters in the shared cache never meet."""
    return str(ipaddress.ip_address(f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"))


def token(api_client, username, password, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return api_client.post(TOKEN, {"username": username, "password": password}, format="json", **extra)


@pytest.fixture
def public_rate_of_three(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"public": "3/minute"}}
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # read once at import
    yield
    ScopedRateThrottle.THROTTLE_RATES = original


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY, "2001:db8:ffff::/48"]


def test_by_default_a_forged_address_does_not_escape_the_sign_in_lockout(api_client, officer):
    client_address = address()
    statuses = [
        token(api_client, officer.username, "wrong", client_address, f"203.0.113.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]
    # A sixth forged address, and the right password: still the same client, still paused.
    assert (
        token(api_client, officer.username, TEST_PASSWORD, client_address, "203.0.113.99").status_code == 429
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {client_address}


def test_by_default_a_forged_address_does_not_escape_the_public_rate_limit(
    api_client, public_rate_of_three, enterprise_a
):
    client_address = address()
    statuses = [
        api_client.get(
            PUBLIC_LOOKUP, {"q": "公司"}, REMOTE_ADDR=client_address, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_by_default_the_audit_trail_records_the_connection_not_the_header(client, officer):
    client.force_login(officer)
    client_address = address()
    client.post(
        "/language/",
        {"language": "en", "next": "/"},
        REMOTE_ADDR=client_address,
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    entry = ActivityEntry.objects.filter(verb="user.language_changed").latest("sequence")
    assert entry.ip_address == client_address


def test_behind_a_named_proxy_its_appended_address_is_the_client_for_the_lockout(
    api_client, officer, behind_proxy
):
    # The client wrote 1.1.1.n itself; the proxy appended the address it saw, 203.0.113.7.
    statuses = [
        token(api_client, officer.username, "wrong", PROXY, f"1.1.1.{n}, 203.0.113.7").status_code
        for n in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # Another client behind the same proxy signs in.
    assert token(api_client, officer.username, TEST_PASSWORD, PROXY, "203.0.113.8").status_code == 200


def test_behind_a_named_proxy_chain_the_first_untrusted_hop_is_the_client(api_client, officer, behind_proxy):
    # client -> proxy 2001:db8:ffff::1 (trusted) -> proxy 192.0.2.10 (trusted) -> web server
    for _ in range(5):
        token(api_client, officer.username, "wrong", PROXY, "9.9.9.9, 203.0.113.30, 2001:db8:ffff::1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.30"}


def test_behind_a_named_proxy_the_rate_limit_counts_each_client(
    api_client, public_rate_of_three, behind_proxy, enterprise_a
):
    client_a, client_b = address(), address()

    def lookup(forwarded):
        return api_client.get(
            PUBLIC_LOOKUP, {"q": "公司"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # What client A writes before the proxy's entry changes nothing: it stays client A.
    assert [lookup(f"10.0.0.{n}, {client_a}") for n in range(4)] == [200, 200, 200, 429]
    assert lookup(client_b) == 200


def test_behind_a_named_proxy_the_audit_trail_records_the_client(client, officer, behind_proxy):
    client.force_login(officer)
    client.post(
        "/language/",
        {"language": "en", "next": "/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.44",
    )
    entry = ActivityEntry.objects.filter(verb="user.language_changed").latest("sequence")
    assert entry.ip_address == "203.0.113.44"


def test_an_entry_that_is_no_address_stops_at_the_proxy(api_client, officer, behind_proxy):
    assert token(api_client, officer.username, "wrong", PROXY, "<script>").status_code == 400
    assert AccessAttempt.objects.get().ip_address == PROXY


def test_a_proxy_that_is_not_named_is_not_believed(api_client, officer, behind_proxy):
    for n in range(5):
        token(api_client, officer.username, "wrong", "192.0.2.11", f"203.0.113.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.11"}


@pytest.fixture
def https_required(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_a_direct_client_cannot_claim_https(client, https_required):
    response = client.get("/public/", REMOTE_ADDR=address(), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_a_named_proxy_says_the_client_used_https(client, https_required, behind_proxy):
    response = client.get("/public/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200

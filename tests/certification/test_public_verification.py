"""Public certificate verification at scale: answers kept in Redis, forgotten when a certificate changes,
one Redis call per verification for the rate limit and the answer, the database when Redis is away."""

import pytest
from django.core.cache import cache

from certification import certificates, review
from certification.api.verification import VerificationThrottle
from certification.models import Certificate
from tests.certification.conftest import find_all


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # with REDIS_URL, the answers and counters live in the cache's Redis database
    yield
    cache.clear()


@pytest.fixture
def redis(settings):
    if not settings.REDIS_URL:
        pytest.skip("the verification cache needs REDIS_URL")


@pytest.fixture
def certificate(under_audit, officer):
    find_all(under_audit, officer)
    review.application_certify(actor=officer, application=under_audit, decision_number="XN-AEO-1")
    return Certificate.objects.get()


def verify(client, number):
    return client.get(f"/api/v1/public/certificates/{number}/")


def test_a_repeated_verification_is_answered_without_a_query(
    redis, api_client, certificate, django_assert_num_queries
):
    with django_assert_num_queries(1):
        first = verify(api_client, certificate.number)
    with django_assert_num_queries(0):
        again = verify(api_client, certificate.number)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.content == first.content


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (
            lambda c, officer: certificates.certificate_suspend(actor=officer, certificate=c, reason="Case."),
            "suspended",
        ),
        (
            lambda c, officer: certificates.certificate_revoke(
                actor=officer, certificate=c, reason="Fraud.", decision_number="RV-1"
            ),
            "revoked",
        ),
    ],
)
def test_a_change_of_status_shows_in_the_next_verification(
    redis, api_client, certificate, officer, django_capture_on_commit_callbacks, change, status
):
    assert verify(api_client, certificate.number).json()["status"] == "active"
    with django_capture_on_commit_callbacks(execute=True):
        change(certificate, officer)
    assert verify(api_client, certificate.number).json()["status"] == status


def test_reinstatement_shows_in_the_next_verification(redis, api_client, certificate, officer):
    certificates.certificate_suspend(actor=officer, certificate=certificate, reason="Case.")
    assert verify(api_client, certificate.number).json()["status"] == "suspended"
    certificates.certificate_reinstate(actor=officer, certificate=certificate, reason="Closed.")
    assert verify(api_client, certificate.number).json()["status"] == "active"


def test_unknown_numbers_are_not_cached(redis, api_client, db, django_assert_num_queries):
    for _ in range(2):
        with django_assert_num_queries(1):
            assert verify(api_client, "CN-AEO-1999-000404").status_code == 404
    with django_assert_num_queries(1):
        assert verify(api_client, "not a number at all").status_code == 404


def test_verification_is_rate_limited_per_client(redis, api_client, certificate, monkeypatch):
    monkeypatch.setattr(VerificationThrottle, "THROTTLE_RATES", {"public": "3/minute"})
    monkeypatch.setattr(VerificationThrottle, "timer", lambda self: 1_800_000_010.0)
    statuses = [verify(api_client, certificate.number).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = verify(api_client, certificate.number)
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "50"
    other_client = verify(api_client.__class__(REMOTE_ADDR="10.0.0.9"), certificate.number)
    assert other_client.status_code == 200
    monkeypatch.setattr(VerificationThrottle, "timer", lambda self: 1_800_000_060.0)
    assert verify(api_client, certificate.number).status_code == 200  # the next window


def test_without_redis_verification_reads_the_database(
    api_client, certificate, settings, django_assert_num_queries
):
    settings.REDIS_URL = ""
    for _ in range(2):
        with django_assert_num_queries(1):
            response = verify(api_client, certificate.number)
        assert response.json()["status"] == "active"


def test_a_redis_outage_is_answered_from_the_database(api_client, certificate, officer, settings):
    settings.REDIS_URL = settings.CACHE_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    assert verify(api_client, certificate.number).json()["status"] == "active"
    certificates.certificate_suspend(actor=officer, certificate=certificate, reason="Case.")
    assert verify(api_client, certificate.number).json()["status"] == "suspended"


def test_every_way_of_asking_gets_the_same_answer_and_headers(redis, api_client, certificate):
    """A cached answer is served without REST framework only for plain JSON GETs; the others go
    through it and must not tell the difference."""
    first = verify(api_client, certificate.number)  # a miss: through REST framework, then cached
    cached = verify(api_client, certificate.number)
    browser = api_client.get(
        f"/api/v1/public/certificates/{certificate.number}/", HTTP_ACCEPT="text/html,*/*;q=0.8"
    )
    assert first.content == cached.content == browser.content
    for response in (cached, browser):
        assert response["Content-Type"] == first["Content-Type"] == "application/json"
        assert response["Allow"] == first["Allow"]

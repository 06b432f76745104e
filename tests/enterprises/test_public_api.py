import datetime

import pytest
from django.core.cache import cache

from tests.factories.enterprises import PenaltyFactory, determined_proposal

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "name",
    "name_en",
    "uscc",
    "customs_code",
    "customs_office",
    "credit_grade",
    "aeo_code",
    "certificates",
    "dishonesty_records",
    "penalties",
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def test_public_lookup_needs_no_login_and_shows_only_public_fields(api_client, enterprise_a):
    response = api_client.get("/api/v1/public/enterprises/", {"q": enterprise_a.uscc})
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert set(result) == PUBLIC_FIELDS
    assert result["aeo_code"] == f"AEOCN{enterprise_a.customs_code}"
    assert result["credit_grade"] == "advanced_certified"
    assert enterprise_a.legal_representative not in str(result)
    assert enterprise_a.address not in str(result)


def test_public_lookup_shows_published_records_without_internal_detail(api_client, enterprise_b):
    determined_proposal(enterprise_b, on=datetime.date(2026, 6, 1))
    PenaltyFactory(enterprise=enterprise_b, description="内部备注 internal note")
    (result,) = api_client.get("/api/v1/public/enterprises/", {"q": enterprise_b.uscc}).json()["results"]
    (record,) = result["dishonesty_records"]
    assert record["article"] is None  # Order 282: the number is not confirmed
    assert record["decided_on"] == "2026-06-01"
    assert "figures" not in record
    assert "evidence" not in record
    (penalty,) = result["penalties"]
    assert "description" not in penalty
    assert "internal note" not in str(result)


@pytest.mark.parametrize("query", [None, "", "a"])
def test_a_missing_or_too_short_query_is_a_clear_400(api_client, query):
    params = {} if query is None else {"q": query}
    response = api_client.get("/api/v1/public/enterprises/", params)
    assert response.status_code == 400
    assert "q" in response.json()


def test_the_public_api_is_rate_limited(api_client, settings, enterprise_a):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"public": "3/minute"}}
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # read once at import
    try:
        statuses = [
            api_client.get("/api/v1/public/enterprises/", {"q": "公司"}).status_code for _ in range(4)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 200, 429]


def test_public_lookup_query_count_is_constant(
    api_client, enterprise_a, enterprise_b, django_assert_max_num_queries
):
    for enterprise in (enterprise_a, enterprise_b):
        PenaltyFactory(enterprise=enterprise)
    with django_assert_max_num_queries(6):
        assert api_client.get("/api/v1/public/enterprises/", {"q": "公司"}).status_code == 200

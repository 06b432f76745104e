"""The test processes keep their Redis state apart (tests/redis_per_process.py)."""

import os

import pytest

from tests.conftest import require_redis
from tests.redis_per_process import own_database


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/0", "gw0", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379/0", "gw1", "redis://127.0.0.1:6379/2"),
        ("redis://127.0.0.1:6379", "gw0", "redis://127.0.0.1:6379/1"),
        ("redis://:secret@redis:6379/14", "gw1", "redis://:secret@redis:6379/0"),
    ],
)
def test_each_worker_process_gets_a_database_of_its_own(url, worker, expected):
    assert own_database(url, worker) == expected


def test_cache_and_broker_use_the_process_database(settings):
    require_redis()
    assert settings.CACHES["default"]["LOCATION"] == settings.CACHE_REDIS_URL
    assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    if os.environ.get("CACHE_REDIS_URL"):  # CI keeps the cache in databases apart from the broker's
        assert settings.CACHE_REDIS_URL != settings.REDIS_URL

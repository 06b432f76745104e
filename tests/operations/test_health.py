import pytest
from django.db import DatabaseError

from core import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client, settings):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == ("eager" if settings.CELERY_TASK_ALWAYS_EAGER else "ok")


def test_unreachable_broker_is_reported_degraded_but_serving(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "down", "replica": "none"}


def test_database_down_is_a_503(client, monkeypatch):
    def failing_cursor():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", failing_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["database"] == "down"


def test_real_redis_broker_answers(client, settings):
    from tests.conftest import require_redis

    require_redis()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    assert client.get("/healthz").json()["broker"] == "ok"

"""GET /healthz: is the database reachable, and the broker?"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def broker_status():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    import redis

    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except redis.RedisError:
        return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    database = database_status()
    broker = broker_status()
    body = {
        "status": "ok" if database == "ok" and broker != "down" else "degraded",
        "database": database,
        "broker": broker,
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)

"""GET /healthz: is the database reachable, and the broker, and the replica if there is one?"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError

from core.replica import replica_status


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def broker_connection():
    """A connection to the Celery broker, Redis or RabbitMQ, that gives up after a second."""
    from kombu import Connection

    return Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=1,
        transport_options={"socket_connect_timeout": 1, "socket_timeout": 1, "max_retries": 0},
    )


def broker_status():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    with broker_connection() as broker:
        try:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
        except (OperationalError, OSError, *broker.connection_errors):
            return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    database = database_status()
    broker = broker_status()
    replica = replica_status()  # the public endpoints fall back to the primary when it is not "ok"
    healthy = database == "ok" and broker != "down" and replica in ("ok", "none")
    body = {
        "status": "ok" if healthy else "degraded",
        "database": database,
        "broker": broker,
        "replica": replica,
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)

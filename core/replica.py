"""The public endpoints read from a streaming replica when one is configured and keeping up.

The public lookup and certificate verification (`/public/`, `/api/v1/public/`) only read and may be
a few seconds behind; everything else, and every write, uses the primary, so officers and
enterprises always read their own writes. `PublicReadsMiddleware` marks a public GET or HEAD;
`PublicReadsRouter` then sends reads of the domain's tables to the `replica` database
(DATABASE_REPLICA_URL) while `replica_status` says it is "ok": answering and at most
REPLICA_MAX_LAG_SECONDS behind. Otherwise the primary answers, as without a replica. The status is
asked at most every REPLICA_CHECK_SECONDS per process; /healthz reports it.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
PUBLIC_PREFIXES = ("/public/", "/api/v1/public/")
# Tables a public page reads; sessions, sign-in records and the like stay on the primary.
PUBLIC_DATA_APPS = {"enterprises", "certification", "rulebooks", "accounts"}
REPLICA_CHECK_SECONDS = 5

_public_read = ContextVar("public_read", default=False)
_checked = {"at": None, "status": "none"}

LAG = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replica_configured():
    postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    return bool(settings.DATABASE_REPLICA_URL) and postgresql


def replica_status():
    """ "none" (no replica configured), "ok", "lagging" (more than REPLICA_MAX_LAG_SECONDS behind, or
    not a replica at all) or "down"."""
    if not replica_configured():
        return "none"
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG)
            (lag,) = cursor.fetchone()
    except DatabaseError:
        connections[REPLICA].close()
        return "down"
    if lag is None or lag > settings.REPLICA_MAX_LAG_SECONDS:
        return "lagging"
    return "ok"


def replica_usable():
    now = time.monotonic()
    if _checked["at"] is None or now - _checked["at"] > REPLICA_CHECK_SECONDS:
        _checked["status"], _checked["at"] = replica_status(), now
    return _checked["status"] == "ok"


def forget_replica_status():
    """The next public read asks the replica again (after a change of settings, in tests)."""
    _checked["at"] = None


class PublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(PUBLIC_PREFIXES):
            return self.get_response(request)
        token = _public_read.set(True)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class PublicReadsRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and model._meta.app_label in PUBLIC_DATA_APPS and replica_usable():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA

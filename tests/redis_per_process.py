"""Each pytest-xdist process works in Redis databases of its own: cache, broker and progress store.

The processes share one Redis server. In one database a test's `cache.clear()` (or a flush) would wipe
the other process's queued tasks, progress and rate counters mid-test, and cached verification answers
are keyed by certificate numbers that both test databases issue. Loaded with `-p` (pyproject.toml), so
REDIS_URL is rewritten before Django reads its settings; Celery workers that tests start inherit it.
"""

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis's default number of databases


def own_database(url, worker):
    """`url` moved to database base + 1 + n for xdist worker gw<n> (base: the database `url` names)."""
    parts = urlsplit(url)
    base = int(parts.path.lstrip("/") or 0)
    number = (base + 1 + int(worker.removeprefix("gw"))) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{number}"))


_worker = os.environ.get("PYTEST_XDIST_WORKER")
for _variable in ("REDIS_URL", "CACHE_REDIS_URL"):
    if _worker and os.environ.get(_variable):
        os.environ[_variable] = own_database(os.environ[_variable], _worker)

"""How far a running operation got, kept in the cache (Redis) beside its row.

The work of an operation runs in one transaction (an import writes all of a file or nothing), so a
count written to the operation's row inside it would stay invisible to the page until the end. A
second database connection per worker could commit the count on the side, but it doubles the
connections workers hold (a known way Celery deployments exhaust PostgreSQL) and on SQLite it would
wait for the import's write lock. The cache is seen at once by every web process, costs no database
connection and is never part of a transaction. It is only a view of the count: the row is written,
in short transactions of its own, when the operation starts (with its total) and when it finishes
(the final count), and only the count of a running operation is read from the cache; a cache that
lost the entry (restarted, evicted, down) leaves the bar where the row has it.

Keys name the database, so test databases sharing one Redis never read each other's counts.
"""

import logging

import redis
from django.core.cache import cache
from django.db import connection

log = logging.getLogger(__name__)

KEPT_SECONDS = 24 * 3600


def _key(operation_id):
    return f"operation-progress:{connection.settings_dict['NAME']}:{operation_id}"


def write(operation_id, done, total):
    try:
        cache.set(_key(operation_id), (done, total), KEPT_SECONDS)
    except redis.RedisError:
        log.warning("progress of operation %s not recorded: the cache is unavailable", operation_id)


def read(operation_id):
    """(done, total) of a running operation, or None when the cache does not have it."""
    try:
        value = cache.get(_key(operation_id))
    except redis.RedisError:
        return None
    return tuple(value) if value else None


def forget(operation_id):
    try:
        cache.delete(_key(operation_id))
    except redis.RedisError:
        log.warning("progress of operation %s left to expire: the cache is unavailable", operation_id)


class Progress:
    """The count of one running operation, advanced by the work as it goes.

    Like tqdm's bar (what the import commands pass), `update(n)` adds `n` done; `total` may be set
    once the work knows it (None: the bar shows activity without a percentage).
    """

    def __init__(self, operation_id, total=None):
        self.operation_id = operation_id
        self.total = total
        self.done = 0
        write(operation_id, 0, total)

    def set_total(self, total):
        self.total = total
        self.done = min(self.done, total) if total is not None else self.done
        write(self.operation_id, self.done, total)

    def update(self, n=1):
        self.done += n
        if self.total is not None and self.done > self.total:
            # An estimated total (lines of a file) can fall short; the bar stays full, never past it.
            self.total = self.done
        write(self.operation_id, self.done, self.total)

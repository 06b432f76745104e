"""PostgreSQL advisory locks named after a piece of work, held until the transaction ends.

Work that must never run twice at once (a scheduled job, an import of one kind) takes the lock of
its name inside its transaction; the lock goes with the commit or rollback, or with the connection
when a process dies. SQLite, the single-process demo, needs none.
"""

import zlib

from django.db import connection


def _key(name):
    return zlib.crc32(name.encode())


def wait_for_lock(name):
    """Hold the lock `name` for the current transaction, waiting while another transaction has it."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])


def try_lock(name):
    """Hold the lock `name` for the current transaction if no other has it; whether it was free."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_key(name)])
        return cursor.fetchone()[0]

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


def next_in_counter(model, **key):
    """The next number of the counter row of `model` with `key` (created at 0 when missing), under a
    row lock held until the transaction ends: concurrent issues never share or reuse a number, and a
    rolled-back document gives its number back."""
    model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    counter = model.objects.select_for_update().get(**key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last

"""Doing things at the same moment in threads, each thread with its own PostgreSQL connection."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client


def require_postgresql(why="row locks under real concurrency are tested on PostgreSQL"):
    """Skip without PostgreSQL (`make test` with no services); CI's run has it and REQUIRE_SERVICES."""
    if connection.vendor != "postgresql":
        pytest.skip(f"{why}; CI runs on PostgreSQL")


def run_together(*calls):
    """Call each function in a thread of its own, all released at once; their results in order
    (an exception raised is the result)."""
    start, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            outcomes[index] = call()
        except Exception as error:  # the caller asserts on it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def waits_on_a_lock(pid):
    """Whether the backend `pid` is blocked by another transaction's lock (row, key or advisory)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def double_click(client):
    """A second client on the same session: the second request of a form sent twice, with cookies
    (and so messages) of its own, as a browser's second request has."""
    twin = Client()
    twin.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return twin


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client

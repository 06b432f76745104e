"""Timing API requests against the SQL they run: what both API benchmarks share.

A request goes through the whole stack in-process, as gunicorn would call it: Django's WSGI
handler with its middleware, token authentication, DRF and the serializers, then the body is read.
The same requests are first captured statement by statement, and the baseline runs exactly those
statements directly on the same connection.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.tokens import token_issue
from benchmarks.core import latencies, percentile, result

ROUNDS = 3


class ApiClient:
    """Requests authenticated as an integration would be, with a token, through the WSGI handler."""

    def __init__(self, username):
        if "testserver" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # One process, one connection for the whole run, as a gunicorn worker keeps it (CONN_MAX_AGE).
        request_finished.disconnect(close_old_connections)
        key = token_issue(User.objects.get(username=username))
        self.factory = RequestFactory(HTTP_AUTHORIZATION=f"Token {key}")
        self.handler = WSGIHandler()

    def get(self, path, secure=True):
        environ = self.factory.get(path, secure=secure).environ
        response = self.handler(environ, lambda status, headers: None)
        response.content = b"".join(response)
        response.close()
        return response


@dataclass
class Measured:
    api_ms: list
    sql_ms: list
    queries: list
    statements: dict


def measure(client, paths):
    """Latencies of `paths` through the API and of their statements run directly, ROUNDS times each."""
    statements, queries = {}, []
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        statements[path] = [query["sql"] for query in captured.captured_queries]
        queries.append(len(captured.captured_queries))

    def run_statements(path):
        with connection.cursor() as cursor:
            for sql in statements[path]:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()

    repeated = paths * ROUNDS
    return Measured(
        api_ms=latencies(lambda path: client.get(path, secure=True), repeated),
        sql_ms=latencies(run_statements, repeated),
        queries=queries,
        statements=statements,
    )


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) {sql}")
        return [row[0] for row in cursor.fetchall()]


def latency_results(name, measured, *, max_p95=None, details=None):
    """p50 and p95 of the API against the same percentiles of its SQL run directly."""
    details = {
        "requests": len(measured.api_ms),
        "queries_per_request": sorted(set(measured.queries)),
        **(details or {}),
    }
    return [
        result(
            f"{name} p50",
            percentile(measured.api_ms, 50),
            "ms",
            baseline=percentile(measured.sql_ms, 50),
            max_ratio=2,
            details=details,
        ),
        result(
            f"{name} p95",
            percentile(measured.api_ms, 95),
            "ms",
            baseline=percentile(measured.sql_ms, 95),
            max_ratio=2,
            max_value=max_p95,
        ),
    ]

"""The database gone for a moment (a restart, a failover, a cut network): 503, never a server error.

A request whose connection is lost (OperationalError, InterfaceError) answers 503 with Retry-After: an
HTML page, or JSON `{"detail": ...}` under /api/ (REST framework views get the same from
`core.api.exception_handler`). The server rolled its transaction back with the connection, so
nothing of it is written. The broken connection is closed at once, as Django closes it when the
request ends; a connection that died between requests is replaced at the next request's first query
(CONN_HEALTH_CHECKS), so the first request after the database is back succeeds.
"""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_lost(error):
    """Log the outage and close every connection that no longer works, so the next query reconnects."""
    log.error("Database unavailable: %s", error)
    for connection in connections.all(initialized_only=True):
        if connection.connection is None or connection.in_atomic_block:
            continue  # not open, or inside a transaction that its owner ends
        if not connection.is_usable():
            connection.close()


def unavailable_message():
    return _("The database is unavailable for a moment. Please try again shortly.")


def database_unavailable(request, error):
    """The 503 answer to a request that lost the database, with Retry-After."""
    database_lost(error)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": unavailable_message()}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """A view that lost the database answers 503. Errors before the view (a middleware reading the
    session) reach `core.views.server_error`, which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None

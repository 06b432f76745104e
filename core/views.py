"""Error pages: JSON under /api/, the site's own HTML elsewhere."""

import sys

from django.views.defaults import bad_request as html_bad_request
from django.views.defaults import server_error as html_server_error

from core.api import api_bad_request, api_server_error
from core.outage import DATABASE_ERRORS, database_unavailable


def bad_request(request, exception):
    if request.path.startswith("/api/"):
        return api_bad_request(request, exception)
    return html_bad_request(request, exception)


def server_error(request, *args, **kwargs):
    """Called while the error is being handled, so a lost database (here when a middleware read the
    session before any view ran) still answers 503, as `DatabaseOutageMiddleware` does for views."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request, error)
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return html_server_error(request)

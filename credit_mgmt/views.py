"""Error pages: JSON under /api/, the site's own HTML elsewhere."""

from django.views.defaults import server_error as html_server_error

from credit_mgmt.api import api_server_error


def server_error(request, *args, **kwargs):
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return html_server_error(request)

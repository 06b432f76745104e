"""The request being served, for code far from the view: the audit trail stamps its id and client
address on history rows and activity entries, the logs carry its id. `RequestContextMiddleware` binds
it, with an id the client sent (`X-Request-ID`) or a new one, and echoes the id back."""

import contextvars
import re
import uuid

from core.client import client_address

_current_request = contextvars.ContextVar("current_request", default=None)
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id():
    return uuid.uuid4().hex


def bind_request(request):
    """Make `request` the current one; returns a reset token."""
    return _current_request.set(request)


def unbind_request(token):
    _current_request.reset(token)


def current_request():
    return _current_request.get()


def request_metadata():
    """(request_id, ip_address) of the request being served, or blanks outside one."""
    request = current_request()
    if request is None:
        return "", None
    return getattr(request, "request_id", ""), client_address(request)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else new_request_id()
        token = bind_request(request)
        try:
            response = self.get_response(request)
        finally:
            unbind_request(token)
        response["X-Request-ID"] = request.request_id
        return response

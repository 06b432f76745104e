"""One access log line and the request metrics for every request that reaches the application."""

import logging
import time

from django.utils.functional import empty

from core.metrics import observe_request

access_log = logging.getLogger("credit_mgmt.access")


class AccessLogMiddleware:
    """Sits right after RequestContextMiddleware, so its line carries the request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        observe_request(request, response, seconds)
        access_log.info(
            "%s %s %s %.0f ms",
            request.method,
            request.path,
            response.status_code,
            seconds * 1000,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": _user_id(request),
            },
        )
        return response


def _user_id(request):
    """The signed-in user's id if the request looked them up; never a session query just for the log."""
    user = getattr(request, "user", None)
    if getattr(user, "_wrapped", None) is empty:
        return None
    return getattr(user, "pk", None)

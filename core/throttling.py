"""Rate limits that keep answering while the cache (Redis) is down."""

import logging

import redis
from rest_framework import throttling

from core.client import client_address

log = logging.getLogger(__name__)


class ClientAddressMixin:
    """Counts a client by its address as `core.client` establishes it, not by REST framework's
    own reading of X-Forwarded-For."""

    def get_ident(self, request):
        return client_address(getattr(request, "_request", request)) or ""


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """REST framework's rate limit per scope, over the cache.

    The limit protects the service and must not stop it: while Redis does not answer, requests go
    through without being counted, and each one is logged.
    """

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except redis.RedisError as error:
            log.warning("Rate limit %r not applied, the cache is unavailable: %s", self.scope, error)
            return True

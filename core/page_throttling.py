"""The API's rate limits on web pages: the public lookup and certificate pages are limited as their
API is, or a client refused by the API would read the same answers from the pages unlimited."""

import functools
import math

from django.shortcuts import render

from core.throttling import ScopedRateThrottle


class PageRateThrottle(ScopedRateThrottle):
    """The API's scoped rate limit (its rate, its counts in the cache, its pass while Redis is down).

    Each client is counted by its address (`get_ident`: `core.client.client_address`, which the
    sign-in lockout uses too) whether signed in or not, as the public API, which authenticates nobody,
    counts it: a page and its API draw on the same count.
    """

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def rate_limited(scope):
    """Limit a web view to the API's rate of `scope` (DEFAULT_THROTTLE_RATES); past it, a 429 page in
    the visitor's language, with Retry-After."""

    def decorate(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            throttle = PageRateThrottle()
            if throttle.allow_request(request, limited):
                return view(request, *args, **kwargs)
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(math.ceil(throttle.wait() or throttle.duration))
            return response

        limited.throttle_scope = scope  # read by the throttle, as from a REST framework view
        return limited

    return decorate

"""Who is on the other end of a request: the client's address, trusted only as far as it can be.

Any client can send `X-Forwarded-For` and `X-Forwarded-Proto`. They mean something only when the
connection comes from a proxy the deployment names in `TRUSTED_PROXIES` (none by default: `make demo`
and docker-compose serve with nothing in front). The sign-in lockout, the rate limits, the audit
trail and the metrics' address check all ask `client_address`, so a forged header moves none of them.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

# Headers Django itself may trust (SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST). X-Forwarded-For stays:
# only `client_address` reads it, and its presence tells the metrics a proxy was passed.
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    """Whether `address` (text or ip_address) is one of the proxies named in TRUSTED_PROXIES."""
    if isinstance(address, str):
        address = _address(address)
    return address is not None and any(
        address in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    )


def client_address(request):
    """The client's address as text, or None when the connection has none.

    Walks `X-Forwarded-For` from the right while the hop that added an entry is a trusted proxy: the
    first address not added by a trusted proxy is the client. Entries a client wrote itself sit left
    of that and are never read; an entry that is not an address stops the walk at the proxy.
    """
    address = _address(request.META.get("REMOTE_ADDR") or "")
    if address is None:
        return None
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while hops and is_trusted_proxy(address):
        forwarded = _address(hops.pop())
        if forwarded is None:
            break
        address = forwarded
    return str(address)


class ForwardedHeadersMiddleware:
    """Drops the forwarded protocol and host of a connection that is not a trusted proxy.

    Django trusts `X-Forwarded-Proto` for `request.is_secure()` (SECURE_PROXY_SSL_HEADER) from whoever
    sends it; removed here, a direct client cannot claim HTTPS or a host, whatever it sends.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR") or ""):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)

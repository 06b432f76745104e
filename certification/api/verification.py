"""Public certificate verification (no login): partner customs and traders, far more often than any
other request, so the common case skips everything it does not need.

A verification costs one Redis call (`certification.public_verification.count_and_read`), which
counts the client's request for the rate limit and reads the cached answer. When that answer is
there, the client is within its rate and asks for JSON, the cached bytes (rendered once by REST
framework's JSON renderer) are the response: no REST framework request, negotiation or rendering.
Everything else (a miss, a client over its rate, HEAD, another format, Redis down) goes through
the REST framework view, which reuses the count already made, so a request is counted once.
"""

import functools
import json
import logging

import redis
from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from certification.aeo_codes import certificate_by_reference
from certification.api import serializers as s
from certification.models import Certificate
from certification.public_verification import count_and_read, remember_verification
from core.throttling import ClientAddressMixin

logger = logging.getLogger(__name__)

# The header REST framework sets on this view's answers; the fast path sends the same.
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
JSON = JSONRenderer.media_type


class VerificationThrottle(ClientAddressMixin, SimpleRateThrottle):
    """The public rate (DEFAULT_THROTTLE_RATES["public"]) per client, counted in Redis.

    DRF's throttles keep each client's request times in the cache, a read and a write per request;
    here a counter per client and fixed window is incremented by the same Redis call that reads the
    cached answer. As with any fixed window, a client can make up to twice the rate across a
    window's boundary. The counter is this endpoint's own: the public enterprise lookup keeps DRF's
    throttle. Without REDIS_URL this is DRF's throttle over the local cache; when Redis fails,
    requests go through (logged) and the view reads the database.
    """

    scope = "public"
    window_end = None

    def counted(self, request, number):
        """(requests of this client in the window, cached answer bytes or None), or None when Redis
        is down (logged). Made once per request: the fast path and the view share it."""
        request = getattr(request, "_request", request)
        if not hasattr(request, "verification_count"):
            counter = f"{self.get_cache_key(request, None)}:counter:{int(self.timer() // self.duration)}"
            try:
                request.verification_count = count_and_read(counter, self.duration, number)
            except redis.RedisError:
                logger.warning("public rate limit not applied: Redis unavailable")
                request.verification_count = None
        return request.verification_count

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        if not settings.REDIS_URL:
            return super().allow_request(request, view)
        counted = self.counted(request, view.kwargs["number"])
        if counted is None:
            return True
        count, view.cached_answer = counted
        view.cache_read = True
        if count <= self.num_requests:
            return True
        self.window_end = (int(self.timer() // self.duration) + 1) * self.duration
        return False

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait(self):
        if self.window_end is None:
            return super().wait()
        return max(self.window_end - self.timer(), 0)


class PublicCertificateApi(generics.RetrieveAPIView):
    """Verify a certificate by its number or its holder's AEO code (no login); unknown -> 404."""

    cached_answer = None  # set by VerificationThrottle
    cache_read = False

    serializer_class = s.CertificateVerificationSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [VerificationThrottle]
    # Only the published fields: a third less work on a miss than loading the three whole rows.
    queryset = Certificate.objects.select_related("enterprise", "rulebook").only(
        "number",
        "status",
        "grade",
        "issued_on",
        "enterprise__name",
        "enterprise__uscc",
        "enterprise__customs_code",
        "rulebook__code",
    )

    @classmethod
    def as_view(cls, **initkwargs):
        return answered_from_cache(super().as_view(**initkwargs))

    @extend_schema(
        summary="Public certificate verification by certificate number or AEO code; unknown -> 404"
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        certificate = certificate_by_reference(self.kwargs["number"], self.get_queryset())
        if certificate is None:
            raise NotFound
        return certificate

    def retrieve(self, request, *args, **kwargs):
        if self.cached_answer is not None:
            return Response(json.loads(self.cached_answer))
        answer = self.get_serializer(self.get_object()).data
        if self.cache_read:  # Redis answered a moment ago: keep the answer for the next verification
            remember_verification(self.kwargs["number"], JSONRenderer().render(answer))
        return Response(answer)


def _wants_json(request):
    accept = request.headers.get("Accept", "")
    return not accept or accept == "*/*" or JSON in accept


def answered_from_cache(view):
    """`view` behind the fast path of the module docstring; its attributes (csrf_exempt, the class
    for the schema) are kept."""

    @functools.wraps(view)
    def verification(request, number):
        if request.method == "GET" and settings.REDIS_URL and not request.GET and _wants_json(request):
            throttle = VerificationThrottle()
            counted = throttle.counted(request, number)
            if counted is not None and counted[1] is not None and counted[0] <= throttle.num_requests:
                return HttpResponse(counted[1], content_type=JSON, headers={"Allow": ALLOWED_METHODS})
        return view(request, number=number)

    return verification

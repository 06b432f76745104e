"""Conventions shared by every API endpoint: pagination, error bodies, serializers built once."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, pagination, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from credit_mgmt.errors import InvalidState, NotPermitted
from credit_mgmt.outage import DATABASE_ERRORS, RETRY_AFTER_SECONDS, database_lost, unavailable_message


class ModelSerializer(serializers.ModelSerializer):
    """Introspects its model once per class instead of once per response.

    REST framework rebuilds every field from the model's metadata each time a serializer is made,
    which costs several times the copy of ready fields and, for one enterprise, more than the
    database takes to find it. The fields depend only on the class, so they are built once and
    each serializer gets its own copy (copies, because binding a field ties it to one serializer).
    """

    def get_fields(self):
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built
        return copy.deepcopy(built)

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        """Keep `allow_blank` on fields made read-only in Meta, so the schema admits the blank a
        read-only choice can hold (REST framework drops it with the input-only arguments)."""
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


def _as_drf_error(exc):
    """Translate service-level errors into DRF exceptions with the contract's status."""
    if isinstance(exc, Http404):
        # The same body whether the object is missing or merely invisible.
        return exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    if isinstance(exc, NotPermitted):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, InvalidState):
        error = exceptions.APIException(str(exc))
        error.status_code = 409
        return error
    if isinstance(exc, DATABASE_ERRORS):
        database_lost(exc)
        return DatabaseUnavailable(unavailable_message())
    return exc


class DatabaseUnavailable(exceptions.APIException):
    """The database was lost mid-request (`credit_mgmt.outage`): 503, and Retry-After from `wait`."""

    status_code = 503
    wait = RETRY_AFTER_SECONDS


def exception_handler(exc, context):
    response = drf_exception_handler(_as_drf_error(exc), context)
    if response is not None and isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    return response


@csrf_exempt  # it changes nothing; without this, a POST would get the CSRF failure's HTML page
def api_not_found(request, *args, **kwargs):
    """JSON 404 for unknown paths under /api/, so clients never get an HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


def api_server_error(request, *args, **kwargs):
    return JsonResponse({"detail": _("A server error occurred.")}, status=500)

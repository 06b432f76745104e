"""Conventions shared by every API endpoint: pagination, error bodies, serializers and filters built once."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.http import Http404, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_filters import rest_framework as filters
from rest_framework import exceptions, pagination, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import InvalidState, NotPermitted
from core.outage import DATABASE_ERRORS, RETRY_AFTER_SECONDS, database_lost, unavailable_message
from core.query_string import BIGINT_MAX, positive_integer


class BuiltFieldsMixin:
    """Builds a serializer's fields once per class instead of once per response.

    REST framework rebuilds every field (from the model's metadata, for a model serializer) each
    time a serializer is made, which costs several times the copy of ready fields and, for one
    enterprise, more than the database takes to find it. The fields depend only on the class, so
    they are built once and each serializer gets its own copy (copies, because binding a field ties
    it to one serializer).
    """

    def get_fields(self):
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built
        return {name: _unbound_copy(field) for name, field in built.items()}


class Serializer(BuiltFieldsMixin, serializers.Serializer):
    """A serializer of no model, its fields built once."""


class ModelSerializer(BuiltFieldsMixin, serializers.ModelSerializer):
    """Introspects its model once per class instead of once per response."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        """Keep `allow_blank` on fields made read-only in Meta, so the schema admits the blank a
        read-only choice can hold (REST framework drops it with the input-only arguments)."""
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs


def _unbound_copy(field):
    """A copy of a field that has never been bound, to bind to one serializer.

    Binding only sets attributes (name, parent, source), so a shallow copy suffices, sharing the
    settings; a deep copy re-ran every field's constructor on copies of its arguments (querysets
    included), the most costly part of serializing one object. The nested field of a list or of a
    many-relation was bound to its parent at construction: it is copied, with the copy as parent.
    (The attributes are copied directly: `copy.copy` goes through the pickle protocol, ten calls more.)
    """
    copied = object.__new__(type(field))
    copied.__dict__.update(field.__dict__)
    for attribute in ("child", "child_relation"):
        nested = field.__dict__.get(attribute)
        if nested is not None:
            nested = _unbound_copy(nested)
            nested.parent = copied
            setattr(copied, attribute, nested)
    return copied


class Paginator(DjangoPaginator):
    """Reads the page's rows first and counts all rows only when the page is full.

    A page with fewer rows than its size is the last one, so its rows give the count: most API
    lists (an enterprise's ledger, a search by USCC or customs code) fit one page and save the
    count query, which repeats the whole filter (for a name fragment, its scan of the register).
    """

    def page(self, number):
        plain = positive_integer(number)
        # A page whose first row lies past the largest offset a database takes cannot hold rows:
        # asked for, the database would fail instead of finding none.
        if self.orphans or plain is None or (plain - 1) * self.per_page > BIGINT_MAX:
            return super().page(number)  # validated (and refused) as ever
        number = plain
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            return super().page(number)  # past the end: counted, refused as ever
        if len(rows) < self.per_page:
            self.count = bottom + len(rows)
        return self._get_page(rows, number, self)


class FilterSet(filters.FilterSet):
    """Builds its form class once per class instead of once per request.

    django-filter makes a new form class from the filters' fields for every request, a good part
    of the cost of a search. The class depends only on the filters, so a filter set whose choices
    do not depend on the request (no queryset of the caller's) shares one.
    """

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class


def named_users(names, users):
    """The users of `users` (a queryset: those the caller may choose here) named by `names`, in order.

    Any other name gets one and the same message, whether no user has it or its user may not be
    chosen (of another customs or enterprise, outside the caller's visibility): the answer never
    tells whether a username exists.
    """
    found = {user.username: user for user in users.filter(username__in=names)}
    refused = [name for name in dict.fromkeys(names) if name not in found]
    if refused:
        raise serializers.ValidationError(
            [_("No user “%(name)s” can be chosen here.") % {"name": name} for name in refused]
        )
    return [found[name] for name in names]


class Usernames(serializers.ListField):
    """Users by username, among those the view offers in the serializer's context (`users`)."""

    child = serializers.CharField()

    def to_internal_value(self, data):
        return named_users(super().to_internal_value(data), self.context["users"])


class Username(serializers.CharField):
    """A user by username, among those the view offers in the serializer's context (`users`)."""

    def to_internal_value(self, data):
        return named_users([super().to_internal_value(data)], self.context["users"])[0]


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = Paginator
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
    """The database was lost mid-request (`core.outage`): 503, and Retry-After from `wait`."""

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


def api_bad_request(request, exception):
    """JSON 400 for a request Django refused before REST framework could answer (a body past
    DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields): API clients never get an HTML page."""
    if isinstance(exception, RequestDataTooBig):
        message = _("The request is too large: the server accepts at most %(size)s.") % {
            "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    else:
        message = _("The request could not be read.")
    return JsonResponse({"detail": message}, status=400)


def api_server_error(request, *args, **kwargs):
    return JsonResponse({"detail": _("A server error occurred.")}, status=500)

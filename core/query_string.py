"""Numbers read from a query string: ids and page numbers, whatever a client puts there.

`get_object_or_404(queryset, pk=request.GET[...])` fails the request (500) on text that is no number
(`?plan=abc`, `?enterprise=1e5`) or on more digits than Python converts; a page number far enough
makes the database fail on its offset. Such a value names nothing, so it is answered as a missing one.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

# The largest value of a 64-bit integer column, ids and row offsets alike, on PostgreSQL and SQLite.
BIGINT_MAX = 2**63 - 1


def positive_integer(value):
    """`value` as an integer from 1 to BIGINT_MAX when it is written as one in plain digits, else None."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(BIGINT_MAX)):
        return None
    number = int(text)
    return number if 0 < number <= BIGINT_MAX else None


def object_from_query(queryset, request, parameter):
    """The object of `queryset` whose id the query string gives in `parameter`; 404 when the id is
    missing, is no id, or names no object of `queryset` (missing or outside the user's visibility)."""
    pk = positive_integer(request.GET.get(parameter, ""))
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk)

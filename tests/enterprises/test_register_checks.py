"""The register import's cells judged in SQL: never looser than the Python parsers, and as fast as it can be.

SQL accepts the rows it can vouch for; every other row is parsed in Python, which decides. So an
import must come out the same, value for value and error for error, whether or not SQL judged it.
"""

import sys

import pytest
from django.db import transaction

from enterprises.imports import bulk_import
from enterprises.imports.register import RegisterImporter
from enterprises.imports.register_checks import WHITESPACE
from enterprises.imports.register_staging import StagedRegister
from enterprises.models import Enterprise
from tests.concurrency import require_postgresql
from tests.enterprises.test_import import REGISTER_HEADER, register_row, write_csv
from tests.factories.enterprises import valid_uscc

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices", "business_types")]

IDEOGRAPHIC_SPACE = "\u3000"


def wrong_check_character(code):
    return code[:17] + ("0" if code[17] != "0" else "1")


def tricky_rows():
    """Rows that a careless SQL check would judge differently from Python, and rows it must accept."""
    rows = [register_row(n) for n in range(3)]  # clean
    tweaks = [
        {"uscc": valid_uscc(9001).lower()},
        {"uscc": valid_uscc(9002)[:17]},
        {"uscc": wrong_check_character(valid_uscc(9003))},
        {"uscc": "I" + valid_uscc(9004)[1:]},
        {"uscc": f"  {valid_uscc(9005)}\t"},
        {"uscc": f"{IDEOGRAPHIC_SPACE}{valid_uscc(9006)}{IDEOGRAPHIC_SPACE}"},
        {"uscc": ""},
        {"customs_code": "imp0000010"},
        {"customs_code": "IMP000001"},
        {"customs_code": "IMP 000012"},
        {"customs_code": " IMP0000013 "},
        {"name": "名" * 200},
        {"name": "名" * 201},
        {"name": f"{IDEOGRAPHIC_SPACE}前后有空格的公司\xa0"},
        {"name": " \t "},
        {"name_en": ""},
        {"name_en": "E" * 301},
        {"address": "\t地址\n"},
        {"legal_representative": "代" * 101},
        {"customs_office": " 9700 "},
        {"customs_office": "1234"},
        {"customs_office": ""},
        {"business_types": ""},
        {"business_types": "customs_broker; consignee_consignor"},
        {"business_types": "customs_broker;;customs_broker;"},
        {"business_types": "no_such_type"},
        {"business_types": "Customs_Broker"},
    ]
    rows += [register_row(100 + n, **tweak) for n, tweak in enumerate(tweaks)]
    rows.append(register_row(200) + ["unexpected"])  # a value past the header's columns
    rows.append(register_row(201) + ["  "])  # blank cells past them are nothing
    rows.append(register_row(202)[:7])  # the optional last column left out
    rows.append(register_row(203, customs_code="IMP0000000"))  # the code of row 2
    rows.append(register_row(1, customs_code="IMP0009999"))  # the USCC of row 3
    rows.append(register_row(204, name="O'Brien & 100% 公司"))
    return rows


def outcome(path, **kwargs):
    """What importing `path` reports and leaves in the register; everything it wrote rolled back."""
    with transaction.atomic():
        result = bulk_import(actor=None, source=path, kind="register", **kwargs)
        register = sorted(
            (
                enterprise.uscc,
                enterprise.customs_code,
                enterprise.name,
                enterprise.name_en,
                enterprise.address,
                enterprise.legal_representative,
                enterprise.customs_office.code,
                sorted(enterprise.business_types.values_list("code", flat=True)),
            )
            for enterprise in Enterprise.objects.select_related("customs_office")
        )
        transaction.set_rollback(True)
    return result, register


def test_whitespace_is_what_str_strip_removes():
    assert set(WHITESPACE) == {char for char in map(chr, range(sys.maxunicode + 1)) if char.isspace()}


@pytest.mark.parametrize("partial", [True, False])
def test_an_import_comes_out_the_same_whether_or_not_sql_judged_the_cells(tmp_path, monkeypatch, partial):
    path = write_csv(tmp_path, [REGISTER_HEADER, *tricky_rows()])
    judged = outcome(path, partial=partial)
    monkeypatch.setattr(StagedRegister, "accept", lambda staged: 0)  # every row to Python
    parsed = outcome(path, partial=partial)
    assert judged == parsed
    result, register = judged
    assert result.rejected == 19  # the file is as tricky as it means to be: 19 of its 36 rows are wrong
    if partial:
        assert (valid_uscc(9005), "IMP0000104") in {row[:2] for row in register}  # stripped, accepted


def test_the_rows_sql_accepts_are_never_parsed_in_python(tmp_path, monkeypatch):
    require_postgresql("SQL judges the cells on PostgreSQL; elsewhere Python parses every row")
    parsed = []
    parse_row = RegisterImporter.parse_row
    monkeypatch.setattr(
        RegisterImporter, "parse_row", lambda self, cells: parsed.append(cells) or parse_row(self, cells)
    )
    clean = [register_row(n) for n in range(50)]
    doubtful = [*register_row(50), " "]  # a blank cell past the header's columns: Python decides
    result, register = outcome(write_csv(tmp_path, [REGISTER_HEADER, *clean, doubtful]))
    assert (result.created, result.error_count) == (51, 0)
    assert parsed == [doubtful]
    assert len(register) == 51

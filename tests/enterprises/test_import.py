"""Bulk import of the register and of credit records: idempotent, all-or-nothing, every bad row reported."""

import csv
import datetime
import io
import random
import threading
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.history import change_history
from accounts.models import ActivityEntry
from core.errors import NotPermitted
from core.request_context import bind_request, unbind_request
from enterprises.imports import bulk_import
from enterprises.imports.importer import Importer, RowError
from enterprises.ledger import ledger_inconsistencies
from enterprises.models import Arrear, DocumentCount, Enterprise, LedgerEntry, Penalty
from enterprises.uscc import ALPHABET as USCC_ALPHABET
from enterprises.uscc import uscc_problem
from rulebooks.selectors import rulebook_in_force
from tests.concurrency import require_postgresql, waits_on_a_lock
from tests.conftest import wait_for
from tests.factories.enterprises import PenaltyFactory, valid_uscc

pytestmark = pytest.mark.django_db

REGISTER_HEADER = [
    "uscc",
    "customs_code",
    "name",
    "name_en",
    "address",
    "legal_representative",
    "customs_office",
    "business_types",
]
PENALTY_HEADER = [
    "case_number",
    "uscc",
    "kind",
    "subject",
    "decided_on",
    "amount",
    "is_intentional",
    "description",
]
ARREAR_HEADER = ["reference", "uscc", "kind", "amount", "due_on", "paid_on"]
COUNT_HEADER = ["uscc", "year", "declarations", "filing_lists", "manifests"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def register_row(n, **changes):
    row = {
        "uscc": valid_uscc(5_000_000 + n),
        "customs_code": f"IMP{n:07d}",
        "name": f"导入测试公司{n}",
        "name_en": f"Import Test Co. {n}",
        "address": f"西宁市城西区{n}号",
        "legal_representative": "张三",
        "customs_office": "9700",
        "business_types": "consignee_consignor;customs_broker",
    }
    row.update(changes)
    return [row[column] for column in REGISTER_HEADER]


def write_csv(directory, rows, name="file.csv", encoding="utf-8-sig"):
    path = directory / name
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(directory, rows, name="file.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.create_sheet("notes").append(["this sheet", "is ignored"])
    path = directory / name
    workbook.save(path)
    return path


def import_register(directory, rows, actor=None, **kwargs):
    return bulk_import(
        actor=actor, source=write_csv(directory, [REGISTER_HEADER, *rows]), kind="register", **kwargs
    )


def counts(result):
    return result.created, result.updated, result.unchanged, result.rejected


# --- Register: creating, updating, idempotence -----------------------------------------------


def test_csv_import_registers_enterprises_with_ledger_history_and_business_types(
    tmp_path, offices, business_types
):
    result = import_register(tmp_path, [register_row(1), register_row(2, business_types="")])

    assert counts(result) == (2, 0, 0, 0)
    assert result.applied
    first = Enterprise.objects.get(uscc=valid_uscc(5_000_001))
    assert (first.customs_code, first.name, first.customs_office.code) == (
        "IMP0000001",
        "导入测试公司1",
        "9700",
    )
    assert sorted(first.business_types.values_list("code", flat=True)) == [
        "consignee_consignor",
        "customs_broker",
    ]
    assert not Enterprise.objects.get(uscc=valid_uscc(5_000_002)).business_types.exists()
    (entry,) = first.ledger_entries.all()
    assert (entry.previous_grade, entry.grade, entry.cause) == ("", "regular", LedgerEntry.Cause.REGISTRATION)
    assert entry.rulebook == rulebook_in_force()
    assert first.credit_grade == "regular"
    assert not ledger_inconsistencies().exists()
    (version,) = first.history.all()
    assert (version.history_type, version.history_change_reason) == ("+", "Imported from file.csv")
    (shown,) = change_history(first)
    assert "Customs broker, Import/export consignee or consignor" in [change.new for change in shown.changes]
    activity = ActivityEntry.objects.get(verb="import.register")
    assert activity.changes["created"] == 2


def test_xlsx_import_reads_the_first_sheet_with_typed_cells(tmp_path, offices, business_types):
    rows = [REGISTER_HEADER, register_row(1, customs_code=9700123456, customs_office=9700)]
    result = bulk_import(actor=None, source=write_xlsx(tmp_path, rows), kind="register")
    assert counts(result) == (1, 0, 0, 0)
    assert Enterprise.objects.get(customs_code="9700123456").customs_office.code == "9700"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_csv_with_or_without_byte_order_mark(tmp_path, offices, business_types, encoding):
    path = write_csv(tmp_path, [REGISTER_HEADER, register_row(1)], encoding=encoding)
    assert bulk_import(actor=None, source=path, kind="register").created == 1


def test_reimporting_the_same_file_changes_nothing(tmp_path, offices, business_types):
    rows = [register_row(n) for n in range(1, 4)]
    import_register(tmp_path, rows)
    history, ledger = Enterprise.history.count(), LedgerEntry.objects.count()

    again = import_register(tmp_path, rows)

    assert counts(again) == (0, 0, 3, 0)
    assert (Enterprise.history.count(), LedgerEntry.objects.count()) == (history, ledger)


def test_changed_rows_are_updated_with_history_and_the_grade_is_left_alone(
    tmp_path, offices, business_types, enterprise_a
):
    import_register(tmp_path, [register_row(1), register_row(2), register_row(3)])
    ours = register_row(
        9, uscc=enterprise_a.uscc, customs_code=enterprise_a.customs_code, name="青海甲公司（更名）"
    )
    result = import_register(
        tmp_path,
        [
            register_row(1, address="新地址"),
            register_row(2, business_types="logistics_air"),
            register_row(3),
            ours,
        ],
    )

    assert counts(result) == (0, 3, 1, 0)
    assert Enterprise.objects.get(uscc=valid_uscc(5_000_001)).address == "新地址"
    second = Enterprise.objects.get(uscc=valid_uscc(5_000_002))
    assert list(second.business_types.values_list("code", flat=True)) == ["logistics_air"]
    latest = change_history(second)[0]
    assert (latest.reason, [(c.old, c.new) for c in latest.changes]) == (
        "Imported from file.csv",
        [("Customs broker, Import/export consignee or consignor", "Logistics operator (air)")],
    )
    enterprise_a.refresh_from_db()
    assert (enterprise_a.name, enterprise_a.credit_grade) == ("青海甲公司（更名）", "advanced_certified")
    assert enterprise_a.ledger_entries.count() == 2  # from the factory; an update adds none


def test_an_optional_column_left_out_leaves_the_field_and_a_blank_cell_clears_it(
    tmp_path, offices, business_types
):
    import_register(tmp_path, [register_row(1)])
    without_address = [column for column in REGISTER_HEADER if column != "address"]
    row = dict(zip(REGISTER_HEADER, register_row(1, name_en=""), strict=True))
    result = bulk_import(
        actor=None,
        source=write_csv(tmp_path, [without_address, [row[c] for c in without_address]]),
        kind="register",
    )
    enterprise = Enterprise.objects.get(uscc=valid_uscc(5_000_001))
    assert result.updated == 1
    assert (enterprise.address, enterprise.name_en) == ("西宁市城西区1号", "")


def test_progress_is_reported_per_batch(tmp_path, offices, business_types):
    steps = []
    progress = SimpleNamespace(update=steps.append)  # the part of a tqdm bar the import uses
    import_register(tmp_path, [register_row(n) for n in range(5)], batch_size=2, progress=progress)
    assert steps == [2, 2, 1]


# --- Register: all or nothing, and the error report --------------------------------------------


def test_one_bad_row_means_nothing_is_written(tmp_path, offices, business_types):
    result = import_register(
        tmp_path, [register_row(1), register_row(2, customs_office="9999"), register_row(3)]
    )

    assert not result.applied
    assert counts(result) == (0, 0, 0, 1)
    assert result.errors == [RowError(3, "customs_office", "No customs office has the code 9999.")]
    assert not Enterprise.objects.exists()
    assert not ActivityEntry.objects.filter(verb="import.register").exists()


def test_nothing_is_written_even_when_the_bad_row_comes_in_a_later_batch(tmp_path, offices, business_types):
    rows = [register_row(n) for n in range(1, 6)] + [register_row(6, name="")]
    result = import_register(tmp_path, rows, batch_size=2)
    assert result.errors == [RowError(7, "name", "This value is required.")]
    assert not Enterprise.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_partial_import_writes_the_valid_rows_and_reports_the_others(tmp_path, offices, business_types):
    result = import_register(
        tmp_path, [register_row(1), register_row(2, customs_office="9999"), register_row(3)], partial=True
    )
    assert result.applied
    assert counts(result) == (2, 0, 0, 1)
    assert result.errors == [RowError(3, "customs_office", "No customs office has the code 9999.")]
    assert Enterprise.objects.count() == 2
    assert ActivityEntry.objects.get(verb="import.register").changes["rejected"] == 1


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        (
            "uscc",
            "91350100M000100Y44",
            "The check character is wrong: with these first 17 characters it must be 3.",
        ),
        ("uscc", "91350", "A unified social credit code has 18 characters; this one has 5."),
        ("uscc", "", "This value is required."),
        ("customs_code", "97-0000001", "A customs registration code is 10 digits or capital letters."),
        ("name", "名" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("customs_office", "9999", "No customs office has the code 9999."),
        (
            "business_types",
            "customs_broker; spaceport ;moon_base",
            "Unknown business type codes: moon_base, spaceport.",
        ),
    ],
)
def test_each_bad_value_is_reported_with_row_column_and_reason(
    tmp_path, offices, business_types, column, value, reason
):
    result = import_register(tmp_path, [register_row(1, **{column: value})])
    assert result.errors == [RowError(2, column, reason)]
    assert not Enterprise.objects.exists()


def test_every_bad_cell_of_a_row_is_reported(tmp_path, offices, business_types):
    result = import_register(tmp_path, [register_row(1, customs_code="x", name="", customs_office="12")])
    assert [(error.row, error.column) for error in result.errors] == [
        (2, "customs_code"),
        (2, "name"),
        (2, "customs_office"),
    ]
    assert result.rejected == 1


def test_an_inactive_office_is_refused(tmp_path, offices, business_types):
    offices["9703"].is_active = False
    offices["9703"].save()
    result = import_register(tmp_path, [register_row(1, customs_office="9703")])
    assert result.errors == [RowError(2, "customs_office", "Customs office 9703 is no longer active.")]


def test_duplicates_inside_the_file_are_reported_against_the_first_row(tmp_path, offices, business_types):
    result = import_register(
        tmp_path,
        [
            register_row(1),
            register_row(2, uscc=valid_uscc(5_000_001)),
            register_row(3, customs_code="IMP0000001"),
            register_row(4),
        ],
        partial=True,
    )
    assert result.errors == [
        RowError(3, "uscc", "Duplicate: row 2 of this file has the same uscc."),
        RowError(4, "customs_code", "Duplicate: row 2 of this file has the same customs_code."),
    ]
    assert sorted(Enterprise.objects.values_list("customs_code", flat=True)) == ["IMP0000001", "IMP0000004"]


def test_a_duplicate_of_a_rejected_row_is_rejected_too(tmp_path, offices, business_types):
    result = import_register(tmp_path, [register_row(1, name=""), register_row(1)], partial=True)
    assert [(error.row, error.column) for error in result.errors] == [
        (2, "name"),
        (3, "uscc"),
        (3, "customs_code"),
    ]
    assert not Enterprise.objects.exists()


def test_a_customs_code_of_another_enterprise_is_refused(tmp_path, offices, business_types, enterprise_b):
    result = import_register(tmp_path, [register_row(1, customs_code=enterprise_b.customs_code)])
    assert result.errors == [
        RowError(
            2,
            "customs_code",
            f"This customs registration code belongs to another enterprise ({enterprise_b.uscc}).",
        )
    ]


def test_the_customs_code_of_a_registered_enterprise_is_not_changed(tmp_path, offices, enterprise_b):
    result = import_register(tmp_path, [register_row(1, uscc=enterprise_b.uscc, business_types="")])
    assert result.errors == [
        RowError(
            2,
            "customs_code",
            "The customs registration code of a registered enterprise is not changed by import; "
            f"this enterprise's code is {enterprise_b.customs_code}.",
        )
    ]


def test_a_row_longer_than_the_header_is_refused(tmp_path, offices, business_types):
    result = import_register(tmp_path, [[*register_row(1), "extra"]])
    assert result.errors == [RowError(2, "", "This row has more values than the header has columns.")]


def test_blank_lines_are_skipped_and_row_numbers_stay_those_of_the_file(tmp_path, offices, business_types):
    result = import_register(tmp_path, [register_row(1), [], ["", ""], register_row(2, name="")])
    assert result.rows == 2
    assert result.errors == [RowError(5, "name", "This value is required.")]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            [c for c in REGISTER_HEADER if c != "name"],
            [RowError(1, "name", "The header has no such column; it is required.")],
        ),
        (
            [*REGISTER_HEADER, "adress"],
            [
                RowError(
                    1,
                    "adress",
                    "Unknown column; the columns are: uscc, customs_code, name, name_en, address, "
                    "legal_representative, customs_office, business_types.",
                )
            ],
        ),
        ([*REGISTER_HEADER, "UScc "], [RowError(1, "uscc", "This column appears twice in the header.")]),
        (["uscc", "", *REGISTER_HEADER[1:]], [RowError(1, "#2", "This column has no name.")]),
    ],
)
def test_a_wrong_header_stops_the_import_even_when_partial(
    tmp_path, offices, business_types, header, expected
):
    path = write_csv(tmp_path, [header, register_row(1)])
    result = bulk_import(actor=None, source=path, kind="register", partial=True)
    assert result.errors == expected
    assert (result.rows, result.applied) == (0, False)
    assert not Enterprise.objects.exists()


def test_a_header_alone_imports_nothing(tmp_path, offices):
    result = import_register(tmp_path, [])
    assert (result.applied, result.rows, result.error_count) == (True, 0, 0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "The file is empty: the first row must name the columns."),
        ("gbk.csv", "uscc,name\n91350100M000100Y43,青海公司\n".encode("gbk"), "The file is not UTF-8 text"),
        ("fake.xlsx", b"uscc,name\n", "The file is not a readable XLSX workbook."),
        ("register.txt", b"uscc\n", "Only .csv and .xlsx files can be imported."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(
    tmp_path, offices, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError) as error:
        bulk_import(actor=None, source=path, kind="register")
    assert error.value.messages[0].startswith(message)


def test_a_missing_file_is_refused_with_a_clear_message(tmp_path, offices):
    with pytest.raises(ValidationError, match="Cannot open"):
        bulk_import(actor=None, source=tmp_path / "missing.csv", kind="register")


# --- Register: checks across the whole file, and set-based writes ------------------------------


def test_duplicates_and_conflicts_are_found_across_batches(tmp_path, offices, business_types, enterprise_b):
    rows = [
        register_row(1),
        register_row(2),
        register_row(3),
        register_row(4, uscc=valid_uscc(5_000_001)),  # row 2's USCC, three batches later
        register_row(5, customs_code="IMP0000002"),
        register_row(6, customs_code=enterprise_b.customs_code),
        register_row(7, uscc=enterprise_b.uscc),
    ]
    result = import_register(tmp_path, rows, batch_size=2, partial=True)

    assert result.errors == [
        RowError(5, "uscc", "Duplicate: row 2 of this file has the same uscc."),
        RowError(6, "customs_code", "Duplicate: row 3 of this file has the same customs_code."),
        RowError(
            7,
            "customs_code",
            f"This customs registration code belongs to another enterprise ({enterprise_b.uscc}).",
        ),
        RowError(
            8,
            "customs_code",
            "The customs registration code of a registered enterprise is not changed by import; "
            f"this enterprise's code is {enterprise_b.customs_code}.",
        ),
    ]
    assert counts(result) == (3, 0, 0, 4)
    assert (result.rows, result.error_count) == (7, 4)


def test_errors_of_cells_and_of_the_whole_file_are_reported_in_row_order(
    tmp_path, offices, business_types, monkeypatch
):
    monkeypatch.setattr(Importer, "max_reported_errors", 3)
    rows = [
        register_row(1),
        register_row(2, name=""),
        register_row(1, name=""),  # a bad cell, and row 2's keys
        register_row(4, name=""),
        register_row(2),
    ]
    result = import_register(tmp_path, rows, batch_size=2, partial=True)

    assert result.errors == [
        RowError(3, "name", "This value is required."),
        RowError(4, "name", "This value is required."),
        RowError(4, "uscc", "Duplicate: row 2 of this file has the same uscc."),
    ]
    assert result.errors_truncated
    assert (result.error_count, result.rejected, result.created) == (7, 4, 1)


def test_a_bad_row_leaves_every_table_as_it_was(tmp_path, offices, business_types):
    import_register(tmp_path, [register_row(1), register_row(2)])
    tables = [
        Enterprise.objects,
        Enterprise.history,
        Enterprise.business_types.through.objects,
        Enterprise.history.model.business_types.model.objects,
        LedgerEntry.objects,
    ]
    before = [list(manager.order_by("pk").values()) for manager in tables]

    result = import_register(
        tmp_path,
        [
            register_row(1, name="改名公司", business_types="logistics_air"),
            register_row(2),
            register_row(3),
            register_row(4, customs_office="9999"),
        ],
        batch_size=2,
    )

    assert not result.applied
    assert counts(result) == (0, 0, 0, 1)
    assert [list(manager.order_by("pk").values()) for manager in tables] == before


def test_history_rows_carry_who_why_the_request_and_the_business_types(
    tmp_path, administrator, business_types
):
    import_register(tmp_path, [register_row(1), register_row(2, business_types="")])
    token = bind_request(SimpleNamespace(request_id="req-42", META={"REMOTE_ADDR": "10.1.2.3"}))
    try:
        result = import_register(
            tmp_path,
            [register_row(1, business_types="logistics_air"), register_row(2), register_row(3)],
            actor=administrator,
        )
    finally:
        unbind_request(token)

    assert counts(result) == (1, 2, 0, 0)
    for n, kinds, types in (
        (1, ["~", "+"], [["logistics_air"], ["consignee_consignor", "customs_broker"]]),
        (2, ["~", "+"], [["consignee_consignor", "customs_broker"], []]),
        (3, ["+"], [["consignee_consignor", "customs_broker"]]),
    ):
        enterprise = Enterprise.objects.get(uscc=valid_uscc(5_000_000 + n))
        versions = list(enterprise.history.order_by("-history_id"))
        assert [version.history_type for version in versions] == kinds
        assert [
            sorted(v.business_types.values_list("businesstype__code", flat=True)) for v in versions
        ] == types
        latest = versions[0]
        assert (latest.history_user, latest.request_id, latest.ip_address) == (
            administrator,
            "req-42",
            "10.1.2.3",
        )
        assert (latest.name, latest.updated_at) == (enterprise.name, enterprise.updated_at)
        assert enterprise.ledger_entries.count() == 1
    (entry,) = Enterprise.objects.get(uscc=valid_uscc(5_000_003)).ledger_entries.all()
    assert (entry.cause, entry.grade, entry.decided_by) == (
        LedgerEntry.Cause.REGISTRATION,
        "regular",
        administrator,
    )
    assert not ledger_inconsistencies().exists()


def test_the_check_character_is_judged_as_uscc_problem_judges_it(tmp_path, offices, business_types):
    chance = random.Random(7)
    codes = [valid_uscc(5_100_000 + n) for n in range(60)]
    codes += [
        code[:i] + chance.choice(USCC_ALPHABET.replace(code[i], "")) + code[i + 1 :]
        for code in codes
        for i in (3, 17)
    ]
    rows = [register_row(n, uscc=code) for n, code in enumerate(codes)]

    result = import_register(tmp_path, rows, partial=True)

    expected = [
        RowError(number, "uscc", uscc_problem(code))
        for number, code in enumerate(codes, start=2)
        if uscc_problem(code)
    ]
    assert expected
    assert [error for error in result.errors if error.column == "uscc"] == expected


def test_a_file_that_stops_being_utf8_halfway_is_refused_and_nothing_is_written(
    tmp_path, offices, business_types
):
    path = write_csv(tmp_path, [REGISTER_HEADER, *(register_row(n) for n in range(1, 200))])
    with open(path, "ab") as handle:
        handle.write("91350100M000100Y43,IMP9999999,青海公司,,,,9700,\n".encode("gbk"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        bulk_import(actor=None, source=path, kind="register", batch_size=50)
    assert not Enterprise.objects.exists()
    assert import_register(tmp_path, [register_row(1)]).created == 1  # the connection is usable


# --- Who may import ------------------------------------------------------------------------------


def test_officers_may_not_import(tmp_path, officer):
    with pytest.raises(NotPermitted):
        import_register(tmp_path, [], actor=officer)


def test_an_administrators_import_is_recorded_as_theirs(tmp_path, administrator, business_types):
    import_register(tmp_path, [register_row(1)], actor=administrator)
    enterprise = Enterprise.objects.get()
    assert enterprise.history.get().history_user == administrator
    assert enterprise.ledger_entries.get().decided_by == administrator
    assert ActivityEntry.objects.get(verb="import.register").actor == administrator


# --- Cost: a fixed number of queries -------------------------------------------------------------


def _queries(tmp_path, first, count, **changes):
    rows = [register_row(n, **changes) for n in range(first, first + count)]
    path = write_csv(tmp_path, [REGISTER_HEADER, *rows], name=f"rows-{first}.csv")
    with CaptureQueriesContext(connection) as context:
        result = bulk_import(actor=None, source=path, kind="register", batch_size=50)
    assert not result.error_count
    return len(context.captured_queries)


def test_a_batch_costs_the_same_queries_whatever_its_rows(tmp_path, offices, business_types):
    assert _queries(tmp_path, 0, 10) == _queries(tmp_path, 100, 50)  # created
    assert _queries(tmp_path, 0, 10) == _queries(tmp_path, 100, 50)  # unchanged
    changes = {"name": "改名", "business_types": "logistics_air"}
    assert _queries(tmp_path, 0, 10, **changes) == _queries(tmp_path, 100, 50, **changes)  # updated


def test_further_batches_add_no_queries(tmp_path, offices, business_types):
    # PostgreSQL streams every batch through one COPY into the staging table; checking and writing
    # are then the same few statements for any number of rows.
    require_postgresql("the staging table is filled by PostgreSQL's COPY")
    assert _queries(tmp_path, 1000, 200) == _queries(tmp_path, 0, 50)  # created
    assert _queries(tmp_path, 1000, 200) == _queries(tmp_path, 0, 50)  # unchanged


# --- Credit records ------------------------------------------------------------------------------


def penalty_row(case_number, uscc, **changes):
    row = {
        "case_number": case_number,
        "uscc": uscc,
        "kind": "supervision_violation",
        "subject": "",
        "decided_on": "2026-03-02",
        "amount": "15000.50",
        "is_intentional": "否",
        "description": "申报不实",
    }
    row.update(changes)
    return [row[column] for column in PENALTY_HEADER]


def import_records(directory, kind, header, rows, **kwargs):
    return bulk_import(actor=None, source=write_csv(directory, [header, *rows]), kind=kind, **kwargs)


def test_penalties_are_created_then_left_alone_then_updated(tmp_path, enterprise_b):
    rows = [penalty_row("西关缉违字〔2026〕1号", enterprise_b.uscc), penalty_row("P-2", enterprise_b.uscc)]
    assert counts(import_records(tmp_path, "penalties", PENALTY_HEADER, rows)) == (2, 0, 0, 0)
    penalty = Penalty.objects.get(case_number="西关缉违字〔2026〕1号")
    assert (penalty.enterprise, penalty.subject, penalty.amount, penalty.is_intentional) == (
        enterprise_b,
        "general",
        Decimal("15000.50"),
        False,
    )
    assert penalty.decided_on == datetime.date(2026, 3, 2)

    assert counts(import_records(tmp_path, "penalties", PENALTY_HEADER, rows)) == (0, 0, 2, 0)
    rows[1] = penalty_row("P-2", enterprise_b.uscc, amount="20000")
    assert counts(import_records(tmp_path, "penalties", PENALTY_HEADER, rows)) == (0, 1, 1, 0)
    changed = Penalty.objects.get(case_number="P-2")
    assert changed.amount == Decimal("20000")
    assert [version.history_type for version in changed.history.all()] == ["~", "+"]


def test_penalties_from_xlsx_with_date_number_and_boolean_cells(tmp_path, enterprise_b):
    row = penalty_row("P-1", enterprise_b.uscc, decided_on=datetime.date(2025, 5, 6), amount=1200.5)
    row[PENALTY_HEADER.index("is_intentional")] = True
    path = write_xlsx(tmp_path, [PENALTY_HEADER, row])
    assert bulk_import(actor=None, source=path, kind="penalties").created == 1
    penalty = Penalty.objects.get()
    assert (penalty.decided_on, penalty.amount, penalty.is_intentional) == (
        datetime.date(2025, 5, 6),
        Decimal("1200.50"),
        True,
    )


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("uscc", valid_uscc(7_777_777), "No enterprise in the register has this unified social credit code."),
        (
            "kind",
            "fine",
            "“fine” is not one of: administrative_smuggling, bribery, criminal_cosmetics, "
            "criminal_food_safety, criminal_smuggling, obstruction, supervision_violation.",
        ),
        (
            "decided_on",
            "2026/03/02",
            "“2026/03/02” value has an invalid date format. It must be in YYYY-MM-DD format.",
        ),
        ("decided_on", "2026-06-02", "2026-06-02 is in the future."),
        ("amount", "-5", "Ensure this value is greater than or equal to 0."),
        ("amount", "12.345", "Ensure that there are no more than 2 decimal places."),
        ("amount", "abc", "“abc” value must be a decimal number."),
        ("is_intentional", "maybe", "“maybe” is not yes or no (true/false, yes/no, 1/0, 是/否)."),
    ],
)
def test_bad_penalty_values_are_reported(tmp_path, enterprise_b, time_machine, column, value, reason):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
    row = penalty_row("P-1", **({"uscc": enterprise_b.uscc} | {column: value}))
    result = import_records(tmp_path, "penalties", PENALTY_HEADER, [row])
    assert result.errors == [RowError(2, column, reason)]
    assert not Penalty.objects.exists()


DISCLOSURE_HEADER = [*PENALTY_HEADER, "disclosed_on", "disclosure_basis"]


def disclosure_row(case_number, uscc, disclosed_on, basis="", **changes):
    return [*penalty_row(case_number, uscc, **changes), disclosed_on, basis]


def test_a_voluntary_disclosure_is_imported_with_the_announcement_in_force_that_day(tmp_path, enterprise_b):
    rows = [
        disclosure_row("P-1", enterprise_b.uscc, "2025-10-10", decided_on="2025-11-03"),
        disclosure_row("P-2", enterprise_b.uscc, "2025-10-11", decided_on="2025-11-03"),
        disclosure_row("P-3", enterprise_b.uscc, "2025-10-11", "署稽发〔2025〕1号", decided_on="2025-11-03"),
        disclosure_row("P-4", enterprise_b.uscc, ""),
    ]
    assert import_records(tmp_path, "penalties", DISCLOSURE_HEADER, rows).created == 4
    bases = dict(Penalty.objects.values_list("case_number", "disclosure_basis"))
    assert bases == {
        "P-1": "海关总署公告2023年第127号（关于处理主动披露违规行为有关事项的公告）",
        "P-2": "海关总署公告2025年第194号（关于处理主动披露违规行为有关事项的公告）",
        "P-3": "署稽发〔2025〕1号",
        "P-4": "",
    }
    assert Penalty.objects.get(case_number="P-1").disclosed_on == datetime.date(2025, 10, 10)
    # The same file again changes nothing: the basis filled in is the one the file would get.
    assert counts(import_records(tmp_path, "penalties", DISCLOSURE_HEADER, rows)) == (0, 0, 4, 0)


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        (
            {"kind": "administrative_smuggling"},
            "disclosed_on",
            "Only violations of customs supervision rules are voluntarily disclosed, not Administrative "
            "smuggling.",
        ),
        (
            {"disclosed_on": "2026-03-03"},
            "disclosed_on",
            "The disclosure comes before customs finds the violation, so before the penalty decision.",
        ),
        (
            {"disclosed_on": "", "basis": "署稽发〔2025〕1号"},
            "disclosure_basis",
            "A basis needs the day of the voluntary disclosure.",
        ),
        (
            {"disclosed_on": "2019-10-16"},
            "disclosure_basis",
            "No GAC announcement on voluntary disclosure in the rulebooks covers 16 Oct 2019: "
            "name the basis.",
        ),
        (
            {"disclosed_on": "2026-13-01"},
            "disclosed_on",
            "“2026-13-01” value has the correct format (YYYY-MM-DD) but it is an invalid date.",
        ),
        (
            {"kind": "criminal_food_safety", "disclosed_on": ""},
            "subject",
            "Crime against the import/export food-safety rules concerns Food: set the goods concerned to it.",
        ),
    ],
)
def test_bad_disclosures_and_offences_are_reported_and_nothing_is_written(
    tmp_path, enterprise_b, changes, column, reason
):
    disclosed_on = changes.pop("disclosed_on", "2026-02-20")
    basis = changes.pop("basis", "")
    rows = [
        disclosure_row("P-1", enterprise_b.uscc, disclosed_on, basis, **changes),
        disclosure_row("P-2", enterprise_b.uscc, "2026-02-20"),
    ]
    result = import_records(tmp_path, "penalties", DISCLOSURE_HEADER, rows)
    assert result.errors == [RowError(2, column, reason)]
    assert not Penalty.objects.exists()


def test_columns_left_out_of_the_file_keep_the_recorded_values(tmp_path, enterprise_b):
    PenaltyFactory(
        enterprise=enterprise_b,
        case_number="P-1",
        kind="criminal_food_safety",
        subject="food",
        decided_on=datetime.date(2026, 3, 2),
    )
    header = ["case_number", "uscc", "kind", "decided_on"]
    rows = [[number, enterprise_b.uscc, "criminal_food_safety", "2026-03-02"] for number in ("P-1", "P-2")]
    result = import_records(tmp_path, "penalties", header, rows, partial=True)
    # P-1 keeps its goods (food); a new record's are general goods, which a food-safety crime is not.
    assert [(error.row, error.column) for error in result.errors] == [(3, "subject")]
    assert (result.unchanged, Penalty.objects.get().subject) == (1, "food")


def test_arrears_are_upserted_by_reference(tmp_path, enterprise_b):
    row = ["税单-001", enterprise_b.uscc, "tax", "80000", "2025-12-01", ""]
    assert import_records(tmp_path, "arrears", ARREAR_HEADER, [row]).created == 1
    assert Arrear.objects.get().paid_on is None
    row[-1] = "2026-02-01"
    assert counts(import_records(tmp_path, "arrears", ARREAR_HEADER, [row])) == (0, 1, 0, 0)
    assert Arrear.objects.get().paid_on == datetime.date(2026, 2, 1)


def test_bad_arrears_are_reported(tmp_path, enterprise_b):
    rows = [
        ["A-1", enterprise_b.uscc, "loan", "", "2025-12-01", ""],
        ["A-1", enterprise_b.uscc, "tax", "10", "2025-12-01", ""],
    ]
    result = import_records(tmp_path, "arrears", ARREAR_HEADER, rows)
    assert result.errors == [
        RowError(2, "kind", "“loan” is not one of: fine, tax."),
        RowError(2, "amount", "This value is required."),
        RowError(3, "reference", "Duplicate: row 2 of this file has the same reference."),
    ]


def test_document_counts_are_keyed_by_enterprise_and_year(tmp_path, enterprise_b, enterprise_sh):
    rows = [
        [enterprise_b.uscc, "2024", "1200", "30", "5"],
        [enterprise_b.uscc, "2025", "1500", "", "7"],
        [enterprise_sh.uscc, "2025", "10", "0", "0"],
    ]
    assert import_records(tmp_path, "document_counts", COUNT_HEADER, rows).created == 3
    assert DocumentCount.objects.get(enterprise=enterprise_b, year=2025).total == 1507
    rows[1][2] = "1600"
    assert counts(import_records(tmp_path, "document_counts", COUNT_HEADER, rows)) == (0, 1, 2, 0)
    assert DocumentCount.objects.get(enterprise=enterprise_b, year=2025).declarations == 1600


def test_document_counts_left_out_are_kept(tmp_path, enterprise_b):
    import_records(
        tmp_path, "document_counts", COUNT_HEADER, [[enterprise_b.uscc, "2025", "1500", "20", "7"]]
    )
    result = import_records(
        tmp_path, "document_counts", ["uscc", "year", "manifests"], [[enterprise_b.uscc, "2025", "9"]]
    )
    assert result.updated == 1
    count = DocumentCount.objects.get()
    assert (count.declarations, count.filing_lists, count.manifests) == (1500, 20, 9)


def test_bad_document_counts_are_reported(tmp_path, enterprise_b, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC))
    rows = [
        [enterprise_b.uscc, "25", "1", "1", "1"],
        [enterprise_b.uscc, "2027", "1", "1", "1"],
        [enterprise_b.uscc, "2025", "-1", "1.5", "1"],
        [enterprise_b.uscc, "2025", "1", "1", "1"],
    ]
    result = import_records(tmp_path, "document_counts", COUNT_HEADER, rows)
    assert result.errors == [
        RowError(2, "year", "“25” is not a year such as 2025."),
        RowError(3, "year", "2027 is in the future."),
        RowError(4, "declarations", "Ensure this value is greater than or equal to 0."),
        RowError(4, "filing_lists", "“1.5” value must be an integer."),
        RowError(5, "uscc, year", "Duplicate: row 4 of this file has the same uscc, year."),
    ]


# --- Commands ------------------------------------------------------------------------------------


def test_import_enterprises_command_prints_a_summary(tmp_path, offices, business_types, capsys):
    path = write_csv(tmp_path, [REGISTER_HEADER, register_row(1), register_row(2)])
    call_command("import_enterprises", str(path))
    assert capsys.readouterr().out.strip() == (
        "file.csv (register): 2 rows, 2 created, 0 updated, 0 unchanged, 0 rejected"
    )
    call_command("import_enterprises", str(path))
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_import_enterprises_command_reports_errors_and_fails(tmp_path, offices, business_types, capsys):
    path = write_csv(tmp_path, [REGISTER_HEADER, register_row(1), register_row(2, customs_office="9999")])
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError, match=r"^1 row has errors; nothing was imported\.$") as error:
        call_command("import_enterprises", str(path), "--report", str(report))
    assert error.value.returncode == 1
    assert "3\tcustoms_office\tNo customs office has the code 9999." in capsys.readouterr().out
    with open(report, encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["row", "column", "reason"],
            ["3", "customs_office", "No customs office has the code 9999."],
        ]
    assert not Enterprise.objects.exists()


def test_import_enterprises_command_partial(tmp_path, offices, business_types):
    path = write_csv(tmp_path, [REGISTER_HEADER, register_row(1), register_row(2, customs_office="9999")])
    with pytest.raises(CommandError, match="the valid rows were imported"):
        call_command("import_enterprises", str(path), "--partial")
    assert Enterprise.objects.count() == 1


def test_a_command_run_ends_with_exit_status_1_and_no_traceback(tmp_path, offices, capsys, monkeypatch):
    path = tmp_path / "utf16.csv"
    path.write_bytes("uscc,name\n".encode("utf-16"))
    # The command line closes every connection when it ends; keep the test's transaction open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_status:
        ManagementUtility(["manage.py", "import_enterprises", str(path), "--skip-checks"]).execute()
    assert exit_status.value.code == 1
    stderr = capsys.readouterr().err
    assert stderr.startswith(f"CommandError: Cannot import {path}: The file is not UTF-8 text")
    assert "Traceback" not in stderr


@pytest.mark.direct_database  # watches the command's backend by pid
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_is_written_once(
    tmp_path, business_types, administrator, client, settings
):
    """The page's import (its task run in-process after the commit) is writing when the command starts
    on the same file: the command waits for it, then finds every row unchanged; no enterprise, history
    row or ledger entry is written twice."""
    require_postgresql()
    settings.MEDIA_ROOT = tmp_path / "private"
    path = write_csv(tmp_path, [REGISTER_HEADER, *(register_row(n) for n in range(3))])
    client.force_login(administrator)
    writing, command_waits, command_pid, outcomes = threading.Event(), threading.Event(), [], {}

    def pause_once_written(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "enterprises_enterprise"'):
            writing.set()
            command_waits.wait(timeout=60)
        return result

    def upload_on_the_page():
        try:
            with connection.execute_wrapper(pause_once_written), open(path, "rb") as upload:
                response = client.post(
                    "/enterprises/import/", {"kind": "register", "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
                )
            outcomes["page"] = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
        finally:
            connection.close()

    def run_the_command():
        try:
            connection.ensure_connection()
            command_pid.append(connection.connection.info.backend_pid)
            out = io.StringIO()
            with translation.override("en"):
                call_command("import_enterprises", str(path), stdout=out)
            outcomes["command"] = out.getvalue()
        except Exception as error:  # asserted below
            outcomes["command"] = error
        finally:
            connection.close()

    page = threading.Thread(target=upload_on_the_page)
    page.start()
    command = threading.Thread(target=run_the_command)
    try:
        assert writing.wait(timeout=60), "the page's import never wrote"
        command.start()
        assert wait_for(lambda: command_pid and waits_on_a_lock(command_pid[0])), "the command never waited"
    finally:
        command_waits.set()
        page.join()
        if command.ident:
            command.join()
    assert '<dt class="col-sm-3">Created</dt><dd class="col-sm-9">3</dd>' in outcomes["page"]
    assert "3 rows, 0 created, 0 updated, 3 unchanged, 0 rejected" in outcomes["command"]
    assert Enterprise.objects.count() == Enterprise.history.count() == LedgerEntry.objects.count() == 3


def test_import_credit_records_command(tmp_path, enterprise_b, capsys):
    path = write_csv(tmp_path, [COUNT_HEADER, [enterprise_b.uscc, "2025", "3", "2", "1"]])
    call_command("import_credit_records", str(path), "--kind", "document_counts")
    assert "1 created" in capsys.readouterr().out
    assert DocumentCount.objects.get().total == 6
    with pytest.raises(CommandError, match="--kind"):
        call_command("import_credit_records", str(path))

"""Bulk import of the enterprise register and of credit records from CSV or XLSX files.

Registers arrive as files of up to two million rows, so an import:
- upserts by each kind's key and compares before writing, so re-importing a file changes nothing;
- runs in one transaction and writes nothing when a row is wrong, unless `partial` asks to apply
  the valid rows; every bad row is reported with its row number in the file, column and reason;
- runs one at a time per kind: a second import waits for the first to commit and then finds its
  rows unchanged, never writing an enterprise, history row or ledger entry twice;
- keeps field history and opens the credit ledger of new enterprises in bulk.
The register streams its rows as read into a temporary table; SQL accepts the rows whose cells it
can vouch for (`enterprises.register_checks`), Python parses the others, and the file is checked and
written with a fixed number of set-based statements (`enterprises.register_import`), so its memory
does not grow with the file. Credit records go in batches with a fixed number of queries each (one lookup of
the existing rows, then bulk inserts and updates).
The grade is never imported: it moves only through the credit ledger.
An administrator's upload on the import page is stored and imported by a worker (`import_queue`,
then `import_operation`), which reports the rows read on the operation's progress bar; the import
commands call `bulk_import` directly, with a terminal progress bar.
"""

import csv
import datetime
import io
import os
import re
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, mul
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException
from simple_history.utils import bulk_create_with_history

from accounts.audit import record_activity, request_metadata
from accounts.models import CustomsOffice, Role
from background.models import Operation
from background.services import Outcome, operation_queue
from credit_mgmt.errors import NotPermitted
from credit_mgmt.locks import wait_for_lock
from credit_mgmt.uploads import local_copy
from enterprises.models import Arrear, DocumentCount, Enterprise, LedgerEntry, Penalty
from enterprises.records import disclosure_basis_missing
from enterprises.register_checks import CellCheck, MappedCheck, UsccCheck, plain_text_rules, text_check
from enterprises.register_import import MAX_BUSINESS_TYPES, STAGED, StagedRegister
from enterprises.uscc import ALPHABET, WEIGHTS, uscc_problem
from rulebooks.models import BusinessType, CreditGrade, RecordRule, RecordRuleKind
from rulebooks.selectors import rulebook_in_force

BATCH_SIZE = 2000
# Technical limit: a file that is wrong on every row still gets a report of bounded size.
MAX_REPORTED_ERRORS = 10_000
# The result page shows the first errors; the import command writes a full report.
ERRORS_SHOWN = 200
FILE_SUFFIXES = (".csv", ".xlsx")
BUSINESS_TYPE_SEPARATOR = ";"
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "是"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "否"})
YEAR_PATTERN = re.compile(r"[1-9][0-9]{3}")
USCC_SHAPE = re.compile(f"[{ALPHABET}]{{18}}")
USCC_VALUES = {char: value for value, char in enumerate(ALPHABET)}
# Distinct business-type cells remembered; a register repeats a few combinations.
TYPE_CELLS_KEPT = 256


@dataclass(frozen=True)
class RowError:
    """One reason a row was not imported; row 1 is the header."""

    row: int
    column: str
    reason: str


@dataclass
class ImportResult:
    """What an import did; `applied` is False when nothing was written."""

    kind: str
    file_name: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    error_count: int = 0
    errors: list = field(default_factory=list)
    applied: bool = False

    @property
    def errors_truncated(self):
        return self.error_count > len(self.errors)

    def summary(self):
        return {
            "file": self.file_name,
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


class CellProblem(Exception):
    """Why one cell cannot be imported (the message is shown to the user)."""


class _NothingApplied(Exception):
    """Unwinds the import transaction when the file is not to be applied."""


# --- Reading files ------------------------------------------------------------------------------


def _file_name(source):
    return Path(str(getattr(source, "name", source) or "")).name


@contextmanager
def open_rows(source):
    """Iterate (row number, cell texts) over a CSV file or an XLSX workbook's first sheet.

    `source` is a path or a binary file object with a name (an upload). Problems with the file
    as a whole (type, encoding, not a workbook) raise ValidationError.
    """
    suffix = Path(_file_name(source)).suffix.lower()
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


# --- Writing in bulk ----------------------------------------------------------------------------


def _update_in_bulk(model, instances, fields):
    """`bulk_update`, as one UPDATE ... FROM (VALUES ...) statement on PostgreSQL.

    Django's bulk_update builds a CASE WHEN expression per row and field, which made it most of
    the time of an import that changes every row; SQLite keeps the portable path.
    """
    if not instances:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(instances, fields)
        return
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    names = [connection.ops.quote_name(column.column) for column in columns]
    assignments = ", ".join(
        f"{name} = v.{name}::{column.db_type(connection)}"
        for name, column in zip(names[1:], columns[1:], strict=True)
    )
    rows = ", ".join([f"({', '.join(['%s'] * len(columns))})"] * len(instances))
    sql = (
        f"UPDATE {connection.ops.quote_name(model._meta.db_table)} AS t SET {assignments} "
        f"FROM (VALUES {rows}) AS v({', '.join(names)}) WHERE t.{names[0]} = v.{names[0]}"
    )
    params = [
        column.get_db_prep_save(getattr(instance, column.attname), connection)
        for instance in instances
        for column in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Columns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an import file.

    `required`: the header must have it and every row must fill it; an optional column may be
    left out of the file (the field is then left as it is) or left blank (the field's default).
    `parse(text, importer)` turns a cell into the value; None means the model field's own rules.
    """

    name: str
    required: bool = True
    attname: str = ""
    parse: Callable | None = None
    default: object = None

    @property
    def target(self):
        return self.attname or self.name


def _model_field_parser(model, name):
    """Validate a cell with the model field's own rules, so the import and the forms agree."""
    model_field = model._meta.get_field(name)
    choices = {str(value) for value, _label in model_field.flatchoices}

    def parse(text, importer):
        if choices and text not in choices:
            raise CellProblem(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(sorted(choices))}
            )
        try:
            return model_field.clean(text, None)
        except ValidationError as error:
            raise CellProblem(error.messages[0]) from None

    return _quick_text_parser(model_field, parse) or parse


def _quick_text_parser(model_field, parse):
    """`parse` for a plain CharField, accepting outright the texts its clean() returns unchanged.

    clean() costs microseconds a cell, most of an import's time on millions of rows; it still judges
    every text refused here, and gives the message. None when the field is not plain text.
    """
    rules = plain_text_rules(model_field)
    if rules is None:
        return None
    limit, pattern = rules

    def quick(text, importer):
        if len(text) <= limit and (pattern is None or pattern.search(text)):
            return text
        return parse(text, importer)

    return quick


def _uscc(text, importer):
    # uscc_problem explains a bad code but costs as much as the rest of a row; the check
    # character (GB 32100-2015) is computed faster here for the codes that are right.
    if USCC_SHAPE.fullmatch(text):
        total = sum(map(mul, map(USCC_VALUES.__getitem__, text[:17]), WEIGHTS))
        if ALPHABET[-total % 31] == text[17]:
            return text
    problem = uscc_problem(text)
    if problem:
        raise CellProblem(problem)
    return text


def _office(text, importer):
    office = importer.offices.get(text)
    if office is None:
        raise CellProblem(_("No customs office has the code %(code)s.") % {"code": text})
    if not office.is_active:
        raise CellProblem(_("Customs office %(code)s is no longer active.") % {"code": text})
    return office.pk


def _business_types(text, importer):
    """The business types of a cell as the sum of their bits (see `enterprises.register_import`)."""
    return importer.business_type_bits(text)


def _boolean(text, importer):
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellProblem(_("“%(value)s” is not yes or no (true/false, yes/no, 1/0, 是/否).") % {"value": text})


def _past_date(model, name):
    """A date field whose date cannot lie in the future (a decision, a payment)."""
    parse_date = _model_field_parser(model, name)

    def parse(text, importer):
        day = parse_date(text, importer)
        if day > importer.today:
            raise CellProblem(_("%(day)s is in the future.") % {"day": day})
        return day

    return parse


def _past_year(text, importer):
    if not YEAR_PATTERN.fullmatch(text):
        raise CellProblem(_("“%(value)s” is not a year such as 2025.") % {"value": text})
    year = int(text)
    if year > importer.today.year:
        raise CellProblem(_("%(year)d is in the future.") % {"year": year})
    return year


USCC_COLUMN = Column("uscc", parse=_uscc)


# --- Importers ----------------------------------------------------------------------------------


class _Importer:
    """Reads and validates the rows of one kind; subclasses write them.

    `keys` are the tuples of targets that no two rows of one file may share.
    """

    kind = ""
    label = ""
    model = None
    columns = ()
    keys = ()

    def __init__(self, *, actor, partial, result):
        self.partial = partial
        self.result = result
        self.today = timezone.localdate()
        self.parsers = {
            column.name: column.parse or _model_field_parser(self.model, column.target)
            for column in self.columns
        }
        request_id, ip_address = request_metadata()
        self.history_options = {
            "default_user": actor if getattr(actor, "pk", None) else None,
            "default_change_reason": _("Imported from %(file)s") % {"file": result.file_name},
            "custom_historical_attrs": {"request_id": request_id, "ip_address": ip_address},
        }

    @classmethod
    def column_names(cls):
        return [(column.name, column.required) for column in cls.columns]

    # reading

    def run(self, rows, *, batch_size, progress):
        raise NotImplementedError

    def batches(self, rows, batch_size, progress):
        """Lists of (row number, cells) of the non-blank rows; counted and reported once handled."""
        batch = []
        for number, cells in rows:
            if "".join(cells).strip():
                batch.append((number, cells))
            if len(batch) >= batch_size:
                yield batch
                self.handled(batch, progress)
                batch = []
        if batch:
            yield batch
            self.handled(batch, progress)

    def handled(self, batch, progress):
        self.result.rows += len(batch)
        if progress is not None:
            progress.update(len(batch))

    def read_header(self, first):
        """[(cell index, column)] of the header; a wrong header stops the import before any row."""
        if first is None:
            raise ValidationError(_("The file is empty: the first row must name the columns."))
        number, cells = first
        names = [cell.strip().lower() for cell in cells]
        while names and not names[-1]:
            names.pop()
        known = {column.name: column for column in self.columns}
        header, problems, seen = [], [], set()
        for index, name in enumerate(names):
            if not name:
                problems.append((f"#{index + 1}", _("This column has no name.")))
            elif name in seen:
                problems.append((name, _("This column appears twice in the header.")))
            elif name not in known:
                problems.append(
                    (name, _("Unknown column; the columns are: %(columns)s.") % {"columns": ", ".join(known)})
                )
            else:
                header.append((index, known[name]))
            seen.add(name)
        for column in self.columns:
            if column.required and column.name not in seen:
                problems.append((column.name, _("The header has no such column; it is required.")))
        if problems:
            self.reject(number, problems)
            raise _NothingApplied
        self.width = len(names)
        # What parse_row needs of each column, looked up once rather than once a cell.
        self.reading = [
            (
                index,
                column.name,
                column.target,
                self.parsers[column.name],
                column.required,
                self.blank(column),
            )
            for index, column in header
        ]
        return header

    def blank(self, column):
        """The value of an optional column's blank cell."""
        if column.required or column.parse is not None:
            return column.default
        return self.model._meta.get_field(column.target).get_default()

    def parse_row(self, cells):
        """The values that could be read, and (column, reason) for each cell that could not."""
        values, problems = {}, []
        if len(cells) > self.width and "".join(cells[self.width :]).strip():
            problems.append(("", _("This row has more values than the header has columns.")))
        count = len(cells)
        for index, name, target, parse, required, blank in self.reading:
            cell = cells[index] if index < count else ""
            try:
                values[target] = self.parse_cell(cell, parse, required, blank)
            except CellProblem as problem:
                problems.append((name, str(problem)))
        return values, problems

    def parse_cell(self, cell, parse, required, blank):
        """The value of one cell as read; CellProblem when it cannot be imported."""
        text = cell.strip()
        if text:
            return parse(text, self)
        if required:
            raise CellProblem(_("This value is required."))
        return blank

    def duplicate(self, key, first):
        """(column, reason) for a row whose `key` an earlier row, number `first`, of the file has."""
        columns = ", ".join(self.column_for(name) for name in key)
        reason = _("Duplicate: row %(row)d of this file has the same %(columns)s.") % {
            "row": first,
            "columns": columns,
        }
        return columns, reason

    def column_for(self, target):
        return next(column.name for column in self.columns if column.target == target)

    def reject(self, number, problems):
        self.result.rejected += 1
        self.result.error_count += len(problems)
        room = MAX_REPORTED_ERRORS - len(self.result.errors)
        self.result.errors.extend(RowError(number, column, reason) for column, reason in problems[:room])


class RegisterImporter(_Importer):
    """The register: rows staged in the database, then checked and written set-based.

    Memory stays that of one batch whatever the size of the file: the rows, and the keys that
    duplicates are found with, are in a temporary table, not in Python.
    """

    kind = "register"
    label = gettext_lazy("Enterprise register")
    model = Enterprise
    columns = (
        USCC_COLUMN,
        Column("customs_code"),
        Column("name"),
        Column("name_en", required=False),
        Column("address", required=False),
        Column("legal_representative", required=False),
        Column("customs_office", attname="customs_office_id", parse=_office),
        Column("business_types", required=False, parse=_business_types, default=0),
    )
    keys = (("uscc",), ("customs_code",))

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.offices = {office.code: office for office in CustomsOffice.objects.only("code", "is_active")}
        self.business_types = dict(BusinessType.objects.order_by("pk").values_list("code", "pk"))
        if len(self.business_types) > MAX_BUSINESS_TYPES:
            raise ImproperlyConfigured(
                f"The register import handles up to {MAX_BUSINESS_TYPES} business types."
            )
        self.type_bits = {pk: 1 << rank for rank, pk in enumerate(self.business_types.values())}
        self.business_type_bits = lru_cache(maxsize=TYPE_CELLS_KEPT)(self.parse_business_types)
        self.rulebook = rulebook_in_force(self.today)
        self.valid_rows = 0

    def parse_business_types(self, text):
        codes = {code.strip() for code in text.split(BUSINESS_TYPE_SEPARATOR)} - {""}
        unknown = sorted(code for code in codes if code not in self.business_types)
        if unknown:
            raise CellProblem(_("Unknown business type codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return sum(self.type_bits[self.business_types[code]] for code in codes)

    def run(self, rows, *, batch_size, progress):
        header = self.read_header(next(rows, None))
        staged = StagedRegister(
            present=[column.target for _index, column in header], type_bits=self.type_bits, width=self.width
        )
        with staged.tables():
            with staged.raw_writer() as write:
                for batch in self.batches(rows, batch_size, progress):
                    write([self.raw_row(number, cells) for number, cells in batch])
            with staged.cell_checks([self.cell_check(index, column) for index, column in header]):
                self.valid_rows = staged.accept()
                for batch in staged.doubtful(batch_size):
                    with staged.writer() as write:
                        write([self.staged_row(number, cells) for number, cells in batch])
            self.classify(staged)
            if self.partial or not self.result.error_count:
                now = timezone.now()
                staged.apply(now=now, history=self.history_template(now), ledger_entry=self.ledger_entry())

    def raw_row(self, number, cells):
        """The row as loaded: its number, the text of any cells past the header's, then its cells."""
        if len(cells) == self.width:
            return (number, None, *cells)
        extra = "".join(cells[self.width :])
        return (number, extra or None, *cells[: self.width], *[""] * (self.width - len(cells)))

    def cell_check(self, index, column):
        """How SQL judges this column's cells (see `enterprises.register_checks`)."""
        if column.parse is _uscc:
            return UsccCheck(index, column.target, column.required)
        if column.parse is None:
            model_field = self.model._meta.get_field(column.target)
            return text_check(index, column.target, column.required, model_field, self.blank(column))
        if column.parse in (_office, _business_types):
            parse, blank = self.parsers[column.name], self.blank(column)

            def accepted(cell):
                try:
                    return True, self.parse_cell(cell, parse, column.required, blank)
                except CellProblem:
                    return False, None

            table = f"import_register_cells_{index}"
            return MappedCheck(index, column.target, column.required, table=table, parse=accepted)
        return CellCheck(index, column.target, column.required)

    def staged_row(self, number, cells):
        """The row as staged: a bad row too, since its keys still make later rows duplicates."""
        values, problems = self.parse_row(cells)
        if problems:
            self.reject(number, problems)
        else:
            self.valid_rows += 1
        return (number, not problems, *map(values.get, STAGED))

    def classify(self, staged):
        """Count what the import does, and add the errors found in SQL to those of the cells."""
        staged.classify()
        created, updated, rejected, error_count = staged.counts()
        errors = []
        for number, uscc_first, code_first, registered_code, code_holder in staged.rejections(
            MAX_REPORTED_ERRORS
        ):
            problems = [
                self.duplicate(key, first)
                for key, first in zip(self.keys, (uscc_first, code_first), strict=True)
                if first is not None
            ]
            if registered_code is not None:
                reason = _(
                    "The customs registration code of a registered enterprise is not changed by "
                    "import; this enterprise's code is %(code)s."
                ) % {"code": registered_code}
                problems.append(("customs_code", reason))
            elif code_holder is not None:
                reason = _("This customs registration code belongs to another enterprise (%(uscc)s).") % {
                    "uscc": code_holder
                }
                problems.append(("customs_code", reason))
            errors.extend(RowError(number, column, reason) for column, reason in problems)
        # Stable: within a row, the errors of its cells come before those found in SQL.
        merged = sorted([*self.result.errors, *errors], key=attrgetter("row"))
        self.result.errors = merged[:MAX_REPORTED_ERRORS]
        self.result.error_count += error_count
        self.result.rejected += rejected
        self.result.created, self.result.updated = created, updated
        self.result.unchanged = self.valid_rows - created - updated - rejected

    def history_template(self, now):
        options = self.history_options
        return Enterprise.history.model(
            history_date=now,
            history_user=options["default_user"],
            history_change_reason=options["default_change_reason"],
            **options["custom_historical_attrs"],
        )

    def ledger_entry(self):
        return LedgerEntry(
            previous_grade="",
            grade=CreditGrade.REGULAR,
            effective_from=self.today,
            cause=LedgerEntry.Cause.REGISTRATION,
            reason=_("Registered with customs."),
            rulebook=self.rulebook,
            decided_by=self.history_options["default_user"],
        )


class _RecordImporter(_Importer):
    """Credit records, in batches: each row names its enterprise by USCC.

    Per batch: one lookup of the enterprises, one of the existing records, then bulk writes.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = {key: {} for key in self.keys}

    def run(self, rows, *, batch_size, progress):
        self.read_header(next(rows, None))
        for batch in self.batches(rows, batch_size, progress):
            self.process(batch)

    def process(self, batch):
        valid = []
        for number, cells in batch:
            values, problems = self.parse_row(cells)
            problems += self.duplicates(number, values)
            if problems:
                self.reject(number, problems)
            else:
                valid.append((number, values))
        rows = self.resolve(valid)
        if self.partial or not self.result.error_count:
            self.write(rows)

    def duplicates(self, number, values):
        """A key seen on an earlier row of the file (even a rejected one) rejects this row."""
        problems = []
        for key in self.keys:
            if not all(name in values for name in key):
                continue
            # A one-column key is kept as the bare value: millions of 1-tuples would double the memory.
            value = values[key[0]] if len(key) == 1 else tuple(values[name] for name in key)
            first = self.seen[key].setdefault(value, number)
            if first != number:
                problems.append(self.duplicate(key, first))
        return problems

    def resolve(self, rows):
        """[(row number, values, existing record or None)] of the rows that can be written."""
        enterprise_ids = dict(
            Enterprise.objects.filter(uscc__in={values["uscc"] for _number, values in rows}).values_list(
                "uscc", "pk"
            )
        )
        known = []
        for number, values in rows:
            enterprise_id = enterprise_ids.get(values.pop("uscc"))
            if enterprise_id is None:
                self.reject(
                    number,
                    [("uscc", _("No enterprise in the register has this unified social credit code."))],
                )
            else:
                values["enterprise_id"] = enterprise_id
                known.append((number, values))
        lookup = self.lookup_key
        existing = {
            tuple(getattr(record, name) for name in lookup): record
            for record in self.model.objects.select_for_update(no_key=True).filter(
                **{f"{name}__in": {values[name] for _number, values in known} for name in lookup}
            )
        }
        return [
            (number, values, existing.get(tuple(values[name] for name in lookup))) for number, values in known
        ]

    def write(self, rows):
        new, changed, fields = [], [], set()
        for _number, values, record in rows:
            if record is None:
                new.append(self.model(**values))
                continue
            diff = self.changed_fields(record, values)
            if diff:
                fields.update(diff)
                changed.append(record)
            else:
                self.result.unchanged += 1
        if new:
            bulk_create_with_history(new, self.model, **self.history_options)
        if changed:
            _update_in_bulk(self.model, changed, sorted(fields))
            self.model.history.bulk_history_create(changed, update=True, **self.history_options)
        self.result.created += len(new)
        self.result.updated += len(changed)

    def changed_fields(self, instance, values):
        """Set `values` on `instance`; the names of the fields whose value changed."""
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, values[name])
        return changed


class PenaltyImporter(_RecordImporter):
    kind = "penalties"
    label = gettext_lazy("Penalties")
    model = Penalty
    columns = (
        Column("case_number"),
        USCC_COLUMN,
        Column("kind"),
        Column("subject", required=False),
        Column("decided_on", parse=_past_date(Penalty, "decided_on")),
        Column("amount", required=False),
        Column("is_intentional", required=False, parse=_boolean, default=True),
        # Voluntary disclosure (主动披露): the day, and the announcement customs applied (left blank,
        # the one of the rulebooks in force on that day).
        Column("disclosed_on", required=False, parse=_past_date(Penalty, "disclosed_on")),
        Column("disclosure_basis", required=False),
        Column("description", required=False),
    )
    keys = (("case_number",),)
    lookup_key = ("case_number",)
    # What `Penalty.clean` checks across columns, with their defaults for a new record.
    checked = ("kind", "subject", "decided_on", "disclosed_on", "disclosure_basis")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.disclosure_rules = None

    def resolve(self, rows):
        """As for every record, then the checks across columns and the basis of each disclosure."""
        resolved = []
        for number, values, record in super().resolve(rows):
            problems = self.cross_check(values, record)
            if problems:
                self.reject(number, problems)
            else:
                resolved.append((number, values, record))
        return resolved

    def cross_check(self, values, record):
        """(column, reason) for what the row's values, over the record's, break; fills a missing basis."""
        penalty = Penalty(
            **{name: values[name] if name in values else self.kept(record, name) for name in self.checked}
        )
        try:
            penalty.clean()
        except ValidationError as error:
            return [(name, message) for name, messages in error.message_dict.items() for message in messages]
        if penalty.disclosed_on is not None and not penalty.disclosure_basis:
            basis = self.disclosure_basis(penalty.disclosed_on)
            if not basis:
                return [("disclosure_basis", disclosure_basis_missing(penalty.disclosed_on))]
            values["disclosure_basis"] = basis
        return []

    @staticmethod
    def kept(record, name):
        """The value of a column the file leaves out: the record's, or a new record's default."""
        if record is not None:
            return getattr(record, name)
        return Penalty._meta.get_field(name).get_default()

    def disclosure_basis(self, day):
        """The announcement on voluntary disclosure in force on `day` (the rules are read once)."""
        if self.disclosure_rules is None:
            self.disclosure_rules = list(
                RecordRule.objects.filter(kind=RecordRuleKind.VOLUNTARY_DISCLOSURE).order_by(
                    "-rulebook__effective_from", "-effective_from"
                )
            )
        return next((rule.title for rule in self.disclosure_rules if rule.covers(day)), "")


class ArrearImporter(_RecordImporter):
    kind = "arrears"
    label = gettext_lazy("Arrears")
    model = Arrear
    columns = (
        Column("reference"),
        USCC_COLUMN,
        Column("kind"),
        Column("amount"),
        Column("due_on"),
        Column("paid_on", required=False, parse=_past_date(Arrear, "paid_on")),
    )
    keys = (("reference",),)
    lookup_key = ("reference",)


class DocumentCountImporter(_RecordImporter):
    kind = "document_counts"
    label = gettext_lazy("Yearly document counts")
    model = DocumentCount
    columns = (
        USCC_COLUMN,
        Column("year", parse=_past_year),
        Column("declarations", required=False),
        Column("filing_lists", required=False),
        Column("manifests", required=False),
    )
    keys = (("uscc", "year"),)
    lookup_key = ("enterprise_id", "year")


IMPORTERS = {
    importer.kind: importer
    for importer in (RegisterImporter, PenaltyImporter, ArrearImporter, DocumentCountImporter)
}
KIND_CHOICES = [(kind, importer.label) for kind, importer in IMPORTERS.items()]
CREDIT_RECORD_KINDS = ("penalties", "arrears", "document_counts")


def bulk_import(*, actor, source, kind, partial=False, progress=None, batch_size=BATCH_SIZE, file_name=None):
    """Import one file of `kind` rows; an ImportResult with the counts and every bad row.

    `actor` None is the command line; otherwise only administrators import. Without `partial`
    nothing is written when any row is wrong; with it the valid rows are written. A file that
    cannot be read at all raises ValidationError. `progress` is told the rows read (`update(n)`, as
    a tqdm bar is); `file_name` names the file in the result and the history when `source` is a
    stored copy.
    """
    if actor is not None and actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators import the register and credit records."))
    if kind not in IMPORTERS:
        raise ValidationError({"kind": _("Unknown kind of import: %(kind)s.") % {"kind": kind}})
    importer_class = IMPORTERS[kind]
    result = ImportResult(kind=kind, file_name=file_name or _file_name(source))
    try:
        with transaction.atomic(), open_rows(source) as rows:
            # One import of a kind at a time: a second one (the same file uploaded twice, the page and
            # the command) waits for the first to commit, then compares against what it wrote.
            wait_for_lock(f"import:{kind}")
            importer = importer_class(actor=actor, partial=partial, result=result)
            importer.run(rows, batch_size=batch_size, progress=progress)
            if result.error_count and not partial:
                raise _NothingApplied
            result.applied = True
            record_activity(
                actor=actor,
                verb=f"import.{kind}",
                target=ContentType.objects.get_for_model(importer_class.model),
                changes=result.summary(),
                note=_("Imported %(file)s") % {"file": result.file_name},
            )
    except _NothingApplied:
        result.created = result.updated = result.unchanged = 0
    return result


def import_queue(*, actor, upload, kind, partial=False):
    """Check an uploaded file while the administrator waits, then import it in a worker.

    A refused user, an unknown kind or a file that cannot be read raise here, and nothing is stored;
    the rows are checked by the import itself, whose result (or error) the operation's page shows.
    """
    if actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators import the register and credit records."))
    if kind not in IMPORTERS:
        raise ValidationError({"kind": _("Unknown kind of import: %(kind)s.") % {"kind": kind}})
    check_readable(upload)
    return operation_queue(
        kind=Operation.Kind.IMPORT,
        actor=actor,
        subject=_file_name(upload),
        params={"kind": kind, "partial": partial},
        source=upload,
    )


def import_operation(*, operation, progress):
    """The worker's part of `import_queue`: the stored file imported as its uploader, row errors kept."""
    with local_copy(operation.source) as path:
        progress.set_total(count_data_rows(path))
        result = bulk_import(
            actor=operation.requested_by,
            source=path,
            kind=operation.params["kind"],
            partial=operation.params.get("partial", False),
            progress=progress,
            file_name=operation.subject,
        )
    return Outcome(
        result={
            **result.summary(),
            "kind_label": str(IMPORTERS[result.kind].label),
            "applied": result.applied,
            "error_count": result.error_count,
            "errors": [
                {"row": error.row, "column": error.column, "reason": error.reason}
                for error in result.errors[:ERRORS_SHOWN]
            ],
        }
    )

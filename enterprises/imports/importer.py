"""What every importer shares: reading rows in batches, reporting bad rows, applying all or nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.request_context import request_metadata
from enterprises.imports.columns import CellProblem, _model_field_parser

BATCH_SIZE = 2000
# Technical limit: a file that is wrong on every row still gets a report of bounded size.
MAX_REPORTED_ERRORS = 10_000
# The result page shows the first errors; the import command writes a full report.
ERRORS_SHOWN = 200


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


class NothingApplied(Exception):
    """Unwinds the import transaction when the file is not to be applied."""


class Importer:
    """Reads and validates the rows of one kind; subclasses write them.

    `keys` are the tuples of targets that no two rows of one file may share.
    """

    max_reported_errors = MAX_REPORTED_ERRORS

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
            raise NothingApplied
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
        room = self.max_reported_errors - len(self.result.errors)
        self.result.errors.extend(RowError(number, column, reason) for column, reason in problems[:room])

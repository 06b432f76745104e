"""The register importer: enterprises created or updated by USCC, their ledger opened in bulk."""

from functools import lru_cache
from operator import attrgetter

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import CustomsOffice
from enterprises.imports.columns import (
    BUSINESS_TYPE_SEPARATOR,
    TYPE_CELLS_KEPT,
    USCC_COLUMN,
    CellProblem,
    Column,
    _business_types,
    _office,
    _uscc,
)
from enterprises.imports.importer import Importer, RowError
from enterprises.imports.register_checks import CellCheck, MappedCheck, UsccCheck, text_check
from enterprises.imports.register_staging import MAX_BUSINESS_TYPES, STAGED, StagedRegister
from enterprises.models import Enterprise, LedgerEntry
from rulebooks.models import BusinessType, CreditGrade
from rulebooks.selectors import rulebook_in_force


class RegisterImporter(Importer):
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
        """How SQL judges this column's cells (see `enterprises.imports.register_checks`)."""
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
            self.max_reported_errors
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
        self.result.errors = merged[: self.max_reported_errors]
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

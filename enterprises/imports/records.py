"""The credit-record importers: penalties, arrears and document counts, by their keys."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from enterprises.imports.bulk import update_in_bulk
from enterprises.imports.columns import USCC_COLUMN, Column, _boolean, _past_date, _past_year
from enterprises.imports.importer import Importer
from enterprises.models import Arrear, DocumentCount, Enterprise, Penalty
from enterprises.records import disclosure_basis_missing
from rulebooks.models import RecordRule, RecordRuleKind


class RecordImporter(Importer):
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
            update_in_bulk(self.model, changed, sorted(fields))
            self.model.history.bulk_history_create(changed, update=True, **self.history_options)
        self.result.created += len(new)
        self.result.updated += len(changed)

    def changed_fields(self, instance, values):
        """Set `values` on `instance`; the names of the fields whose value changed."""
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, values[name])
        return changed


class PenaltyImporter(RecordImporter):
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


class ArrearImporter(RecordImporter):
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


class DocumentCountImporter(RecordImporter):
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

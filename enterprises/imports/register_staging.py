"""The set-based half of the register import: a file's rows in temporary tables, checked and written in SQL.

`enterprises.imports.RegisterImporter` streams each row as read into the raw table, keeping nothing.
One statement stages the rows whose every cell SQL accepts (`enterprises.imports.register_checks`); the
others are read back in file order, parsed in Python and staged with their problems. Then a few
statements, as many for two million rows as for
two, find what one row cannot show (a key used on an earlier row of the file, a customs code held by
another enterprise, whether anything changed) and write what the file changes: enterprises, their
business types, a history row with its business-type snapshot for each, and the opening ledger entry
of each new one.

Business types travel as one bit each in a BIGINT, so a row stays one row and a set of types compares
in one expression.
"""

from contextlib import ExitStack, contextmanager

from django.db import connection

from enterprises.imports.register_checks import WHITESPACE, MappedCheck, quote_literal
from enterprises.imports.staging import (
    analyze,
    insert_select,
    quote,
    read_in_batches,
    table_writer,
    temporary_table,
    work_memory,
)
from enterprises.models import Enterprise, LedgerEntry
from rulebooks.models import BusinessType

RAW = "import_register_raw"
STAGE = "import_register_stage"
OUTCOME = "import_register_outcome"
# The targets of the register file's columns, as staged; a column left out of the file stays NULL.
STAGED = {
    "uscc": "text",
    "customs_code": "text",
    "name": "text",
    "name_en": "text",
    "address": "text",
    "legal_representative": "text",
    "customs_office_id": "bigint",
    "business_types": "bigint",
}
KEYS = ("uscc", "customs_code")
MAX_BUSINESS_TYPES = 62  # one bit each, and a BIGINT sum of them stays positive
# For the joins of the file with itself and the register: a batch job, one at a time.
WORK_MEMORY = "64MB"
EnterpriseBusinessType = Enterprise.business_types.through


class StagedRegister:
    """The rows of one register file in the database, and the statements that check and write them.

    `present`: the targets of the columns the file has (a column left out leaves its field alone);
    `type_bits`: {business type id: its bit}; `width`: the number of columns of the file.
    """

    def __init__(self, *, present, type_bits, width):
        self.present = present
        self.type_bits = type_bits
        self.cells = [f"c{index}" for index in range(width)]
        self.enterprise = quote(Enterprise._meta.db_table)
        self.links = quote(EnterpriseBusinessType._meta.db_table)

    def bit(self, type_id):
        """SQL: the bit of the business type whose id is `type_id` (SQL), 0 for a type unknown here."""
        cases = " ".join(f"WHEN {int(pk)} THEN {int(bit)}" for pk, bit in self.type_bits.items())
        return f"CASE {type_id} {cases} ELSE 0 END" if cases else "0"

    @contextmanager
    def tables(self):
        with (
            work_memory(WORK_MEMORY),
            # The file as read: its row number, the text of cells past the header's columns, each cell.
            temporary_table(
                RAW, {"file_row": "integer", "extra": "text", **dict.fromkeys(self.cells, "text")}
            ),
            temporary_table(STAGE, {"file_row": "integer", "valid": "boolean", **STAGED}),
            temporary_table(
                OUTCOME,
                {
                    "file_row": "integer",
                    "valid": "boolean",
                    "uscc": "text",
                    "enterprise_id": "bigint",
                    "action": "text",  # create, update or reject
                    "uscc_first": "integer",  # the earlier row of the file with the same key
                    "code_first": "integer",
                    "registered_code": "text",  # the code of the enterprise with this USCC, not the file's
                    "code_holder": "text",  # the USCC of another enterprise holding this customs code
                },
            ),
        ):
            yield self

    def raw_writer(self):
        """A function loading rows as read: (row number, extra cells' text or None, then each cell)."""
        return table_writer(RAW, ("file_row", "extra", *self.cells))

    def writer(self):
        """A function staging rows: (row number, valid, then the values of STAGED in order)."""
        return table_writer(STAGE, ("file_row", "valid", *STAGED))

    @contextmanager
    def cell_checks(self, checks):
        """The tables of the mapped columns' accepted cells, for `accept` and `doubtful` (see
        `enterprises.imports.register_checks`). Only PostgreSQL judges cells; elsewhere Python reads
        them all."""
        self.checks = checks if connection.vendor == "postgresql" else None
        analyze(RAW)
        with ExitStack() as stack:
            for check in self.checks or ():
                if isinstance(check, MappedCheck):
                    stack.enter_context(self.mapped_cells(check))
            yield

    @contextmanager
    def mapped_cells(self, check):
        with temporary_table(check.table, {"cell": "text", "value": check.sql_type}):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT DISTINCT COALESCE(c{check.index}, '') FROM {RAW}")
                cells = [cell for (cell,) in cursor.fetchall()]
            accepted = [(cell, value) for cell in cells for ok, value in [check.parse(cell)] if ok]
            with table_writer(check.table, ("cell", "value")) as write:
                write(accepted)
            yield

    def accept(self):
        """Stage the rows whose every cell SQL accepts, as valid; their number."""
        if self.checks is None:
            return 0
        stripped = [f"btrim(COALESCE(r.{cell}, ''), {quote_literal(WHITESPACE)})" for cell in self.cells]
        cells = [f"{cell} AS v{index}" for index, cell in enumerate(stripped)]
        cells += [
            f"convert_to({stripped[check.index]}, 'UTF8') AS b{check.index}"
            for check in self.checks
            if check.needs_bytes
        ]
        joins = " ".join(check.join() for check in self.checks)
        accepted = " AND ".join(["r.extra IS NULL", *(check.condition() for check in self.checks)])
        targets = ", ".join(quote(check.target) for check in self.checks)
        # OFFSET 0 keeps the subquery: each cell is stripped once, not at each use in the checks.
        source = f"{RAW} r CROSS JOIN LATERAL (SELECT {', '.join(cells)} OFFSET 0) t {joins}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {STAGE} (file_row, valid, {targets}) "
                f"SELECT r.file_row, TRUE, {', '.join(check.value() for check in self.checks)} "
                f"FROM {source} WHERE {accepted}"
            )
            return cursor.rowcount

    def doubtful(self, batch_size):
        """Batches of (row number, cells as read) of the rows SQL left to Python, in file order."""
        columns = ", ".join(f"r.{cell}" for cell in self.cells)
        sql = (
            f"SELECT r.file_row, r.extra, {columns} FROM {RAW} r "
            f"WHERE NOT EXISTS (SELECT 1 FROM {STAGE} s WHERE s.file_row = r.file_row) ORDER BY r.file_row"
        )
        for rows in read_in_batches(sql, batch_size):
            yield [
                (number, [*(cell or "" for cell in cells), *([extra] if extra else [])])
                for number, extra, *cells in rows
            ]

    def classify(self):
        """Decide every staged row: to create, to update, rejected by SQL, or (left out) unchanged.

        Keys are checked against every earlier row of the file, rejected ones too; the register is
        checked only for rows nothing else is wrong with.
        """
        analyze(STAGE)
        first = {
            key: f"(SELECT {key}, MIN(file_row) AS first_row FROM {STAGE} WHERE {key} IS NOT NULL "
            f"GROUP BY {key} HAVING COUNT(*) > 1)"
            for key in KEYS
        }
        compared = [target for target in self.present if target not in (*KEYS, "business_types")]
        differs = [f"s.{quote(target)} <> e.{quote(target)}" for target in compared]
        current_types = ""
        if "business_types" in self.present:
            differs.append("s.business_types <> COALESCE(t.mask, 0)")
            current_types = (
                f"LEFT JOIN (SELECT enterprise_id, SUM({self.bit('businesstype_id')}) AS mask "
                f"FROM {self.links} GROUP BY enterprise_id) t ON t.enterprise_id = e.id"
            )
        clean = "s.valid AND fu.first_row IS NULL AND fc.first_row IS NULL"
        self.execute(
            f"""
            INSERT INTO {OUTCOME}
                (file_row, valid, uscc, enterprise_id, action,
                 uscc_first, code_first, registered_code, code_holder)
            SELECT file_row, valid, uscc, enterprise_id,
                CASE WHEN NOT valid OR uscc_first IS NOT NULL OR code_first IS NOT NULL
                          OR registered_code IS NOT NULL OR code_holder IS NOT NULL THEN 'reject'
                     WHEN enterprise_id IS NULL THEN 'create' ELSE 'update' END,
                uscc_first, code_first, registered_code, code_holder
            FROM (
                SELECT s.file_row, s.valid, s.uscc, e.id AS enterprise_id,
                    fu.first_row AS uscc_first, fc.first_row AS code_first,
                    CASE WHEN {clean} AND e.customs_code <> s.customs_code THEN e.customs_code END
                        AS registered_code,
                    CASE WHEN {clean} AND e.id IS NULL THEN h.uscc END AS code_holder,
                    ({" OR ".join(differs)}) AS changed
                FROM {STAGE} s
                LEFT JOIN {first["uscc"]} fu
                    ON fu.uscc = s.uscc AND fu.first_row < s.file_row
                LEFT JOIN {first["customs_code"]} fc
                    ON fc.customs_code = s.customs_code AND fc.first_row < s.file_row
                LEFT JOIN {self.enterprise} e ON e.uscc = s.uscc
                LEFT JOIN {self.enterprise} h ON h.customs_code = s.customs_code
                {current_types}
            ) checked
            WHERE uscc_first IS NOT NULL OR code_first IS NOT NULL
                OR (valid AND (enterprise_id IS NULL OR registered_code IS NOT NULL OR changed))
            """
        )

    def counts(self):
        """(created, updated, rows newly rejected, errors found) as classified."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT SUM(CASE WHEN action = 'create' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN action = 'update' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN action = 'reject' AND valid THEN 1 ELSE 0 END),
                    SUM(CASE WHEN uscc_first IS NULL THEN 0 ELSE 1 END
                        + CASE WHEN code_first IS NULL THEN 0 ELSE 1 END
                        + CASE WHEN registered_code IS NULL AND code_holder IS NULL THEN 0 ELSE 1 END)
                FROM {OUTCOME}
                """
            )
            return tuple(count or 0 for count in cursor.fetchone())

    def rejections(self, limit):
        """The first `limit` rows rejected in SQL, in file order, with what is wrong with them."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT file_row, uscc_first, code_first, registered_code, code_holder FROM {OUTCOME} "
                "WHERE action = 'reject' ORDER BY file_row LIMIT %s",
                [limit],
            )
            return cursor.fetchall()

    def apply(self, *, now, history, ledger_entry):
        """Write the classified rows. `history` and `ledger_entry` are unsaved templates of the rows
        written for each changed and each created enterprise (who, why, from which request)."""
        staged = f"FROM {OUTCOME} o JOIN {STAGE} s ON s.file_row = o.file_row"
        fields = [target for target in self.present if target != "business_types"]
        insert_select(
            Enterprise,
            Enterprise(),
            expressions={target: f"s.{quote(target)}" for target in fields},
            source=f"{staged} WHERE o.action = 'create'",
        )
        self.execute(
            f"UPDATE {OUTCOME} SET enterprise_id = e.id FROM {self.enterprise} e "
            f"WHERE {OUTCOME}.action = 'create' AND e.uscc = {OUTCOME}.uscc"
        )
        assignments = [f"{quote(target)} = s.{quote(target)}" for target in fields if target not in KEYS]
        self.execute(
            f"UPDATE {self.enterprise} SET {', '.join(assignments)}, updated_at = %s "
            f"{staged} WHERE o.action = 'update' AND {self.enterprise}.id = o.enterprise_id",
            [Enterprise._meta.get_field("updated_at").get_db_prep_save(now, connection)],
        )
        if "business_types" in self.present:
            self.write_business_types(staged)
        self.write_history(history)
        insert_select(
            LedgerEntry,
            ledger_entry,
            expressions={"enterprise_id": "o.enterprise_id"},
            source=f"FROM {OUTCOME} o WHERE o.action = 'create'",
        )

    def write_business_types(self, staged):
        """Drop the links the file no longer lists (unknown types too), then add the missing ones."""
        self.execute(
            f"""
            DELETE FROM {self.links} WHERE id IN (
                SELECT l.id {staged} JOIN {self.links} l ON l.enterprise_id = o.enterprise_id
                WHERE o.action = 'update' AND (s.business_types & {self.bit("l.businesstype_id")}) = 0
            )
            """
        )
        types = quote(BusinessType._meta.db_table)
        insert_select(
            EnterpriseBusinessType,
            EnterpriseBusinessType(),
            expressions={"enterprise_id": "o.enterprise_id", "businesstype_id": "t.id"},
            source=f"""{staged} JOIN {types} t ON (s.business_types & {self.bit("t.id")}) <> 0
                WHERE o.action = 'create' OR (o.action = 'update' AND NOT EXISTS (
                    SELECT 1 FROM {self.links} l
                    WHERE l.enterprise_id = o.enterprise_id AND l.businesstype_id = t.id
                ))""",
        )

    def write_history(self, template):
        """A history row per created or updated enterprise, as stored now, and its business types."""
        model = Enterprise.history.model
        table = quote(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(history_id), 0) FROM {table}")
            (last,) = cursor.fetchone()
        written = "o.action IN ('create', 'update')"
        insert_select(
            model,
            template,
            expressions={
                "history_type": "CASE o.action WHEN 'create' THEN '+' ELSE '~' END",
                **{field.attname: f"e.{quote(field.column)}" for field in model.tracked_fields},
            },
            source=f"FROM {OUTCOME} o JOIN {self.enterprise} e ON e.id = o.enterprise_id WHERE {written}",
        )
        # Only this import's rows: those after `last` for the enterprises it wrote (each is locked).
        snapshot = model.business_types.model
        insert_select(
            snapshot,
            snapshot(),
            expressions={
                "id": "l.id",
                "enterprise_id": "l.enterprise_id",
                "businesstype_id": "l.businesstype_id",
                "history_id": "h.history_id",
            },
            source=f"FROM {table} h JOIN {OUTCOME} o ON o.enterprise_id = h.id AND {written} "
            f"JOIN {self.links} l ON l.enterprise_id = h.id WHERE h.history_id > %s",
            params=[last],
        )

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

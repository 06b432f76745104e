"""National-scale data for benchmarks: millions of realistic rows in minutes, on PostgreSQL.

Each app contributes its own rows through `<app>.scale_data.generate(plan)`, called in layer order
(as the demo data is), so no low app imports a high one. Rows are written with `COPY` where Python
shapes them (names, codes with check characters) and with `INSERT ... SELECT` where they follow
from rows already there (ledger, records, certificates, assignments). Pseudo-random choices in SQL
come from `chance()`, a hash of the row's key and the seed, so the same seed gives the same data.
"""

import datetime
import random
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.db import connection, transaction

from rulebooks.models import Rulebook


class NotEmpty(Exception):
    """Scale data goes into an empty register only: it must never mix with real data."""


@dataclass
class Plan:
    """What to generate: the register size, the seed, the day the data is as of, and counts so far."""

    enterprises: int
    seed: int
    as_of: datetime.date
    counts: dict = field(default_factory=dict)
    NotEmpty = NotEmpty  # raised by an app's generator, which may not import this module

    def __post_init__(self):
        self.random = random.Random(self.seed)

    def chance(self, key, salt):
        """SQL for a number in [0, 1) fixed by `key` (an SQL expression), `salt` and the seed."""
        hashed = f"hashtextextended(({key})::text || '{salt}', {self.seed})"
        return f"(({hashed} & 2147483647) / 2147483648.0::float8)"

    def rulebook_case(self, column):
        """SQL for the rulebook in force on the date in `column` (the first one before any began),
        and the day the first rulebook began."""
        rulebooks = list(Rulebook.objects.order_by("effective_from").values_list("pk", "effective_from"))
        branches = " ".join(f"WHEN {column} >= DATE '{start}' THEN {pk}" for pk, start in reversed(rulebooks))
        return f"CASE {branches} ELSE {rulebooks[0][0]} END", rulebooks[0][1]

    def execute(self, sql, params=None, *, counted=None):
        """Run one statement; with `counted`, add its row count under that name."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if counted:
                self.counts[counted] = self.counts.get(counted, 0) + cursor.rowcount
            return cursor.rowcount

    def copy(self, table, columns, rows, *, counted):
        """COPY `rows` (tuples in `columns` order) into `table`; psycopg streams them in C."""
        written = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream,
        ):
            for row in rows:
                stream.write_row(row)
                written += 1
        self.counts[counted] = self.counts.get(counted, 0) + written
        return written

    def next_ids(self, table):
        """The ids the next rows of `table` may take, from its identity sequence."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
            return cursor.fetchone()[0]

    def reset_sequence(self, table):
        """After rows were written with explicit ids, the sequence continues past them."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"
            )


def generate(*, enterprises, seed, as_of, progress=None):
    """Generate the whole data set in one transaction; the counts of rows written per kind."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("Scale data is generated on PostgreSQL only.")
    plan = Plan(enterprises=enterprises, seed=seed, as_of=as_of)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Rows are consistent by construction (the tests check it): skip the per-row foreign-key
            # triggers, whose deferred checks would otherwise queue one event per row until COMMIT.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.scale_data")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.scale_data":
                    raise
                continue
            module.generate(plan)
            if progress:
                progress(config.label, plan.counts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return plan.counts

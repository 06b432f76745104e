"""The register import against PostgreSQL's COPY of the same file.

    DEBUG=1 .venv/bin/python benchmarks/import_register.py --rows 200000

Part of the suite (`run(context)`, N = `context.enterprises`) or alone (`--rows N`, against the
database of DATABASE_URL, migrated). PostgreSQL only. It writes a valid register file of N rows
(valid USCCs in division 990000, which generated enterprises never use, customs codes starting
with B, real office and business-type codes) and, in one transaction rolled back at the end,
measures:
- the import of the file (`bulk_import(kind="register")`, behind `manage.py import_enterprises`):
  every row created, with its history row, business types and their snapshot, and ledger entry,
  including the foreign-key checks the commit would run (forced with SET CONSTRAINTS);
- the same file again: every row read, validated, compared, and found unchanged;
- the baseline: COPY of the same file into a bare temporary table (the same columns, all text,
  no index), what the database itself takes to load the bytes;
- the peak memory the import allocates (tracemalloc) re-importing N/4 and N rows: flat means the
  same for both.
"""

import argparse
import csv
import os
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credit_mgmt.settings")
    import django

    django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from accounts.models import CustomsOffice  # noqa: E402
from benchmarks.core import Context, result, timed  # noqa: E402
from enterprises.imports import bulk_import  # noqa: E402
from enterprises.uscc import check_character  # noqa: E402
from rulebooks.models import BusinessType  # noqa: E402

HEADER = [
    "uscc",
    "customs_code",
    "name",
    "name_en",
    "address",
    "legal_representative",
    "customs_office",
    "business_types",
]
MAX_RATIO = 3
MAX_MEMORY_RATIO = 1.3
COPY_RUNS = 3  # the baseline takes a fraction of a second: its median is steadier than one run
WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)')


def uscc(n):
    """A valid code with a check character (GB 32100-2015), kept apart from test and demo codes."""
    first17 = f"91990000BM{n:07d}"
    return first17 + check_character(first17)


def register_rows(count, offices, business_types):
    for n in range(count):
        yield [
            uscc(n),
            f"B{n:09d}",
            f"基准测试进出口有限公司{n}",
            f"Benchmark Import & Export Co., Ltd. {n}",
            f"基准路{n}号",
            "李四",
            offices[n % len(offices)],
            ";".join(business_types[: 1 + n % 2]),
        ]


def write_file(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


class StatementTimes:
    """Seconds of the import's statements by the table they write, or by their verb (SET: the
    foreign-key checks). The rest of the import's time is Python reading, validating and staging."""

    def __init__(self):
        self.seconds = Counter()

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            written = WRITTEN_TABLE.match(sql)
            name = written.group(1) if written else sql.split(None, 1)[0].upper()
            self.seconds[name] += time.perf_counter() - started

    def rounded(self):
        return {name: round(seconds, 3) for name, seconds in self.seconds.most_common()}


def import_file(path):
    imported = bulk_import(actor=None, source=path, kind="register")
    if imported.error_count or not imported.applied:
        raise RuntimeError(f"the benchmark file was refused: {imported.errors[:5]}")
    return imported


def import_and_check(path):
    """The import, then the deferred foreign-key checks that its commit would run."""
    times = StatementTimes()
    with connection.execute_wrapper(times):
        imported = import_file(path)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return imported, times


def copy_file(path):
    """Seconds to COPY the file into a fresh bare table: the database's own pace for these bytes."""
    columns = ", ".join(f"{name} text" for name in HEADER)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE register_copy ({columns})")
        with open(path, "rb") as handle:
            seconds, _ = timed(_copy, cursor, handle)
        cursor.execute("DROP TABLE register_copy")
    return seconds


def _copy(cursor, handle):
    with cursor.copy("COPY register_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
        while chunk := handle.read(1 << 16):
            copy.write(chunk)


def peak_memory(path):
    """MB allocated at the peak of importing `path`, over what was allocated before."""
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        import_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - start) / 2**20


def run(context):
    count = context.enterprises
    quarter = max(count // 4, 1)
    offices = list(CustomsOffice.objects.filter(is_active=True).values_list("code", flat=True))
    business_types = list(BusinessType.objects.values_list("code", flat=True))
    workdir = Path(context.workdir)
    path = write_file(workdir / "register.csv", register_rows(count, offices, business_types))
    head = write_file(workdir / "register-quarter.csv", register_rows(quarter, offices, business_types))
    with override_settings(DEBUG=False), transaction.atomic():
        copies = [copy_file(path) for _run in range(COPY_RUNS)]
        created_seconds, (created, created_times) = timed(import_and_check, path)
        unchanged_seconds, (unchanged, unchanged_times) = timed(import_and_check, path)
        memory = {rows: peak_memory(file) for rows, file in ((quarter, head), (count, path))}
        transaction.set_rollback(True)
    copy_seconds = statistics.median(copies)
    file_details = {"rows": count, "file_mb": round(path.stat().st_size / 2**20, 1)}
    baseline_details = {
        "copy_rows_per_s": round(count / copy_seconds),
        "copy_runs_s": [round(seconds, 3) for seconds in copies],
    }
    return [
        result(
            "register import (created)",
            created_seconds,
            "s",
            baseline=copy_seconds,
            max_ratio=MAX_RATIO,
            details={
                **file_details,
                "rows_per_s": round(count / created_seconds),
                **baseline_details,
                "import": created.summary(),
                "statements_s": created_times.rounded(),
            },
        ),
        result(
            "register import (unchanged)",
            unchanged_seconds,
            "s",
            baseline=copy_seconds,
            max_ratio=MAX_RATIO,
            details={
                **file_details,
                "rows_per_s": round(count / unchanged_seconds),
                **baseline_details,
                "import": unchanged.summary(),
                "statements_s": unchanged_times.rounded(),
            },
        ),
        result(
            "register import peak memory",
            memory[count],
            "MB",
            baseline=memory[quarter],
            max_ratio=MAX_MEMORY_RATIO,
            details={
                "rows": count,
                "baseline_rows": quarter,
                "measured": "tracemalloc peak over the start, re-importing (the rows are already there)",
            },
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    options = parser.parse_args()
    database = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(f"{database}: {options.rows:,} rows")
    with tempfile.TemporaryDirectory() as workdir:
        context = Context(scale="custom", enterprises=options.rows, seed=1, workdir=workdir)
        results = run(context)
    for row in results:
        print(
            f"{row.name:<30} {row.value:10.3f} {row.unit:<3} baseline {row.baseline:8.3f}  ratio {row.ratio}"
        )
        print(f"{'':<30} {row.target}: {'ok' if row.passed else 'MISSED'}  {row.details}")


if __name__ == "__main__":
    main()

"""Time the bulk register import against a plain bulk_create of the same rows.

    DEBUG=1 .venv/bin/python benchmarks/import_register.py --rows 100000

Runs against whatever DATABASE_URL points at (migrate it first). It writes a valid register
file of N rows to a temporary directory and times, in one process:
- the import of the file into an empty register (every row created),
- the same file again (every row unchanged),
- the file with every address changed (every row updated),
- a baseline: Enterprise.objects.bulk_create of N rows in the same batches, nothing else.
Everything runs inside one transaction that is rolled back at the end, so the database is left
as it was.
"""

import argparse
import csv
import itertools
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credit_mgmt.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import CustomsOffice  # noqa: E402
from enterprises.imports import BATCH_SIZE, bulk_import  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from rulebooks.models import BusinessType  # noqa: E402

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
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
PROJECTED_ROWS = 2_000_000


def uscc(n):
    """A valid code with a check character (GB 32100-2015), kept apart from test and demo codes."""
    first17 = f"91990000BM{n:07d}"
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return first17 + ALPHABET[(31 - total % 31) % 31]


def register_rows(count, offices, business_types, start=0, address="基准路"):
    for n in range(start, start + count):
        yield [
            uscc(n),
            f"B{n:09d}",
            f"基准测试进出口有限公司{n}",
            f"Benchmark Import & Export Co., Ltd. {n}",
            f"{address}{n}号",
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


def peak_memory():
    """Peak resident memory of this process so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label, count, action):
    started = time.perf_counter()
    outcome = action()
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds:8.2f} s  {count / seconds:10,.0f} rows/s  {outcome}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    options = parser.parse_args()
    # DEBUG=1 only spares the production settings; the debug cursor would keep every statement.
    settings.DEBUG = False
    count = options.rows
    offices = list(CustomsOffice.objects.filter(is_active=True).values_list("code", flat=True))
    business_types = list(BusinessType.objects.values_list("code", flat=True))
    office_ids = dict(CustomsOffice.objects.values_list("code", "pk"))
    database = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(f"{database}: {count:,} rows, batches of {options.batch_size}")

    def run_import(path):
        result = bulk_import(actor=None, source=path, kind="register", batch_size=options.batch_size)
        assert not result.error_count, result.errors[:5]
        return f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"

    def baseline():
        rows = register_rows(count, offices, business_types, start=count)
        for _batch in range(0, count, options.batch_size):
            Enterprise.objects.bulk_create(
                Enterprise(
                    uscc=row[0],
                    customs_code=row[1],
                    name=row[2],
                    name_en=row[3],
                    address=row[4],
                    legal_representative=row[5],
                    customs_office_id=office_ids[row[6]],
                )
                for row in itertools.islice(rows, options.batch_size)
            )
        return "plain bulk_create, no history, ledger or business types"

    with tempfile.TemporaryDirectory() as directory, transaction.atomic():
        started = time.perf_counter()
        first = write_file(Path(directory) / "register.csv", register_rows(count, offices, business_types))
        changed = write_file(
            Path(directory) / "register-changed.csv",
            register_rows(count, offices, business_types, address="新基准路"),
        )
        seconds = time.perf_counter() - started
        print(f"{'files written':<28} {seconds:8.2f} s  ({first.stat().st_size:,} bytes each)")
        created = timed("import (all created)", count, lambda: run_import(first))
        unchanged = timed("re-import (all unchanged)", count, lambda: run_import(first))
        updated = timed("import (all updated)", count, lambda: run_import(changed))
        import_peak = peak_memory()
        plain = timed("baseline bulk_create", count, baseline)
        transaction.set_rollback(True)

    print(f"ratio import/baseline: {created / plain:.1f}x (created), {unchanged / plain:.1f}x (unchanged)")
    for label, seconds in (("created", created), ("unchanged", unchanged), ("updated", updated)):
        projected = seconds * PROJECTED_ROWS / count
        print(f"projected for {PROJECTED_ROWS:,} rows ({label}): {projected / 60:.1f} min")
    print(f"peak memory of the process after the imports: {import_peak:,.0f} MB")


if __name__ == "__main__":
    main()

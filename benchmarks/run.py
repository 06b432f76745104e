"""Run the benchmark suite at a scale: `make bench` (small, 50,000 enterprises) or `SCALE=national` (2 M).

    .venv/bin/python benchmarks/run.py --scale small [--only evaluation,search_api] [--reuse]

It creates (or reuses, with --reuse) the database `credit_bench_<scale>` on the PostgreSQL server
of DATABASE_URL, migrates it, generates the scale data, runs every benchmark module and prints a
table; the results go to benchmarks/results/<scale>.json, the log of the run to <scale>.log. It
exits non-zero when a measurement is wrong (answers that differ from the baseline's, a query count
that varies, a second run that does work) and, at national scale, for which the targets are set,
when a target is missed.
Never point it at a database that matters: it only ever writes to its own.
"""

import argparse
import contextlib
import datetime
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCALES = {"tiny": 5_000, "small": 50_000, "national": 2_000_000}
BENCHMARKS = ["evaluation", "import_register", "search_api", "detail_api", "verification", "jobs"]
SERVER = "postgres://postgres@127.0.0.1:5432/credit_mgmt"


def bench_database_url(scale):
    parts = urlsplit(os.environ.get("DATABASE_URL") or SERVER)
    if not parts.scheme.startswith("postgres"):
        sys.exit("The benchmarks run on PostgreSQL: set DATABASE_URL to a postgres:// server.")
    return urlunsplit(parts._replace(path=f"/credit_bench_{scale}"))


def prepare_database(url, reuse):
    """A fresh database (or the existing one with --reuse); the server is reached through psycopg."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return False
        if exists:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return True


def environment():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "python": platform.python_version(),
        "postgresql": server,
        "cpus": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "machine": platform.machine(),
    }


@contextlib.contextmanager
def log_to(path):
    """The log lines of the run (one per request, as in production: the measured requests write them)
    go to `path` rather than between the lines of the progress and the table."""
    console = [
        handler
        for handler in logging.getLogger().handlers
        if type(handler) is logging.StreamHandler  # not a FileHandler, a subclass
    ]
    with open(path, "w", encoding="utf-8") as stream:
        streams = [handler.setStream(stream) for handler in console]
        try:
            yield
        finally:
            for handler, previous in zip(console, streams, strict=True):
                handler.setStream(previous)


def print_table(scale, results):
    print(f"\n{'benchmark':<44} {'value':>12} {'baseline':>12} {'ratio':>7}  target")
    for row in results:
        baseline = "" if row.baseline is None else f"{row.baseline:,.2f}"
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
        mark = "ok" if row.passed else "MISSED"
        if not row.sound:
            mark = "WRONG (see details)"
        print(
            f"{row.name:<44} {row.value:>12,.2f} {baseline:>12} {ratio:>7}  {row.target} [{row.unit}] {mark}"
        )


def ensure_wrk():
    """The verification benchmark drives gunicorn with wrk: install it (Debian) or say it is missing."""
    if shutil.which("wrk"):
        return
    why = "the verification benchmark drives gunicorn with it"
    if subprocess.run([str(ROOT / "tools" / "apt-install"), "wrk", why], check=False).returncode:
        sys.exit("make bench: wrk is missing (Debian package wrk); or run the others: BENCH_ARGS=--only=...")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default="", help="Comma-separated benchmark names.")
    parser.add_argument("--reuse", action="store_true", help="Keep the database generated by an earlier run.")
    parser.add_argument(
        "--output", type=Path, help="Where to write the results (benchmarks/results/<scale>.json)."
    )
    options = parser.parse_args()
    names = [name for name in options.only.split(",") if name] or BENCHMARKS
    if "verification" in names:
        ensure_wrk()
    url = bench_database_url(options.scale)
    fresh = prepare_database(url, options.reuse)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="credit_mgmt.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    # Production runs with Redis (cache, rate limits, verification answers); so do the benchmarks.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
    import django

    # The static files are not collected for a benchmark run; whitenoise says so once per process.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # the debug cursor would keep every statement of the run
    enterprises = SCALES[options.scale]
    call_command("migrate", verbosity=0)
    if fresh:
        started = time.perf_counter()
        call_command("generate_scale_data", enterprises=enterprises, seed=options.seed)
        print(f"scale data: {enterprises:,} enterprises in {time.perf_counter() - started:.0f} s")
    from benchmarks.core import Context

    results = []
    output = options.output or ROOT / "benchmarks" / "results" / f"{options.scale}.json"
    output.parent.mkdir(exist_ok=True)
    log = output.with_suffix(".log")
    with tempfile.TemporaryDirectory() as workdir, log_to(log):
        context = Context(scale=options.scale, enterprises=enterprises, seed=options.seed, workdir=workdir)
        for name in names:
            print(f"-- {name}", flush=True)
            results.extend(import_module(f"benchmarks.{name}").run(context))
    print_table(options.scale, results)
    rows = [row.as_dict(options.scale) for row in results]
    if options.only and output.exists():  # a partial run replaces its own rows of the last report
        names = {row["name"] for row in rows}
        kept = json.loads(output.read_text())["results"]
        rows = [row for row in kept if row["name"] not in names] + rows
    report = {
        "scale": options.scale,
        "enterprises": enterprises,
        "environment": environment(),
        "results": rows,
    }
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {output} (the log of the run: {log})")
    if options.scale != "national":
        print("The targets are set for national scale; at this scale they are for information.")
    wrong = not all(row.sound for row in results)
    missed = options.scale == "national" and not all(row.passed for row in results)
    return 1 if wrong or missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Whole-database backups and the manifest that shows a restore is complete.

PostgreSQL is dumped with `pg_dump --format=custom` and restored with `pg_restore`; SQLite (the
demo) is copied with the sqlite3 backup API. The manifest lists every table with its row count and
a checksum of its rows, computed the same way on the source and on the restored database, plus the
head of the activity log's hash chain (an anchor for `verify_audit --anchor`). On PostgreSQL the
manifest and the dump read one exported snapshot, so they describe exactly the same data even while
the system keeps working.

Behind a transaction-mode pooler (DATABASE_POOLED) they reach PostgreSQL itself through
DATABASE_DIRECT_URL: pg_restore sets session state (an empty search_path) that the pooler would
otherwise hand on to the application's next transaction on that server connection.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import environ
import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from psycopg import sql

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
_FILE_MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\0"}


class BackupError(Exception):
    pass


def manifest_path(backup):
    return Path(f"{backup}.manifest.json")


def direct(database):
    """`database` on PostgreSQL itself: the server of DATABASE_DIRECT_URL when `database` is reached
    through a pooler (DATABASE_POOLED), the same database name."""
    if not database.get("DISABLE_SERVER_SIDE_CURSORS"):
        return database
    if not settings.DATABASE_DIRECT_URL:
        raise BackupError(
            _(
                "Behind a connection pooler (DATABASE_POOLED), backups and restores connect to PostgreSQL "
                "itself: set DATABASE_DIRECT_URL."
            )
        )
    server = environ.Env.db_url_config(settings.DATABASE_DIRECT_URL)
    return {**database, **{key: server[key] for key in ("HOST", "PORT", "USER", "PASSWORD")}}


def backup(database, output):
    """Write a backup of `database` (a Django DATABASES entry) to `output`; its manifest."""
    database = direct(database)
    if database["ENGINE"] == POSTGRESQL:
        with _pg_connect(database) as connection:
            connection.read_only = True
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            summary = _pg_manifest(connection)
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={output}"], database)
    elif database["ENGINE"] == SQLITE:
        source, copy = sqlite3.connect(database["NAME"]), sqlite3.connect(output)
        try:
            source.backup(copy)
            summary = _sqlite_manifest(copy)
        finally:
            source.close()
            copy.close()
    else:
        raise ImproperlyConfigured(f"No backup method for {database['ENGINE']}.")
    manifest_path(output).write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    return summary


def restore(backup_file, database, *, force=False):
    """Restore `backup_file` into `database`, which must be empty unless `force`; its manifest."""
    database = direct(database)
    engine = database["ENGINE"]
    with open(backup_file, "rb") as file:
        if not file.read(16).startswith(_FILE_MAGIC.get(engine, b"\0")):
            raise BackupError(
                _("%(file)s is not a backup of a %(vendor)s database.")
                % {"file": backup_file, "vendor": engine.rsplit(".", 1)[-1]}
            )
    tables = table_count(database)
    if tables and not force:
        raise BackupError(
            _("The target database is not empty (%(tables)d tables); --force replaces them.")
            % {"tables": tables}
        )
    if engine == POSTGRESQL:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        command += ["--clean", "--if-exists"] if tables else []
        _run([*command, f"--dbname={database['NAME']}", str(backup_file)], database)
    else:
        source, target = sqlite3.connect(backup_file), sqlite3.connect(database["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    return manifest(database)


def manifest(database):
    if database["ENGINE"] == POSTGRESQL:
        with _pg_connect(database) as connection:
            return _pg_manifest(connection)
    connection = sqlite3.connect(database["NAME"])
    try:
        return _sqlite_manifest(connection)
    finally:
        connection.close()


def differences(expected, actual):
    """Tables whose rows or checksum differ between two manifests (or that only one has)."""
    names = set(expected["tables"]) | set(actual["tables"])
    return sorted(name for name in names if expected["tables"].get(name) != actual["tables"].get(name))


def table_count(database):
    if database["ENGINE"] == POSTGRESQL:
        with _pg_connect(database) as connection:
            tables = connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return tables.fetchone()[0]
    if not os.path.exists(database["NAME"]):
        return 0
    connection = sqlite3.connect(database["NAME"])
    try:
        return connection.execute(_SQLITE_TABLES.replace("name FROM", "count(*) FROM")).fetchone()[0]
    finally:
        connection.close()


# --- PostgreSQL ----------------------------------------------------------------------------------

# Order-independent, one pass and no sort: the sum of each row's md5 (first 64 bits) with the count.
_PG_TABLE_SUMMARY = (
    "SELECT count(*), md5(count(*) || ':' || "
    "coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint), 0)) FROM {table} AS t"
)


_PG_OPTIONS = ("sslmode", "connect_timeout")


def _pg_connect(database):
    return psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        **{key: value for key, value in database.get("OPTIONS", {}).items() if key in _PG_OPTIONS},
    )


def _pg_manifest(connection):
    # Rows print the same on both sides only with the same time zone and date style.
    connection.execute("SET TIME ZONE 'UTC'")
    connection.execute("SET datestyle = 'ISO, YMD'")
    names = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    tables = {}
    for (name,) in names.fetchall():
        query = sql.SQL(_PG_TABLE_SUMMARY).format(table=sql.Identifier(name))
        rows, checksum = connection.execute(query).fetchone()
        tables[name] = {"rows": rows, "checksum": checksum}
    head = connection.execute(_AUDIT_HEAD).fetchone() if "accounts_activityentry" in tables else None
    return _manifest("postgresql", tables, head)


def _run(command, database):
    """Run pg_dump or pg_restore with the connection in PG* variables (no password on the command line)."""
    settings = {
        "PGHOST": database["HOST"],
        "PGPORT": database["PORT"],
        "PGUSER": database["USER"],
        "PGPASSWORD": database["PASSWORD"],
        "PGDATABASE": database["NAME"],
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    env = {**os.environ, **{key: str(value) for key, value in settings.items() if value}}
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        missing = _("%(program)s is not installed (PostgreSQL client).") % {"program": command[0]}
        raise BackupError(missing) from error
    if result.returncode:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": result.stderr.strip()}
        )


# --- SQLite --------------------------------------------------------------------------------------

_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def _sqlite_manifest(connection):
    tables = {}
    for (name,) in connection.execute(_SQLITE_TABLES + " ORDER BY name").fetchall():
        rows, total = 0, 0
        for row in connection.execute(f'SELECT * FROM "{name}"'):
            rows += 1
            total += int.from_bytes(hashlib.md5(repr(row).encode()).digest()[:8], "big", signed=True)
        tables[name] = {"rows": rows, "checksum": hashlib.md5(f"{rows}:{total}".encode()).hexdigest()}
    head = connection.execute(_AUDIT_HEAD).fetchone() if "accounts_activityentry" in tables else None
    return _manifest("sqlite", tables, head)


# --- both ----------------------------------------------------------------------------------------

_AUDIT_HEAD = "SELECT sequence, entry_hash FROM accounts_activityentry ORDER BY sequence DESC LIMIT 1"


def _manifest(vendor, tables, audit_head):
    return {
        "database": vendor,
        "tables": tables,
        "audit_head": f"{audit_head[0]}:{audit_head[1]}" if audit_head else None,
    }

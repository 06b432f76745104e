"""backup_data and restore_data: a restore into a fresh database has every table's rows and checksum."""

import json
import sqlite3

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.audit import record_activity
from core.backups import POSTGRESQL, BackupError, backup, direct, manifest_path
from tests.concurrency import require_postgresql
from tests.conftest import database_url
from tests.factories.enterprises import PenaltyFactory
from tests.factories.notifications import NotificationFactory

pytestmark = pytest.mark.usefixtures("english")


def run(command, *args):
    output = []

    class Out:
        write = output.append

    call_command(command, *args, stdout=Out(), stderr=Out())
    return json.loads(output[0])


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    require_postgresql()
    # Behind PgBouncer, a restore goes to PostgreSQL itself (core/backups.direct).
    server, test_database = database_url().rsplit("/", 1)
    server = settings.DATABASE_DIRECT_URL.rsplit("/", 1)[0] if settings.DATABASE_DIRECT_URL else server
    name = f"{test_database}_restore"

    def execute(statement):
        with psycopg.connect(f"{server}/postgres", autocommit=True) as maintenance:
            maintenance.execute(statement)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed
def test_a_postgresql_backup_restores_into_a_fresh_database_table_for_table(
    tmp_path, fresh_database, officer, enterprise_a
):
    PenaltyFactory(enterprise=enterprise_a)
    NotificationFactory(recipient=officer)
    record_activity(actor=officer, verb="enterprise.checked", target=enterprise_a, changes={"grade": [1, 2]})
    dump = tmp_path / "credit.dump"

    backed_up = run("backup_data", "--output", str(dump))
    for table in ("enterprises_enterprise", "enterprises_penalty", "notifications_notification"):
        assert backed_up["tables"][table]["rows"] >= 1, table
    assert backed_up["audit_head"].startswith(f"{backed_up['tables']['accounts_activityentry']['rows']}:")
    assert json.loads(manifest_path(dump).read_text()) == backed_up

    restored = run("restore_data", str(dump), "--database-url", fresh_database)
    assert restored == backed_up  # every table: the same rows and checksum, and the same audit head

    with pytest.raises(CommandError, match="not empty"):
        run("restore_data", str(dump), "--database-url", fresh_database)

    # A manifest that no longer matches (a table changed since) fails the restore drill, naming it.
    tampered = json.loads(manifest_path(dump).read_text())
    tampered["tables"]["enterprises_penalty"]["checksum"] = "0" * 32
    manifest_path(dump).write_text(json.dumps(tampered))
    with pytest.raises(CommandError, match="enterprises_penalty"):
        run("restore_data", str(dump), "--database-url", fresh_database, "--force")


def test_a_sqlite_copy_restores_with_the_same_manifest(tmp_path):
    """The demo's database: copied with the sqlite3 backup API, restored the same way."""
    source, copy, target = (tmp_path / name for name in ("demo.sqlite3", "copy.sqlite3", "restored.sqlite3"))
    database = sqlite3.connect(source)
    database.execute("CREATE TABLE accounts_activityentry (sequence INTEGER, entry_hash TEXT, note TEXT)")
    database.executemany(
        "INSERT INTO accounts_activityentry VALUES (?, ?, ?)", [(1, "a" * 64, "x"), (2, "b" * 64, "y")]
    )
    database.commit()
    database.close()

    backed_up = backup({"ENGINE": "django.db.backends.sqlite3", "NAME": str(source)}, copy)
    assert backed_up["tables"]["accounts_activityentry"]["rows"] == 2
    assert backed_up["audit_head"] == f"2:{'b' * 64}"
    assert run("restore_data", str(copy), "--database-url", f"sqlite:///{target}") == backed_up
    with pytest.raises(CommandError, match="not empty"):
        run("restore_data", str(copy), "--database-url", f"sqlite:///{target}")
    with pytest.raises(CommandError, match="not a backup of a postgresql database"):
        run("restore_data", str(copy), "--database-url", "postgres://nobody@127.0.0.1:1/none")


def test_behind_a_pooler_backups_reach_postgresql_itself(settings, tmp_path):
    pooled = {
        **settings.DATABASES["default"],
        "ENGINE": POSTGRESQL,
        "NAME": "credit",
        "DISABLE_SERVER_SIDE_CURSORS": True,
    }
    settings.DATABASE_DIRECT_URL = ""
    with pytest.raises(BackupError, match="DATABASE_DIRECT_URL"):
        backup(pooled, tmp_path / "credit.dump")
    settings.DATABASE_DIRECT_URL = "postgres://credit:secret@db-primary:5432/credit"
    reached = direct(pooled)
    assert (reached["HOST"], reached["PORT"], reached["USER"], reached["PASSWORD"], reached["NAME"]) == (
        "db-primary",
        5432,
        "credit",
        "secret",
        "credit",
    )
    unpooled = {**pooled, "DISABLE_SERVER_SIDE_CURSORS": False}
    assert direct(unpooled) == unpooled

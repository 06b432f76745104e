"""The activity log is a hash chain: `verify_audit` names the first entry edited, deleted or
inserted behind the services' back, and concurrent appends never fork it."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from accounts.audit import record_activities, record_activity
from accounts.chain import GENESIS, entry_hash
from accounts.models import ActivityEntry
from core.errors import InvariantViolation
from tests.concurrency import require_postgresql, run_together
from tests.conftest import wait_for

pytestmark = pytest.mark.usefixtures("english")


def verify_audit(*anchors):
    output = []

    class Out:
        write = output.append

    call_command("verify_audit", *(f"--anchor={anchor}" for anchor in anchors), stdout=Out())
    return "".join(output)


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def head_anchor():
    head = ActivityEntry.objects.order_by("-sequence").first()
    return f"{head.sequence}:{head.entry_hash}"


@pytest.fixture
def log(offices):
    """Eight entries about offices, one at a time and as a batch, in chain order."""
    targets = list(offices.values())[:4]
    for office in targets:
        record_activity(actor=None, verb="office.checked", target=office, changes={"ratio": 0.5, "n": 2.0})
    record_activities(actor=None, verb="office.reviewed", targets=targets, note="batch")
    return list(ActivityEntry.objects.order_by("sequence"))


@pytest.mark.django_db
def test_an_untouched_log_verifies_and_reports_its_head(log):
    assert [entry.sequence for entry in log] == list(range(1, 9))
    assert log[0].previous_hash == GENESIS
    assert all(entry.previous_hash == before.entry_hash for before, entry in zip(log, log[1:], strict=False))
    output = verify_audit()
    assert "8" in output
    assert head_anchor() in output  # the head to write down as an anchor


@pytest.mark.django_db
def test_an_entry_edited_with_sql_is_named(log):
    edited = log[4]
    execute("UPDATE accounts_activityentry SET note = 'nothing happened' WHERE id = %s", [edited.pk])
    with pytest.raises(CommandError, match=rf"#{edited.pk} \(sequence 5\).*edited"):
        verify_audit()


@pytest.mark.django_db
def test_a_deleted_entry_is_found_at_the_gap(log):
    execute("DELETE FROM accounts_activityentry WHERE id = %s", [log[2].pk])
    with pytest.raises(CommandError, match=rf"#{log[3].pk} \(sequence 4\).*3 to 3 are missing"):
        verify_audit()


@pytest.mark.django_db
def test_an_entry_inserted_with_sql_is_found_even_with_a_well_formed_hash(log):
    """Entries 4.. move up one and a forged entry 4, hashed by the published algorithm, goes between."""
    execute("UPDATE accounts_activityentry SET sequence = sequence + 1000 WHERE sequence >= 4")
    execute("UPDATE accounts_activityentry SET sequence = sequence - 999 WHERE sequence >= 1000")
    forged = {**vars(log[3]), "sequence": 4, "note": "approved by nobody", "changes": {}}
    row = {
        name: forged[name] for name in ("sequence", "created_at", "verb", "target_id", "target_repr", "note")
    }
    row |= {"target_type_id": forged["target_type_id"], "changes": "{}", "request_id": ""}
    row |= {"previous_hash": log[2].entry_hash, "entry_hash": entry_hash(forged, log[2].entry_hash)}
    columns = ", ".join(row)
    execute(
        f"INSERT INTO accounts_activityentry ({columns}) VALUES ({', '.join(['%s'] * len(row))})",
        list(row.values()),
    )
    with pytest.raises(CommandError, match=rf"#{log[3].pk} \(sequence 5\).*replaced or inserted"):
        verify_audit()


@pytest.mark.django_db
def test_an_anchor_catches_a_rewritten_chain_and_a_cut_off_end(log):
    anchor = head_anchor()
    # Someone who knows the algorithm edits entry 2 and recomputes every hash after it.
    execute("UPDATE accounts_activityentry SET note = 'rewritten' WHERE id = %s", [log[1].pk])
    previous = log[0].entry_hash
    for entry in ActivityEntry.objects.order_by("sequence")[1:]:
        digest = entry_hash(vars(entry), previous)
        execute(
            "UPDATE accounts_activityentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
            [previous, digest, entry.pk],
        )
        previous = digest
    verify_audit()  # the chain alone cannot tell
    with pytest.raises(CommandError, match=rf"#{log[-1].pk} \(sequence 8\).*anchor"):
        verify_audit(anchor)

    execute("DELETE FROM accounts_activityentry WHERE sequence >= 7")
    with pytest.raises(CommandError, match="sequence 8.* 6 "):
        verify_audit(anchor)


@pytest.mark.django_db
def test_the_orm_refuses_bulk_changes_and_deletes(log):
    with pytest.raises(InvariantViolation):
        ActivityEntry.objects.filter(pk=log[0].pk).update(note="changed")
    with pytest.raises(InvariantViolation):
        ActivityEntry.objects.all().delete()
    assert ActivityEntry.objects.count() == 8


@pytest.mark.django_db
def test_the_admin_shows_an_entrys_place_in_the_chain(client, administrator, log):
    client.force_login(administrator)
    assert client.get("/admin/accounts/activityentry/").status_code == 200
    page = client.get(f"/admin/accounts/activityentry/{log[3].pk}/change/").content.decode()
    assert log[3].entry_hash in page
    assert log[3].previous_hash in page


@pytest.mark.direct_database  # watches the second appender's backend by pid
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_transactions_appending_at_once_keep_one_chain(offices):
    """The second appender waits for the first one's commit instead of linking to the same head."""
    require_postgresql()
    office = offices["9700"]
    first_appended, second_pid = threading.Event(), []

    def first():
        with transaction.atomic():
            record_activity(actor=None, verb="first.one", target=office)
            first_appended.set()
            assert wait_for(lambda: second_pid and waits_for_the_chain(second_pid[0]), timeout=30)
            record_activities(actor=None, verb="first.batch", targets=[office] * 3)

    def second():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid.append(cursor.fetchone()[0])
        first_appended.wait(30)
        with transaction.atomic():
            record_activities(actor=None, verb="second.batch", targets=[office] * 2)
            record_activity(actor=None, verb="second.one", target=office)

    assert run_together(first, second) == [None, None]
    verbs = list(ActivityEntry.objects.order_by("sequence").values_list("verb", flat=True))
    assert verbs == ["first.one"] + ["first.batch"] * 3 + ["second.batch"] * 2 + ["second.one"]
    assert "7 " in verify_audit()


def waits_for_the_chain(pid):
    """Whether backend `pid` is queued behind the chain's advisory lock (pg_locks is live even
    inside a transaction, unlike pg_stat_activity)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND locktype = 'advisory' AND NOT granted", [pid]
        )
        return cursor.fetchone() is not None

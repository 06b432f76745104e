"""The background operation facility: a worker's run from queued to finished, what the requester sees
on the operation's page and its JSON, and nobody else (404). Tasks run in-process here; a real worker
runs them in test_worker.py."""

import datetime
from dataclasses import replace
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from background import progress as live
from background.models import Operation
from background.services import Outcome, operation_queue, operation_run, operations_housekeeping
from core.errors import InvalidState
from tests.factories.background import OperationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def work(monkeypatch):
    """Make the export kind run `function(operation=, progress=)` instead of a list export."""
    config = apps.get_app_config("background")

    def use(function):
        export = replace(config.background_operations["export"], function=f"{__name__}.{function.__name__}")
        monkeypatch.setattr(
            config, "background_operations", {**config.background_operations, "export": export}
        )

    return use


def counts_three(*, operation, progress):
    progress.set_total(3)
    for _ in range(3):
        progress.update(1)
    return Outcome(result={"rows": 3})


def writes_a_file(*, operation, progress):
    path = Path(operation.params["path"])
    path.write_text("a,b\n1,2\n")
    return Outcome(result={"rows": 1}, file=path, file_name="list-2026-11-26.csv")


def refuses_the_file(*, operation, progress):
    raise ValidationError(translation.gettext("Only .csv and .xlsx files can be imported."))


def finds_a_wrong_state(*, operation, progress):
    progress.set_total(10)
    progress.update(4)
    raise InvalidState("The plan has ended.")


def breaks(*, operation, progress):
    raise RuntimeError("disk on fire")


def seen_while_running(*, operation, progress):
    """What the page would show halfway: the live count, while the row still says 0."""
    progress.set_total(8)
    progress.update(2)
    operation.refresh_from_db()
    return Outcome(result={"live": live.read(operation.pk), "row": [operation.status, operation.done]})


def queue(user, **kwargs):
    return operation_queue(kind=Operation.Kind.EXPORT, actor=user, subject="list.csv", **kwargs)


def test_a_run_goes_from_queued_to_succeeded_with_its_result_and_full_bar(work, officer):
    work(counts_three)
    operation = queue(officer)
    assert (operation.status, operation.language) == ("queued", "en")

    assert operation_run(operation.pk) == "succeeded"
    operation.refresh_from_db()
    assert (operation.status, operation.done, operation.total, operation.result) == (
        "succeeded",
        3,
        3,
        {"rows": 3},
    )
    assert operation.started_at <= operation.finished_at
    assert operation.error == ""
    # Delivered again (a worker died before acknowledging): a finished operation is left alone.
    assert operation_run(operation.pk) is None


def test_progress_is_read_live_while_the_operation_runs(work, officer):
    work(seen_while_running)
    operation = queue(officer)
    operation_run(operation.pk)
    operation.refresh_from_db()
    assert operation.result == {"live": [2, 8], "row": ["running", 0]}


def test_a_refused_input_fails_the_operation_with_the_reason_in_the_requester_language(work, officer):
    work(refuses_the_file)
    with translation.override("zh-hans"):
        operation = queue(officer)
    operation_run(operation.pk)
    operation.refresh_from_db()
    assert operation.status == "failed"
    assert operation.error == "只能导入 .csv 和 .xlsx 文件。"
    assert operation.finished_at is not None


def test_a_domain_error_keeps_the_count_reached(work, officer):
    work(finds_a_wrong_state)
    operation = queue(officer)
    operation_run(operation.pk)
    operation.refresh_from_db()
    assert (operation.status, operation.error, operation.done, operation.total) == (
        "failed",
        "The plan has ended.",
        4,
        10,
    )


def test_an_unexpected_error_is_logged_and_the_requester_told_without_details(work, officer, caplog):
    work(breaks)
    operation = queue(officer)
    operation_run(operation.pk)
    operation.refresh_from_db()
    assert operation.status == "failed"
    assert f"tell an administrator the operation number {operation.pk}" in operation.error
    assert "disk on fire" not in operation.error
    assert "disk on fire" in caplog.text


def test_a_broker_that_is_down_fails_the_operation_at_once(
    work, officer, monkeypatch, django_capture_on_commit_callbacks
):
    from background.tasks import run_operation

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(run_operation, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        operation = queue(officer)
    operation.refresh_from_db()
    assert operation.status == "failed"
    assert "background service is not available" in operation.error


def test_queueing_waits_for_the_commit(work, officer, django_capture_on_commit_callbacks):
    work(counts_three)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        operation = queue(officer)
    assert Operation.objects.get().status == "queued"
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the (eager) task runs
    operation.refresh_from_db()
    assert operation.status == "succeeded"


def test_the_upload_is_kept_for_the_worker_then_deleted(work, officer):
    work(counts_three)
    operation = queue(officer, source=ContentFile(b"uscc\n", name="register.csv"))
    stored = operation.source.name
    with default_storage.open(stored) as kept:
        assert kept.read() == b"uscc\n"
    operation_run(operation.pk)
    operation.refresh_from_db()
    assert not operation.source
    assert not default_storage.exists(stored)


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def finished_export(work, officer, tmp_path):
    work(writes_a_file)
    operation = queue(officer, params={"path": str(tmp_path / "scratch.csv")})
    operation_run(operation.pk)
    operation.refresh_from_db()
    return operation


def test_the_requester_follows_the_operation_and_downloads_the_file(client, finished_export, officer):
    client.force_login(officer)
    page = client.get(f"/operations/{finished_export.pk}/", **EN)
    text = page.content.decode()
    assert '<progress class="operation-progress w-100" max="100" value="100"' in text
    assert "The export is ready: 1 row." in text
    assert "data-operation-status" not in text, "a finished operation is not polled"
    download = client.get(f"/operations/{finished_export.pk}/download/")
    assert download["Content-Disposition"] == 'attachment; filename="list-2026-11-26.csv"'
    assert b"".join(download.streaming_content) == b"a,b\n1,2\n"
    assert not Path(finished_export.params["path"]).exists(), "the worker's scratch file is removed"
    listing = client.get("/operations/", **EN).content.decode()
    assert f'href="/operations/{finished_export.pk}/"' in listing


def test_a_running_operation_page_polls_its_status(client, officer):
    operation = queue(officer)
    Operation.objects.filter(pk=operation.pk).update(status="running", total=None)
    live.write(operation.pk, 40, 160)
    client.force_login(officer)
    text = client.get(f"/operations/{operation.pk}/", **EN).content.decode()
    assert f'data-operation-status="/operations/{operation.pk}/status/"' in text
    assert 'max="100" value="25"' in text
    assert "40 of 160" in text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in text
    assert "/static/js/operation-progress.js" in text
    assert "<script>" not in text, "no inline script (Content-Security-Policy)"


def test_the_status_json(client, officer):
    operation = queue(officer)
    client.force_login(officer)
    url = f"/operations/{operation.pk}/status/"
    assert client.get(url, **EN).json() == {
        "status": "queued",
        "status_label": "Queued",
        "finished": False,
        "done": 0,
        "total": None,
        "percent": None,
        "progress_text": "0",
    }
    Operation.objects.filter(pk=operation.pk).update(status="running")
    live.write(operation.pk, 1234, 5000)
    state = client.get(url, **EN).json()
    assert (state["percent"], state["progress_text"], state["status_label"]) == (
        24,
        "1,234 of 5,000",
        "Running",
    )
    assert "no-cache" in client.get(url)["Cache-Control"]


def test_a_failed_operation_shows_why(client, work, officer):
    work(finds_a_wrong_state)
    operation = queue(officer)
    operation_run(operation.pk)
    client.force_login(officer)
    text = client.get(f"/operations/{operation.pk}/", **EN).content.decode()
    assert "The operation failed" in text
    assert "The plan has ended." in text


@pytest.mark.parametrize("path", ["", "status/", "download/"])
def test_only_the_requester_sees_an_operation(client, finished_export, administrator, enterprise_user, path):
    """Even an administrator is told it does not exist, exactly as for a missing operation."""
    for user in (administrator, enterprise_user):
        client.force_login(user)
        assert client.get(f"/operations/{finished_export.pk}/{path}").status_code == 404
        assert client.get(f"/operations/2000000000/{path}").status_code == 404
    client.logout()
    assert client.get(f"/operations/{finished_export.pk}/{path}")["Location"].startswith("/accounts/login/")


def test_an_operation_without_a_file_has_no_download(client, work, officer):
    work(counts_three)
    operation = queue(officer)
    operation_run(operation.pk)
    client.force_login(officer)
    assert client.get(f"/operations/{operation.pk}/download/").status_code == 404


def test_the_list_shows_only_the_users_own_operations(client, officer, administrator):
    mine, theirs = queue(officer), queue(administrator)
    client.force_login(officer)
    listing = client.get("/operations/", **EN).content.decode()
    assert f'href="/operations/{mine.pk}/"' in listing
    assert f'href="/operations/{theirs.pk}/"' not in listing


def test_pages_cost_few_queries(client, officer, finished_export, django_assert_max_num_queries):
    for _ in range(5):
        queue(officer)
    client.force_login(officer)
    with django_assert_max_num_queries(3):
        client.get(f"/operations/{finished_export.pk}/status/")
    with django_assert_max_num_queries(5):
        client.get(f"/operations/{finished_export.pk}/")
    with django_assert_max_num_queries(6):
        client.get("/operations/")


def test_the_admin_lists_operations_read_only(client, finished_export, administrator):
    client.force_login(administrator)
    assert client.get("/admin/background/operation/").status_code == 200
    change = client.get(f"/admin/background/operation/{finished_export.pk}/change/", **EN)
    assert change.status_code == 200
    assert b'name="status"' not in change.content
    assert client.get("/admin/background/operation/add/").status_code == 403


def test_housekeeping_deletes_old_export_files_and_fails_lost_operations(client, officer):
    """A week after an export its file goes (the page says so); an operation whose task was lost
    stops showing as running a day later."""
    today = datetime.date(2026, 11, 26)
    moment = timezone.make_aware(datetime.datetime(2026, 11, 18, 9))
    old = OperationFactory(
        kind=Operation.Kind.EXPORT,
        requested_by=officer,
        language="en",
        status=Operation.Status.SUCCEEDED,
        result={"rows": 1},
        finished_at=moment,
    )
    old.result_file.save("old.csv", ContentFile(b"a\n1\n"))
    recent = OperationFactory(
        kind=Operation.Kind.EXPORT,
        requested_by=officer,
        language="en",
        status=Operation.Status.SUCCEEDED,
        result={"rows": 1},
        finished_at=timezone.now(),
    )
    recent.result_file.save("recent.csv", ContentFile(b"a\n1\n"))
    lost = OperationFactory(
        kind=Operation.Kind.EXPORT, requested_by=officer, language="zh-hans", created_at=moment
    )
    stored = old.result_file.name

    done = {"created": 0, "files_deleted": 1, "interrupted": 1, "sessions_cleared": 0, "tokens_deleted": 0}
    assert operations_housekeeping(as_of=today) == done
    assert operations_housekeeping(as_of=today) == {**done, "files_deleted": 0, "interrupted": 0}

    for operation in (old, recent, lost):
        operation.refresh_from_db()
    assert not default_storage.exists(stored)
    assert not old.result_file
    assert recent.result_file
    assert lost.status == Operation.Status.FAILED
    assert "中断" in lost.error
    client.force_login(officer)
    page = client.get(old.get_absolute_url(), **EN).content.decode()
    assert "The file was deleted 7 days after it was made" in page
    assert client.get(f"/operations/{old.pk}/download/").status_code == 404


def test_housekeeping_removes_expired_sessions_only(client, officer, now):
    client.force_login(officer)  # a live session
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    expired = SessionStore()
    expired.set_expiry(1)
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=now - datetime.timedelta(seconds=1)
    )
    assert operations_housekeeping(as_of=now.date())["sessions_cleared"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [client.session.session_key]

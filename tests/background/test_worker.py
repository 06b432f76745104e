"""A real Celery worker imports a register the administrator uploaded, while the operation's page
reads its status and progress: committed outside the import's transaction, so seen before it ends."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from background.models import Operation
from enterprises.models import Enterprise
from tests.conftest import wait_for
from tests.factories.enterprises import valid_uscc

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROWS = 30


def register_file(name="register.csv", tail=b""):
    lines = ["uscc,customs_code,name,customs_office"]
    lines += [f"{valid_uscc(7_000_000 + n)},WRK{n:07d},后台导入公司{n},9700" for n in range(ROWS)]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode() + tail, content_type="text/csv")


def upload(client, file):
    response = client.post("/enterprises/import/", {"kind": "register", "file": file}, **EN)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_page_follows_a_worker_importing_an_upload(request_worker, client, administrator, business_types):
    if connection.vendor != "postgresql":
        pytest.skip("the import is held with a row lock of PostgreSQL; CI runs on PostgreSQL")
    client.force_login(administrator)
    # Another transaction holds Xining Customs' row: the worker reads and checks every row of the
    # file, then waits, its transaction open, to write enterprises that refer to the office.
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM accounts_customsoffice WHERE code = '9700' FOR UPDATE")
        page_url = upload(client, register_file())
        status_url = f"{page_url}status/"

        def all_rows_read():
            state = client.get(status_url, **EN).json()
            return state["status"] == "running" and state["done"] == ROWS

        assert wait_for(all_rows_read), client.get(status_url, **EN).json()
        state = client.get(status_url, **EN).json()
        assert (state["total"], state["percent"], state["progress_text"]) == (
            ROWS,
            100,
            f"{ROWS} of {ROWS}, finishing…",
        )
        assert not Enterprise.objects.filter(customs_code__startswith="WRK").exists(), "not committed yet"
        running = client.get(page_url, **EN).content.decode()
        assert "data-operation-status" in running
        assert 'max="100" value="100"' in running
    finally:
        holder.rollback()
        holder.close()

    def finished():
        return client.get(status_url, **EN).json()["finished"]

    assert wait_for(finished), "the worker did not finish the import within 60 s"
    assert client.get(status_url, **EN).json()["status"] == "succeeded"
    done = client.get(page_url, **EN).content.decode()
    assert "The file was imported." in done
    assert "data-operation-status" not in done
    assert Enterprise.objects.filter(customs_code__startswith="WRK").count() == ROWS
    operation = Operation.objects.get()
    assert (operation.done, operation.total, operation.result["created"]) == (ROWS, ROWS, ROWS)
    assert not operation.source, "the upload is deleted once imported"


def test_a_file_failing_in_the_worker_fails_the_operation_and_changes_nothing(
    request_worker, client, administrator, business_types
):
    client.force_login(administrator)
    # Readable at the start, so accepted; GBK text further down stops the import in the worker.
    page_url = upload(client, register_file(tail=b"x" * 20_000 + "\n青海".encode("gbk")))
    assert wait_for(lambda: client.get(f"{page_url}status/", **EN).json()["finished"])
    operation = Operation.objects.get()
    assert operation.status == "failed"
    assert operation.error.startswith("The file is not UTF-8 text")
    assert operation.error in client.get(page_url, **EN).content.decode()
    assert not Enterprise.objects.filter(customs_code__startswith="WRK").exists()


def test_a_worker_writes_a_large_export_only_its_requester_downloads(
    request_worker, client, settings, officer, officer_sh, enterprise_a, enterprise_b, enterprise_sh
):
    settings.EXPORT_BACKGROUND_ROWS = 0
    client.force_login(officer)
    page_url = client.get("/enterprises/", {"export": "csv"}, **EN)["Location"]
    assert wait_for(lambda: client.get(f"{page_url}status/", **EN).json()["finished"])
    assert "The export is ready: 2 rows." in client.get(page_url, **EN).content.decode()
    download = client.get(f"{page_url}download/")
    header, *rows = csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    assert header[:2] == ["Enterprise", "USCC"]
    assert sorted(row[0] for row in rows) == sorted([enterprise_a.name_en, enterprise_b.name_en])
    client.force_login(officer_sh)
    assert client.get(f"{page_url}download/").status_code == 404

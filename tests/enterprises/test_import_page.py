"""Administrators upload register and credit-record files; a worker imports them (run in-process here,
after the commit) and the operation's page shows every bad row."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from background.models import Operation
from enterprises.forms import imports as import_forms
from enterprises.models import Enterprise
from tests.factories.enterprises import valid_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


URL = "/enterprises/import/"
HEADER = "uscc,customs_code,name,customs_office,business_types\n"


def register_csv(*rows, name="register.csv"):
    return SimpleUploadedFile(name, (HEADER + "".join(rows)).encode("utf-8-sig"), content_type="text/csv")


def row(n, office="9700"):
    return f"{valid_uscc(6_000_000 + n)},WEB{n:07d},网页导入公司{n},{office},customs_broker\n"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Upload a file as the signed-in user; the import task runs when the request's transaction commits."""

    def send(upload, kind="register", partial=False):
        data = {"kind": kind, "file": upload}
        if partial:
            data["partial"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")

    return send


def result_page(client, response):
    """The operation's page the upload leads to, once the import has run."""
    assert response.status_code == 302
    operation = Operation.objects.get()
    assert response["Location"] == f"/operations/{operation.pk}/"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    return page


@pytest.mark.parametrize("role_fixture", ["officer", "gac_officer", "coordinator", "enterprise_user"])
def test_only_administrators_may_import(client, post, request, role_fixture, business_types):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(URL).status_code == 403
    assert post(register_csv(row(1))).status_code == 403
    assert not Enterprise.objects.filter(customs_code="WEB0000001").exists()
    assert not Operation.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_the_form_lists_the_kinds_and_their_columns(client, administrator):
    client.force_login(administrator)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'enctype="multipart/form-data"' in page
    for label in ("Enterprise register", "Penalties", "Arrears", "Yearly document counts"):
        assert label in page
    assert "case_number" in page


def test_an_administrator_imports_a_file_and_sees_the_summary(client, post, administrator, business_types):
    client.force_login(administrator)
    page = result_page(client, post(register_csv(row(1), row(2))))
    text = page.content.decode()
    assert "The file was imported." in text
    assert "Result for register.csv" in text
    assert page.context["operation"].result["created"] == 2
    assert Enterprise.objects.filter(customs_code__startswith="WEB").count() == 2
    operation = Operation.objects.get()
    assert (operation.status, operation.done, operation.total) == ("succeeded", 2, 2)
    assert not operation.source, "the stored upload is deleted once imported"

    Operation.objects.all().delete()
    again = result_page(client, post(register_csv(row(1), row(2))))
    assert (again.context["operation"].result["created"], again.context["operation"].result["unchanged"]) == (
        0,
        2,
    )


def test_an_xlsx_upload(client, post, administrator, enterprise_b):
    workbook = openpyxl.Workbook()
    workbook.active.append(["uscc", "year", "declarations"])
    workbook.active.append([enterprise_b.uscc, 2025, 4200])
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(administrator)
    response = post(SimpleUploadedFile("counts.xlsx", content.getvalue()), kind="document_counts")
    assert result_page(client, response).context["operation"].result["created"] == 1
    assert enterprise_b.document_counts.get().declarations == 4200


def test_errors_are_shown_row_by_row_and_nothing_changes(client, post, administrator, business_types):
    client.force_login(administrator)
    page = result_page(client, post(register_csv(row(1), row(2, office="9999")))).content.decode()
    assert "Nothing was imported: 1 row has errors." in page
    assert (
        '<td>3</td><td class="code">customs_office</td><td>No customs office has the code 9999.</td>' in page
    )
    assert not Enterprise.objects.filter(customs_code__startswith="WEB").exists()


def test_partial_import_from_the_page(client, post, administrator, business_types):
    client.force_login(administrator)
    page = result_page(
        client, post(register_csv(row(1), row(2, office="9999")), partial=True)
    ).content.decode()
    assert "The valid rows were imported; 1 row with errors was not." in page
    assert list(
        Enterprise.objects.filter(customs_code__startswith="WEB").values_list("customs_code", flat=True)
    ) == ["WEB0000001"]


def test_a_file_of_another_type_is_refused_by_the_form(client, post, administrator):
    client.force_login(administrator)
    response = post(SimpleUploadedFile("register.txt", b"uscc\n"))
    assert response.context["form"].errors == {"file": ["Only .csv and .xlsx files can be imported."]}
    assert not Operation.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, post, administrator, monkeypatch):
    monkeypatch.setattr(import_forms, "MAX_UPLOAD_BYTES", 10)
    client.force_login(administrator)
    response = post(register_csv(row(1)))
    assert "import it with the import command instead" in response.context["form"].errors["file"][0]


def test_an_unreadable_file_is_a_form_error(client, post, administrator):
    client.force_login(administrator)
    upload = SimpleUploadedFile("register.csv", "uscc,name\n青海".encode("gbk"))
    response = post(upload)
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("The file is not UTF-8 text")
    assert "is-invalid" in response.content.decode()
    assert not Operation.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.xlsx", b"PK\x03\x04 not a workbook", "not a readable XLSX workbook"),
        ("register.csv", b"\xef\xbb\xbf", "The file is empty"),
    ],
)
def test_a_file_that_cannot_be_read_at_all_is_refused_before_it_is_stored(
    client, post, administrator, name, content, message
):
    client.force_login(administrator)
    response = post(SimpleUploadedFile(name, content))
    assert message in response.context["form"].errors["file"][0]
    assert not Operation.objects.exists()


def test_a_bad_row_further_down_is_reported_on_the_result_page(client, post, administrator, business_types):
    """Only the start of a file is read while the administrator waits: later trouble ends the operation."""
    client.force_login(administrator)
    body = (HEADER + row(1)).encode("utf-8") + b"x" * 20_000 + "\n青海".encode("gbk")
    page = result_page(client, post(SimpleUploadedFile("register.csv", body)))
    operation = page.context["operation"]
    assert operation.status == "failed"
    assert operation.error.startswith("The file is not UTF-8 text")
    assert "The operation failed" in page.content.decode()
    assert not Enterprise.objects.filter(customs_code__startswith="WEB").exists()

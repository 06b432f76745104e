"""An administrator uploads a register file in a real browser; a real Celery worker imports it while
the page's progress bar, updated by static/js/operation-progress.js, reaches 100 %; then the page
shows what the import did."""

import pytest
from django.db import connection, connections
from playwright.sync_api import expect

from enterprises.models import Enterprise
from tests.browser.conftest import screenshot, sign_in
from tests.factories.enterprises import valid_uscc

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 40


def register_csv():
    lines = ["uscc,customs_code,name,name_en,customs_office,business_types"]
    lines += [
        f"{valid_uscc(8_000_000 + n)},BRW{n:07d},浏览器导入公司{n},Browser Import Co. {n},9700,customs_broker"
        for n in range(ROWS)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_an_administrator_watches_an_import_reach_100_percent(
    page, request_worker, administrator, business_types
):
    if connection.vendor != "postgresql":
        pytest.skip("the import is held with a row lock of PostgreSQL; CI runs on PostgreSQL")
    administrator.preferred_language = "en"
    administrator.save()
    sign_in(page, administrator.username)
    page.goto("/enterprises/import/")
    page.select_option("select[name=kind]", "register")
    page.set_input_files(
        "input[name=file]", {"name": "register.csv", "mimeType": "text/csv", "buffer": register_csv()}
    )
    # Xining Customs' row held by another transaction: the worker reads every row, then waits to
    # write the enterprises, so the bar can be seen full while the import is still running.
    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT id FROM accounts_customsoffice WHERE code = '9700' FOR UPDATE")
        page.get_by_role("button", name="Import").click()
        page.wait_for_url("**/operations/*/")
        expect(page.locator("[data-operation-field=percent]")).to_have_text("100 %", timeout=60_000)
        assert page.locator("progress.operation-progress").evaluate("bar => bar.value") == 100
        assert (
            page.locator("[data-operation-field=progress_text]").inner_text()
            == f"{ROWS} of {ROWS}, finishing…"
        )
        assert page.locator("[data-operation-field=status_label]").inner_text() == "Running"
        screenshot(page, "import-progress")
    finally:
        holder.rollback()
        holder.close()
    # Finished: the script reloads the page, which shows the result.
    page.get_by_text("The file was imported.").wait_for(timeout=60_000)
    assert page.locator("progress.operation-progress").get_attribute("value") == "100"
    assert page.locator("[data-operation-field=status_label]").inner_text() == "Succeeded"
    assert "Result for register.csv" in page.content()
    screenshot(page, "import-result")
    assert Enterprise.objects.filter(customs_code__startswith="BRW").count() == ROWS

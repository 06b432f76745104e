"""Pages render under the Content-Security-Policy without the browser refusing anything they use."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_and_api_docs_render_without_policy_violations(page, officer, enterprise_a):
    refused = []  # Chromium reports each thing the policy blocked on the console

    def listen(message):
        if "Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", listen)

    page.goto("/api/docs/")
    # Swagger UI ran its set-up script and drew the schema's operations.
    page.wait_for_selector(".swagger-ui .opblock")
    title = page.locator(".swagger-ui .info .title").inner_text()
    assert title.startswith("Enterprise Credit Management API")

    page.goto("/public/")
    sign_in(page, officer.username)
    assert page.locator("h1").inner_text() == "工作台"
    page.goto(f"/enterprises/{enterprise_a.pk}/")
    # Bootstrap's script runs: the navigation's dropdown opens.
    page.click("nav .dropdown-toggle >> nth=0")
    page.wait_for_selector("nav .dropdown-menu.show")
    assert refused == []

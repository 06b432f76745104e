"""Security headers on every answer, and templates that a strict Content-Security-Policy can serve."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered for a mail client or WeasyPrint, never served to a browser under the policy.
NOT_SERVED = {"notifications/email.html", "includes/pdf_base.html"}
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response):
    directives = (part.strip().split(None, 1) for part in response["Content-Security-Policy"].split(";"))
    return dict(directives)


@pytest.mark.parametrize(
    ("path", "reader"),
    [
        ("/accounts/login/", None),
        ("/", "officer"),
        ("/public/", None),
        ("/api/docs/", None),
        ("/admin/login/", None),
        ("/api/v1/me/", "officer"),
    ],
)
def test_answers_carry_the_security_headers(client, officer, path, reader):
    if reader:
        client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 200
    assert _policy(response).items() >= POLICY.items()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_api_docs_load_their_script_as_a_file(client):
    page = client.get("/api/docs/").content.decode()
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page)
    assert script, "Swagger UI's set-up script is inline"
    response = client.get(script.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")


def test_templates_need_no_inline_script_or_style():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        name = template.relative_to(TEMPLATES).as_posix()
        if name in NOT_SERVED:
            continue
        text = template.read_text()
        found += [f"{name}: {kind}" for kind, pattern in INLINE.items() if pattern.search(text)]
    assert found == []

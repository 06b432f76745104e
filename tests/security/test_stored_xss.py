"""Text users type is shown as text on every page, never run as script (stored and reflected XSS).

Every web page of `query_budget.BUDGETS` is opened by its reader on one world of data, and every form
on it is submitted through the real views, forms and services with a script payload typed into each
free-text field (a field the form refuses is retried with the page's own value). Then every page, and
the admin's list and change pages of every object holding the payload, must show it escaped: no
script element running it, no element with an event handler.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode

from tests.security.pages import parse_page, signed_in_clients, web_pages
from tests.world import ADMINISTRATOR, ANONYMOUS

pytestmark = pytest.mark.django_db

PAYLOAD = """<script>alert(1)</script>"'><img src=x onerror=alert(1)>"""
# The domain apps: the project's own, at the top of its directory.
DOMAIN_APPS = tuple(
    f"{config.name}." for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR
)
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&gt;&lt;img src=x onerror=alert(1)&gt;"


class Inspector:
    """Reads pages and records any that would run the payload, and those that show it escaped."""

    def __init__(self):
        self.executable = {}
        self.escaped = set()
        self.checked = 0

    def html(self, url, response):
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            return None
        text = response.content.decode()
        page = parse_page(text)
        self.checked += 1
        if page.executable:
            self.executable[url] = page.executable
        if ESCAPED in text:
            self.escaped.add(url)
        return page


def _type_payload_everywhere(clients, pages, inspector):
    """Submit every form of every page once per reader; the free-text fields filled in."""
    skipped = {reverse("logout"), reverse("switch-language")}  # they would end the session or its language
    done, filled = set(), set()
    for reader, url, query in pages:
        client = clients[reader]
        page = inspector.html(url, client.get(url, query))
        for form in page.forms if page else ():
            action = form.action or (f"{url}?{urlencode(query)}" if query else url)
            if form.method != "post" or action in skipped or (reader, action, form.names) in done:
                continue
            done.add((reader, action, form.names))
            data = form.data(PAYLOAD)
            filled.update((action, name) for name, value in data.items() if value == PAYLOAD)
            answer = inspector.html(action, client.post(action, data, follow=True))
            # Refused: again, with the page's own values in the fields that refused the payload.
            refused = next((f for f in answer.forms if f.names == form.names), None) if answer else None
            invalid = {f.name for f in refused.fields if f.invalid} if refused else set()
            if invalid:
                inspector.html(action, client.post(action, form.data(PAYLOAD, keep=invalid), follow=True))
    return filled


def _stored():
    """(model, field) of every text column of the project that now holds the payload."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith(DOMAIN_APPS) or model.__name__.startswith("Historical"):
            continue
        texts = [
            c.name for c in model._meta.concrete_fields if isinstance(c, (models.CharField, models.TextField))
        ]
        for name in texts:
            if model._default_manager.filter(**{f"{name}__contains": "alert(1)"}).exists():
                found.append((model, name))
    return found


def _admin_pages(stored):
    """The admin's list of every model holding the payload, and the change page of one such object."""
    urls = []
    for model in {model for model, _column in stored} & set(admin.site._registry):
        meta = model._meta
        columns = [column for holder, column in stored if holder is model]
        holder = model._default_manager.filter(**{f"{columns[0]}__contains": "alert(1)"}).first()
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[holder.pk]))
    return urls


def test_typed_text_is_escaped_on_every_page(world):
    clients = signed_in_clients(world.readers)
    pages = [*web_pages(world), (ANONYMOUS, reverse("public-lookup"), {"q": "script"})]
    inspector = Inspector()
    filled = _type_payload_everywhere(clients, pages, inspector)
    stored = _stored()
    for reader, url, query in pages:
        inspector.html(url, clients[reader].get(url, query))
    admin_client = clients[ADMINISTRATOR]
    for url in _admin_pages(stored):
        inspector.html(url, admin_client.get(url))

    print("FILLED", len(filled), sorted(filled))
    print("STORED", len(stored), sorted((m.__name__, c) for m, c in stored))
    print("ESCAPED", len(inspector.escaped), "CHECKED", inspector.checked)
    assert inspector.executable == {}, "pages that would run a user's text as script"
    # The walk reached the forms and the pages: 83 fields, 45 columns and 88 pages when written.
    assert len(filled) >= 70, "free-text fields of the forms that were filled in"
    assert len(stored) >= 40, "text columns that kept the payload"
    assert len(inspector.escaped) >= 70, "pages that show the payload (escaped)"


def test_the_check_sees_the_payload_when_it_is_not_escaped():
    running = ["<script>alert(1)</script>", "<img onerror>"]
    assert parse_page(f"<p>{PAYLOAD}</p>").executable == running
    assert parse_page(f'<input value="{PAYLOAD}">').executable == running[1:]  # out of the attribute
    assert parse_page(f'<p title="{escape(PAYLOAD)}">{escape(PAYLOAD)}</p>').executable == []

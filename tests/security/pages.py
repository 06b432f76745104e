"""The web pages of the world with their readers, the forms on a page filled in as a user would, and
what a page would let a browser execute."""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.operations.query_budget import BUDGETS, url_patterns
from tests.world import (
    ADMINISTRATOR,
    ANONYMOUS,
    APPLICANT,
    COORDINATOR,
    CULTIVATED,
    DISHONEST,
    ENTERPRISE,
    OFFICER,
)

READERS = [ANONYMOUS, APPLICANT, ENTERPRISE, DISHONEST, CULTIVATED, COORDINATOR, OFFICER, ADMINISTRATOR]
TEXT_INPUTS = {"text", "search", "tel", ""}
PLAIN = "A1"  # for a field that refuses the text typed


@dataclass
class Field:
    name: str
    kind: str  # an input's type, or "textarea" / "select"
    value: str = ""
    checked: bool = False
    invalid: bool = False
    options: list = field(default_factory=list)  # (value, selected) of a select
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: list = field(default_factory=list)
    buttons: list = field(default_factory=list)  # (name, value) of named submit buttons

    @property
    def names(self):
        return tuple(sorted({f.name for f in self.fields}))

    def data(self, text, *, keep=()):
        """What a browser submits with `text` typed into every free-text field but those in `keep`.

        Choices take the selected or first option, checkboxes are ticked, dates are today and files a
        small PDF; `keep` fields keep what the page filled in, or a plain code where it filled in none.
        """
        data = {}
        for f in self.fields:
            if f.kind == "password":
                value = f.value
            elif f.kind in ("textarea", *TEXT_INPUTS):
                value = (f.value or PLAIN) if f.name in keep else text
            elif f.kind == "email":
                value = f.value or "xss@example.cn"
            elif f.kind == "number":
                value = f.value or "1"
            elif f.kind == "date":
                # A refused date is taken to need to be in the future (deadlines, due dates).
                ahead = datetime.timedelta(days=30 if f.name in keep else 0)
                value = (
                    f.value if f.value and f.name not in keep else (datetime.date.today() + ahead).isoformat()
                )
            elif f.kind == "datetime-local":
                value = f.value or datetime.datetime.now().strftime("%Y-%m-%dT%H:%M")
            elif f.kind == "select":
                chosen = [v for v, selected in f.options if v and selected] or [v for v, _ in f.options if v][
                    :1
                ]
                value = chosen if f.multiple else (chosen or [""])[0]
            elif f.kind == "radio":
                if not f.value or (f.name in data and not f.checked):
                    continue
                value = f.value
            elif f.kind == "checkbox":
                if f.name in data and not f.checked:
                    continue
                value = f.value or "on"
            elif f.kind == "file":
                value = SimpleUploadedFile(
                    "evidence.pdf", b"%PDF-1.4 evidence", content_type="application/pdf"
                )
            else:  # hidden and the rest keep their value
                value = f.value
            if f.kind == "checkbox" and f.name in data:
                previous = data[f.name] if isinstance(data[f.name], list) else [data[f.name]]
                value = [*previous, value]
            data[f.name] = value
        if self.buttons:
            name, value = self.buttons[0]
            data[name] = value
        return data


class PageParser(HTMLParser):
    """Collects a page's forms, and any element that would run script: a script element whose code is
    `marker`, or an element with an event handler attribute (the templates have none of their own)."""

    def __init__(self, marker):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.forms = []
        self.executable = []
        self._form = None
        self._select = None
        self._textarea = None
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        handlers = [name for name, _ in attrs if name.startswith("on")]
        if handlers:
            self.executable.append(f"<{tag} {' '.join(handlers)}>")
        self._in_script = tag == "script"
        if tag == "form":
            self._form = Form(
                method=(attributes.get("method") or "get").lower(), action=attributes.get("action")
            )
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attributes.get("name")
        classes = (attributes.get("class") or "").split()
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind == "submit":
                self._form.buttons.append((name, attributes.get("value") or ""))
                return
            self._form.fields.append(
                Field(
                    name,
                    kind,
                    value=attributes.get("value") or "",
                    checked="checked" in attributes,
                    invalid="is-invalid" in classes,
                )
            )
        elif tag == "button" and name and (attributes.get("type") or "submit") == "submit":
            self._form.buttons.append((name, attributes.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea", invalid="is-invalid" in classes)
            self._form.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(
                name, "select", invalid="is-invalid" in classes, multiple="multiple" in attributes
            )
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append((attributes.get("value", ""), "selected" in attributes))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self.marker in data:
            self.executable.append(f"<script>{data}</script>")
        if self._textarea is not None:
            self._textarea.value += data


def parse_page(html, marker="alert(1)"):
    parser = PageParser(marker)
    parser.feed(html)
    parser.close()
    return parser


def web_pages(world):
    """(reader, URL, query) of every web page with a query budget, that is of every page of the site.

    Enterprises' users go first and detail pages last, so that what enterprises submit is there before
    customs decides, and the actions that end a workflow come after the pages that feed it.
    """
    routes = {name: route for name, (route, _arguments) in url_patterns().items()}
    budgets = [budget for budget in BUDGETS if not routes[budget.name].startswith("api/")]
    budgets.sort(key=lambda budget: (READERS.index(budget.reader), budget.name.endswith("-detail")))
    return [(budget.reader, budget.url(world), budget.query(world)) for budget in budgets]


def signed_in_clients(readers, **defaults):
    """A browser session per reader, signed in (English pages)."""
    clients = {}
    for reader, user in readers.items():
        clients[reader] = Client(HTTP_ACCEPT_LANGUAGE="en", **defaults)
        if user is not None:
            clients[reader].force_login(user)
    return clients

"""Who may do what to whose object: every URL of the project x every role -> the status each gets.

`MATRIX` is read from permission_matrix.txt, the table a reviewer reads. A row names a URL, the
object of the test world it is called on (see `PermissionWorld`) and, per role, the statuses of GET
and POST (and of PUT, PATCH and DELETE on API detail endpoints), separated by "/". An enterprise
user, an officer of another directly-under customs or a coordinator not assigned to the enterprise
gets 404 for an object outside their visibility, exactly as for an object that does not exist; a
role that may never use a page gets 403 whatever the object; an anonymous visitor is sent to sign in
(web) or gets 401 (API).

`test_permission_matrix` fails for a URL that is in neither `MATRIX` nor `PUBLIC`/`PLUMBING`, so a
new endpoint comes with its row.
"""

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.tokens import token_issue
from certification.models import Evidence
from cultivation.models import Milestone
from enterprises.models import Arrear, CorrectionRequest
from notifications.models import Notification
from tests.factories.coordination import CoordinatorProfileFactory
from tests.factories.enterprises import CoordinatorAssignmentFactory
from tests.world import CreditWorld

ROLES = (
    "anonymous",
    "enterprise A",  # user of enterprise A (AEO, under Xihai Customs)
    "enterprise B",  # user of enterprise B (under Xining Customs)
    "officer",  # Xining Customs: the directly-under customs of every enterprise of the world
    "officer elsewhere",  # Shanghai Customs
    "coordinator",  # assigned to enterprise A
    "other coordinator",  # of Xining Customs, assigned to enterprise B only
    "administrator",
)

# Answer anyone: public verification and disclosure, sign-in, the language switch.
PUBLIC = {
    "public-lookup",
    "public-certificate-lookup",
    "certificate-verify",
    "public-certificate",
    "api-public-enterprises",
    "api-public-certificate",
    "credit-status-verify",
    "public-objection-create",
    "public-partners",
    "api-partner-signing-key",
}

# URLs of no object and no domain data, with the reason they are left out.
PLUMBING = {
    "healthz": "health check for the load balancer",
    "metrics": "Prometheus scrape: by address or token, not by role (tests/operations/test_metrics.py)",
    "login": "sign-in form (Django's LoginView)",
    "logout": "sign-out (Django's LogoutView)",
    "switch-language": "sets the language cookie for anyone",
    "api-token": "exchanges a password for a token: anyone may try (tests/accounts/test_api_auth.py)",
    "api-partner-verification": "partner customs clients by their key, not by role "
    "(tests/certification/test_partner_verification.py)",
    "api-schema": "the OpenAPI schema",
    "api-docs": "the Swagger UI shell",
    "^api/": "catch-all 404 for unknown API paths",
}

# The enterprise owning each object a row is called on ("-": a row of no object).
OWNERS = {
    **dict.fromkeys(
        ("enterprise_a", "proposal", "attachment", "statement", "certificate", "case", "case_attachment"), "A"
    ),
    **dict.fromkeys(("arrear", "correction", "notification", "case_filing"), "A"),
    **dict.fromkeys(("draft", "draft_evidence"), "B"),
    **dict.fromkeys(("audited", "audit_evidence"), "C"),
    **dict.fromkeys(("enterprise_d", "repair", "objection"), "D"),
    **dict.fromkeys(("determination", "public_objection", "objection_attachment"), "D"),
    **dict.fromkeys(("plan", "milestone", "mock_review", "gap", "session"), "E"),
    "credit_status": "A",
    "foreign_aeo": "A",
    "candidate": "F",
    "operation": None,  # the officer's own: everyone else, an administrator too, is told it does not exist
    "-": None,
}

# URL arguments beyond the object's primary key.
ARGUMENTS = {
    "application-item": lambda world: {"pk": world.draft.pk, "item_pk": world.draft_item.pk},
    "financial-year-remove": lambda world: {"pk": world.draft.pk, "year": 2025},
    "application-act": lambda world: {"pk": world.audited.pk, "action": "extend"},
    "certificate-act": lambda world: {"pk": world.certificate.pk, "action": "suspend"},
    "foreign-aeo-create": lambda world: {"enterprise_pk": world.enterprise_a.pk},
    "api-certificate-act": lambda world: {"pk": world.certificate.pk, "name": "suspend"},
    "public-objection-receipt": lambda world: {"reference": world.public_objection.reference},
    "api-application-evidence": lambda world: {
        "pk": world.audited.pk,
        "evidence_id": world.audit_evidence.pk,
    },
}

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)

MATRIX_TABLE = Path(__file__).with_name("permission_matrix.txt")


@dataclass(frozen=True)
class Row:
    name: str
    target: str  # attribute of the world holding the object, or "-"
    statuses: dict  # role -> (GET, POST[, PUT, PATCH, DELETE])

    def arguments(self, world):
        if self.name in ARGUMENTS:
            return ARGUMENTS[self.name](world)
        return {} if self.target == "-" else {"pk": getattr(world, self.target).pk}


def _rows(table):
    rows = {}
    for line in table.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, target, *cells = line.split()
        assert len(cells) == len(ROLES), f"{name}: one cell per role"
        assert name not in rows, f"{name} is listed twice"
        statuses = {
            role: tuple(int(status) for status in cell.split("/"))
            for role, cell in zip(ROLES, cells, strict=True)
        }
        rows[name] = Row(name, target, statuses)
    return rows


MATRIX = _rows(MATRIX_TABLE)


class PermissionWorld(CreditWorld):
    """The query-budget world, plus one object of each kind an action URL names and a second
    coordinator, of the same customs, assigned to enterprise B only."""

    def __post_init__(self):
        super().__post_init__()
        self.arrear = Arrear.objects.filter(enterprise=self.enterprise_a).first()
        self.correction = CorrectionRequest.objects.filter(enterprise=self.enterprise_a).first()
        self.draft_evidence = Evidence.objects.filter(application_item__application=self.draft).first()
        self.milestone = Milestone.objects.filter(plan=self.plan).first()
        self.notification = Notification.objects.filter(recipient=self.enterprise_user).first()
        self.other_coordinator = CoordinatorAssignmentFactory(
            enterprise=self.enterprise_b, coordinator__office=self.offices["9700"]
        ).coordinator
        CoordinatorProfileFactory(user=self.other_coordinator, office=self.offices["9700"])

    def users(self, officer_elsewhere):
        return dict(
            zip(
                ROLES,
                (
                    None,
                    self.enterprise_user,
                    self.applicant,
                    self.officer,
                    officer_elsewhere,
                    self.coordinator,
                    self.other_coordinator,
                    self.administrator,
                ),
                strict=True,
            )
        )


def clients_for(users, api):
    """One client per role, signed in as a browser (session) or an integrator (token) would be."""
    clients = {}
    for role, user in users.items():
        # A client address per role: the public rate limit and the sign-in lockout count by address.
        client = (APIClient if api else Client)(REMOTE_ADDR=f"2001:db8::{uuid.uuid4().hex[:4]}")
        if user is not None and api:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user)}")
        elif user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def exchange(client, method, url, data):
    """(response, write statements) of one request, rolled back whatever it did."""
    connection.queries_log.clear()  # the log keeps 9,000 queries: a full one would capture nothing
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data)
        if response.streaming:
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    writes = [q["sql"] for q in captured if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]
    return response, writes


def send(client, method, url, params):
    """(status, write statements) of one request with `params` as its query (GET) or an empty body."""
    response, writes = exchange(client, method, url, params if method == "get" else {})
    return response.status_code, writes

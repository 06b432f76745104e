"""The query budget of every GET page and API endpoint, and the data that exercises each one.

`BUDGETS` names, for every URL of the project, who reads it, how to reach it from the objects of
`tests.world.CreditWorld`, and the most queries it may cost. `EXCLUDED` gives the reason for every URL left
out. `test_query_counts` fails when a URL is in neither, so a new endpoint comes with its budget.
"""

from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, reverse

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


@dataclass(frozen=True)
class Budget:
    """Who reads `name`, how to reach it from the world, and the most queries it may cost."""

    name: str
    reader: str
    max_queries: int
    kwargs: object = None  # world -> URL arguments
    params: object = None  # the query string: a dict, or world -> dict
    label: str = ""

    @property
    def key(self):
        return f"{self.name} [{self.reader}{', ' + self.label if self.label else ''}]"

    def url(self, world):
        return reverse(self.name, kwargs=self.kwargs(world) if self.kwargs else None)

    def query(self, world):
        return self.params(world) if callable(self.params) else self.params or {}


def _pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).pk}


# Each budget is what the page cost when it was pinned: fewer is welcome, more needs a reason.
BUDGETS = [
    # Home pages, one per role.
    # The officers' dashboard: grades by office, the certification pipeline and stage times, what is due.
    # +6 each: "My work" reads applications, proposals, repairs, objections, cases and gaps once each.
    Budget("home", OFFICER, 24),
    Budget("home", ADMINISTRATOR, 25),
    Budget("home", COORDINATOR, 10),
    # An enterprise's "What to do next" adds its cases (to rate, being served) and open objections.
    Budget("home", ENTERPRISE, 18),
    Budget("home", CULTIVATED, 20),
    # Six sources, one query each, capped per source (portal/my_work.py).
    Budget("my-work", OFFICER, 10),
    Budget("my-work", COORDINATOR, 6),
    Budget("password_change", OFFICER, 4),
    Budget("password_change_done", OFFICER, 4),
    # The register and credit records.
    Budget("enterprise-list", OFFICER, 9),
    Budget("enterprise-list", COORDINATOR, 8),
    Budget("enterprise-create", OFFICER, 6),
    Budget("enterprise-import", ADMINISTRATOR, 4),
    # +1 each: the credit status certificates with their validity; +1 for officers: the case filings;
    # +1 each: the foreign AEO trading partners with their economy.
    Budget("enterprise-detail", OFFICER, 28, _pk("enterprise_a")),
    Budget("enterprise-detail", DISHONEST, 26, _pk("enterprise_d")),
    Budget("enterprise-update", OFFICER, 8, _pk("enterprise_a")),
    Budget("credit-status-request", ENTERPRISE, 6, _pk("enterprise_a")),
    Budget("enterprise-credit-report", OFFICER, 9, _pk("enterprise_a")),
    Budget("case-filing-create", OFFICER, 6, _pk("enterprise_a")),
    Budget("case-filing-close", OFFICER, 6, _pk("case_filing")),
    Budget("case-filing-suspend", OFFICER, 6, _pk("case_filing")),
    Budget("coordinator-set", OFFICER, 8, _pk("enterprise_a")),
    Budget("penalty-create", OFFICER, 5, _pk("enterprise_a")),
    Budget("arrear-create", OFFICER, 5, _pk("enterprise_a")),
    Budget("document-count-set", OFFICER, 5, _pk("enterprise_a")),
    Budget("event-create", OFFICER, 5, _pk("enterprise_a")),
    Budget("correction-create", ENTERPRISE, 5, _pk("enterprise_a")),
    # Dishonest determination, repair and objections.
    Budget("proposal-list", OFFICER, 8),
    Budget("proposal-detail", OFFICER, 11, _pk("proposal")),
    # The enterprise's user: one read of whether it declared it has nothing more to state.
    Budget("proposal-detail", ENTERPRISE, 8, _pk("proposal")),
    # The notice is signed and numbered by the directly-under customs above Xihai: one read of it.
    Budget("proposal-notice-pdf", OFFICER, 5, _pk("proposal")),
    Budget("proposal-create", OFFICER, 7, _pk("enterprise_a")),
    Budget("statement-attachment", OFFICER, 4, _pk("attachment")),
    # Receipts: the filing with what it names, its attachments and the issuing customs.
    Budget("statement-receipt", ENTERPRISE, 6, _pk("statement")),
    Budget("repair-receipt", OFFICER, 4, _pk("repair")),
    Budget("objection-receipt", OFFICER, 5, _pk("objection")),
    Budget("case-receipt", ENTERPRISE, 6, _pk("case")),
    Budget("case-list", OFFICER, 6, label="repairs"),
    Budget("case-list", OFFICER, 6, params={"tab": "objections"}, label="objections"),
    Budget("repair-apply", DISHONEST, 7, _pk("enterprise_d")),
    Budget("repair-detail", OFFICER, 7, _pk("repair")),
    Budget(
        "objection-create",
        DISHONEST,
        8,
        _pk("enterprise_d"),
        lambda world: {"penalty": world.published_penalty.pk},
    ),
    # The objection and its evidence.
    Budget("objection-detail", OFFICER, 6, _pk("objection")),
    Budget("objection-detail", OFFICER, 6, _pk("public_objection"), label="from the public"),
    Budget("objection-attachment", OFFICER, 4, _pk("objection_attachment")),
    Budget("proposal-decision-pdf", OFFICER, 6, _pk("determination")),
    # Certification.
    Budget("application-list", OFFICER, 7),
    Budget("application-list", APPLICANT, 7),
    Budget("application-create", CULTIVATED, 12),  # a regular enterprise (A holds the highest grade)
    Budget("application-detail", OFFICER, 28, _pk("audited")),
    Budget("application-detail", APPLICANT, 13, _pk("draft")),
    Budget("application-scope", APPLICANT, 10, _pk("draft")),
    Budget("application-finance", APPLICANT, 9, _pk("draft")),
    Budget(
        "application-item",
        APPLICANT,
        10,
        lambda world: {"pk": world.draft.pk, "item_pk": world.draft_item.pk},
    ),
    Budget(
        "application-item",
        OFFICER,
        10,
        lambda world: {"pk": world.audited.pk, "item_pk": world.audited_item.pk},
    ),
    Budget("application-submit", APPLICANT, 12, _pk("draft")),
    Budget("application-receipt", OFFICER, 6, _pk("audited")),
    Budget("application-audit-report", OFFICER, 9, _pk("audited")),
    Budget("application-team", OFFICER, 9, _pk("audited")),
    Budget("application-audit", OFFICER, 6, _pk("audited")),
    # Every item with its self-assessment and the documents the officer may open, in one query.
    Budget("application-findings", OFFICER, 9, _pk("audited")),
    Budget("application-rectification", OFFICER, 7, _pk("audited")),
    Budget("application-decide", OFFICER, 8, _pk("audited")),
    Budget("application-act", OFFICER, 6, lambda world: {"pk": world.audited.pk, "action": "extend"}),
    Budget("evidence-download", OFFICER, 4, _pk("audit_evidence")),
    Budget("certificate-list", OFFICER, 6),
    Budget("foreign-aeo-list", OFFICER, 6),
    Budget("foreign-aeo-list", ENTERPRISE, 6),
    Budget("foreign-aeo-create", OFFICER, 6, lambda world: {"enterprise_pk": world.enterprise_a.pk}),
    Budget("certificate-detail", OFFICER, 14, _pk("certificate")),
    Budget("certificate-detail", ENTERPRISE, 8, _pk("certificate")),
    # +1: the directly-under customs the certificate is issued in the name of.
    Budget("certificate-pdf", OFFICER, 8, _pk("certificate")),
    Budget("certificate-act", OFFICER, 6, lambda world: {"pk": world.certificate.pk, "action": "suspend"}),
    Budget("public-certificate-lookup", ANONYMOUS, 0),
    Budget("certificate-verify", ANONYMOUS, 1, params=lambda world: {"t": world.qr_token}),
    Budget("public-certificate", ANONYMOUS, 1, lambda world: {"number": world.certificate.number}),
    Budget(
        "public-certificate",
        ANONYMOUS,
        1,
        lambda world: {"number": world.certificate.aeo_code},
        label="AEO code",
    ),
    Budget("public-partners", ANONYMOUS, 1),
    Budget("credit-status-pdf", OFFICER, 4, _pk("credit_status")),
    # The certificate with its validity (a subquery of the ledger): one query, no cache.
    Budget("credit-status-verify", ANONYMOUS, 1, params=lambda world: {"t": world.credit_status_token}),
    # Coordination.
    Budget("case-queue", COORDINATOR, 7),
    Budget("case-queue", OFFICER, 7),
    Budget("case-create", ENTERPRISE, 5),
    Budget("case-detail", COORDINATOR, 10, _pk("case")),
    Budget("case-detail", ENTERPRISE, 9, _pk("case")),
    Budget("case-attachment", COORDINATOR, 3, _pk("case_attachment")),
    Budget("coordinator-workload", OFFICER, 5),
    # Cultivation.
    Budget("plan-list", OFFICER, 14),
    Budget("candidate-list", OFFICER, 7),
    Budget("candidate-select", OFFICER, 8, params={"min_declarations": "0"}),
    Budget("candidate-detail", OFFICER, 9, _pk("candidate")),
    Budget("plan-create", OFFICER, 10, params=lambda world: {"candidate": world.candidate.pk}),
    Budget("plan-detail", OFFICER, 13, _pk("plan")),
    Budget("plan-detail", CULTIVATED, 12, _pk("plan")),
    Budget("mock-review-create", OFFICER, 10, _pk("plan")),
    Budget("mock-review-detail", OFFICER, 6, _pk("mock_review")),
    Budget("gap-detail", OFFICER, 7, _pk("gap")),
    Budget("gap-detail", CULTIVATED, 6, _pk("gap")),
    Budget("session-create", OFFICER, 7, params=lambda world: {"plan": world.plan.pk}),
    # Public pages and the inbox.
    Budget("public-lookup", ANONYMOUS, 6, params={"q": "测试进出口"}),
    Budget("public-objection-create", ANONYMOUS, 7, lambda world: {"uscc": world.enterprise_d.uscc}),
    Budget("inbox", OFFICER, 7),
    # Background operations: the requester's own (an export of the officer's).
    Budget("operation-list", OFFICER, 6),
    Budget("operation-detail", OFFICER, 5, _pk("operation")),
    Budget("operation-status", OFFICER, 3, _pk("operation")),
    Budget("operation-download", OFFICER, 3, _pk("operation")),
    Budget("two-factor-status", OFFICER, 5),
    # API: accounts and the register.
    Budget("api-me", OFFICER, 3),
    Budget("api-offices", OFFICER, 3),
    Budget("api-public-enterprises", ANONYMOUS, 6, params={"q": "测试进出口"}),
    Budget("api-enterprise-list", OFFICER, 5),
    Budget("api-enterprise-detail", OFFICER, 4, _pk("enterprise_a")),
    Budget("api-enterprise-arrears", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-enterprise-case-filings", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-enterprise-corrections", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-enterprise-credit-history", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-enterprise-credit-status-certificates", OFFICER, 3, _pk("enterprise_a")),
    Budget("api-enterprise-document-counts", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-enterprise-events", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-enterprise-measures", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-enterprise-penalties", OFFICER, 6, _pk("enterprise_a")),
    Budget("api-proposal-list", OFFICER, 4),
    Budget("api-proposal-detail", OFFICER, 8, _pk("proposal")),
    Budget("api-proposal-detail", ENTERPRISE, 6, _pk("proposal")),  # + nothing more to state?
    Budget("api-repair-application-list", OFFICER, 4),
    Budget("api-repair-application-detail", OFFICER, 3, _pk("repair")),
    Budget("api-objection-list", OFFICER, 4),
    Budget("api-objection-detail", OFFICER, 3, _pk("objection")),
    # API: certification.
    # One query when Redis does not hold the answer (no REDIS_URL, or the first verification).
    Budget("api-public-certificate", ANONYMOUS, 1, lambda world: {"number": world.certificate.number}),
    Budget(
        "api-public-certificate",
        ANONYMOUS,
        1,
        lambda world: {"number": world.certificate.aeo_code},
        label="AEO code",
    ),
    Budget("api-partner-signing-key", ANONYMOUS, 0),
    Budget("api-application-list", OFFICER, 5),
    Budget("api-application-detail", OFFICER, 24, _pk("audited")),
    Budget("api-application-detail", APPLICANT, 9, _pk("draft")),
    Budget(
        "api-application-evidence",
        OFFICER,
        5,
        lambda world: {"pk": world.audited.pk, "evidence_id": world.audit_evidence.pk},
    ),
    Budget("api-certificate-list", OFFICER, 4),
    Budget("api-certificate-detail", OFFICER, 3, _pk("certificate")),
    Budget("api-foreign-aeo-list", OFFICER, 4),
    Budget("api-foreign-aeo-detail", OFFICER, 3, _pk("foreign_aeo")),
    Budget("api-credit-status-certificate-pdf", OFFICER, 2, _pk("credit_status")),
    # API: coordination and cultivation.
    Budget("api-case-list", COORDINATOR, 6),
    Budget("api-case-detail", COORDINATOR, 5, _pk("case")),
    Budget("api-plan-list", OFFICER, 8),
    Budget("api-plan-detail", OFFICER, 7, _pk("plan")),
    Budget("api-plan-gaps", OFFICER, 8, _pk("plan")),
    Budget("api-candidate-list", OFFICER, 4),
    Budget("api-candidate-detail", OFFICER, 3, _pk("candidate")),
    Budget("api-gap-detail", OFFICER, 3, _pk("gap")),
    Budget("api-session-list", OFFICER, 5),
    Budget("api-session-detail", OFFICER, 4, _pk("session")),
]

ACTION = "action, no GET"

# URL names (or routes, for unnamed patterns) without a budget, each with the reason.
EXCLUDED = {
    # Plumbing: no page of the product, or a page that reads no domain data.
    "healthz": "health check for the load balancer: its queries are the check itself",
    "metrics": "Prometheus scrape for allowed addresses or the token: reads counters and Redis, no database",
    "login": "sign-in plumbing (Django's LoginView)",
    "two-factor-verify": "sign-in plumbing: the second step, reads only the user's own device",
    "two-factor-enrol": "sign-in plumbing: setting up the second step, reads only the user's own device",
    "two-factor-recovery-codes": "sign-in plumbing: the user's own recovery codes, shown once or made anew",
    "logout": "sign-out plumbing (Django's LogoutView, POST only)",
    "api-schema": "OpenAPI schema generated from the code, reads no data",
    "api-docs": "Swagger UI shell, reads no data",
    "^api/": "catch-all 404 for unknown API paths",
    "api-partner-verification": "POST only, by partner clients: "
    "tests/certification/test_partner_verification.py pins its queries for a full batch",
    # Read only in the browser session that filed the objection
    # (tests/enterprises/test_public_objection_pages.py pins its queries there).
    "public-objection-receipt": "a receipt only the session that filed the objection reads",
    # Actions: they answer 405 to GET (test_actions_answer_405_to_get checks each one).
    "switch-language": ACTION,
    "arrear-paid": ACTION,
    "foreign-aeo-remove": ACTION,
    "correction-answer": ACTION,
    "evidence-delete": ACTION,
    "milestone-complete": ACTION,
    "milestone-move": ACTION,
    "notification-read": ACTION,
    "notifications-read-all": ACTION,
    "api-token": ACTION,
    "api-proposal-decide": ACTION,
    "api-proposal-drop": ACTION,
    "api-proposal-notify": ACTION,
    "api-proposal-statements": ACTION,
    "api-repair-application-decide": ACTION,
    "api-objection-answer": ACTION,
    "api-application-accept": ACTION,
    "api-application-answer": ACTION,
    "api-application-assess": ACTION,
    "api-application-financial-years": ACTION,
    "api-application-financial-years-remove": ACTION,
    "financial-year-remove": ACTION,
    "api-application-audit": ACTION,
    "api-application-close-rectification": ACTION,
    "api-application-audit-held": ACTION,
    "application-audit-held": ACTION,
    "api-application-decide": ACTION,
    "api-application-extend": ACTION,
    "api-application-finding": ACTION,
    "api-application-pause": ACTION,
    "api-application-rectification": ACTION,
    "api-application-resume": ACTION,
    "api-application-return": ACTION,
    "api-application-review": ACTION,
    "api-application-submit": ACTION,
    "api-application-team": ACTION,
    "api-application-terminate": ACTION,
    "api-application-withdraw": ACTION,
    "api-certificate-act": ACTION,
    "case-quick-log": ACTION,
    "api-case-close": ACTION,
    "api-case-log": ACTION,
    "api-case-rate": ACTION,
    "api-plan-exit": ACTION,
    "api-plan-milestones": ACTION,
    "api-plan-mock-reviews": ACTION,
    "api-plan-recommend": ACTION,
    "api-candidate-accept": ACTION,
    "api-candidate-dismiss": ACTION,
    "api-milestone-complete": ACTION,
    "api-milestone-move": ACTION,
}

# URL arguments of an action probed for its answer to GET; any other argument is "1".
PROBE_ARGUMENTS = {"name": "suspend"}


def url_patterns():
    """{name: (route, argument names)} of every URL outside the admin; unnamed ones by route."""
    found = {}

    def walk(patterns, prefix, namespace, arguments):
        for pattern in patterns:
            groups = (*arguments, *pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = ":".join(filter(None, (namespace, pattern.namespace))) or None
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, groups)
                continue
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found[name or route] = (route, groups)

    walk(get_resolver().url_patterns, "", None, ())
    return found

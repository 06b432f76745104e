"""The query budget of every GET page and API endpoint, and the data that exercises each one.

`BUDGETS` names, for every URL of the project, who reads it, how to reach it from the objects of
`CreditWorld`, and the most queries it may cost. `EXCLUDED` gives the reason for every URL left
out. `test_query_counts` fails when a URL is in neither, so a new endpoint comes with its budget.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import CustomsOffice, Role
from background.models import Operation
from certification import applications, credit_status, review
from certification.certificates import certificate_take_over, qr_token
from certification.foreign_aeos import foreign_aeo_record
from certification.models import (
    Application,
    ApplicationItem,
    AuditVisit,
    Certificate,
    Evidence,
    ForeignAeo,
    MutualRecognitionPartner,
    Result,
    StandardItem,
    TeamMember,
    Transition,
)
from coordination import cases
from coordination.models import Case, CaseAttachment, CoordinatorProfile, ServiceLogEntry
from cultivation import mock, plans, pool, sessions
from cultivation.models import (
    Candidate,
    CultivationPlan,
    Gap,
    GuidanceSession,
    Milestone,
    MockFinding,
    MockReview,
)
from enterprises.credit_status import credit_status_certificate_issue
from enterprises.determination import proposal_notify
from enterprises.ledger import ledger_record
from enterprises.models import (
    CorrectionRequest,
    DishonestProposal,
    DishonestStatement,
    LedgerEntry,
    Objection,
    ObjectionAttachment,
    RepairApplication,
    StatementAttachment,
)
from enterprises.objections import objection_file_public
from rulebooks.selectors import rulebook_in_force
from tests.factories.accounts import UserFactory
from tests.factories.enterprises import (
    GRADE_TAKEN_OVER_ON,
    ArrearFactory,
    CaseFilingFactory,
    CoordinatorAssignmentFactory,
    CorrectionRequestFactory,
    DishonestProposalFactory,
    DocumentCountFactory,
    EnterpriseEventFactory,
    EnterpriseFactory,
    EnterpriseMembershipFactory,
    ObjectionFactory,
    PenaltyFactory,
    RepairApplicationFactory,
    determined_proposal,
)
from tests.factories.notifications import NotificationFactory


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


OFFICER, ADMINISTRATOR, COORDINATOR, ANONYMOUS = "officer", "administrator", "coordinator", "anonymous"
ENTERPRISE = "enterprise user"  # of enterprise A: AEO certificate, case, notified proposal
APPLICANT = "applicant"  # enterprise user of B, whose application is a draft
DISHONEST = "dishonest enterprise user"
CULTIVATED = "cultivated enterprise user"

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
    # Six sources, one query each, capped per source (credit_mgmt/my_work.py).
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
    # Read only in the browser session that filed the objection (tests/web/test_public_objection_pages.py
    # pins its queries there).
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


def _pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


@dataclass
class CreditWorld:
    """One of everything a page can show, built once: enterprises in every state of every workflow.

    `add_list_rows(n)` adds `n` enterprises of the officer's jurisdiction that appear on every list
    (proposals, applications, certificates, cases, plans, pool, inbox, public lookup...);
    `add_related_rows(n)` adds `n` rows of every kind a detail page shows to each detail object.
    """

    offices: dict
    business_types: dict
    officer: object
    second_officer: object
    administrator: object
    coordinator: object
    enterprise_a: object
    enterprise_user: object
    enterprise_b: object
    applicant: object
    readers: dict = field(default_factory=dict)
    fillers: int = 0

    def __post_init__(self):
        self.today = timezone.localdate()
        self.rulebook = rulebook_in_force()
        self.readers = {
            OFFICER: self.officer,
            ADMINISTRATOR: self.administrator,
            COORDINATOR: self.coordinator,
            ENTERPRISE: self.enterprise_user,
            APPLICANT: self.applicant,
            ANONYMOUS: None,
        }
        CoordinatorProfile.objects.create(user=self.coordinator, office=self.offices["9700"])
        self._credit_subject()
        self._draft()
        self._under_audit()
        self._dishonest()
        self._cultivation()
        self._operation()

    # --- detail objects ------------------------------------------------------------------------

    def _credit_subject(self):
        """Enterprise A: AEO with a certificate, credit records, a notified proposal and a case."""
        a, user = self.enterprise_a, self.enterprise_user
        self._credit_records(a, 1)
        self.case_filing = a.case_filings.get()
        self.proposal = DishonestProposalFactory(enterprise=a, grounds="Smuggling case XN-17.")
        proposal_notify(actor=self.officer, proposal=self.proposal)
        self._statements(1)
        self.attachment = StatementAttachment.objects.order_by("id").first()
        self.statement = self.attachment.statement
        self.certificate = certificate_take_over(
            actor=self.officer, enterprise=a, issued_on=GRADE_TAKEN_OVER_ON
        )
        self.foreign_aeo = self._foreign_aeo(a)
        # Verifications are cached in Redis by number, across test databases: a number of its own.
        Certificate.objects.filter(pk=self.certificate.pk).update(number=f"CN-AEO-{uuid.uuid4().hex[:12]}")
        self.certificate.refresh_from_db()
        self.qr_token = qr_token(self.certificate)
        self._credit_status_certificates(1)
        self.credit_status = a.credit_status_certificates.order_by("id").first()
        self.credit_status_token = credit_status.qr_token(self.credit_status)
        self._re_reviews(1)
        self.case = cases.case_open(
            actor=user,
            enterprise=a,
            category=Case.Category.POLICY_CONSULTATION,
            subject="Export licence question",
            description="Which licence applies?",
            files=[_pdf("question.pdf")],
        )
        self.case_attachment = self.case.attachments.get()
        cases.case_log(
            actor=self.coordinator,
            case=self.case,
            contact_at=timezone.now() - datetime.timedelta(hours=1),
            channel="phone",
            people="Ma Li",
            officers=[self.officer],
            result="Explained the licence.",
        )

    def _credit_records(self, enterprise, n):
        """`n` of every record an enterprise page lists: ledger, penalties, arrears, proposals..."""
        user, officer, now = self._member(enterprise), self.officer, timezone.now()
        for index in range(n):
            answered = {"answered_by": officer, "answered_at": now, "answer": "Checked."} if index % 2 else {}
            ledger_record(
                actor=officer,
                enterprise=enterprise,
                grade=enterprise.credit_grade,
                cause=LedgerEntry.Cause.MIGRATION,
                reason="Confirmed on review.",
            )
            penalty = PenaltyFactory(enterprise=enterprise)
            ArrearFactory(enterprise=enterprise)
            DocumentCountFactory(enterprise=enterprise, year=1990 + enterprise.document_counts.count())
            EnterpriseEventFactory(enterprise=enterprise, description="New premises.")
            # Administrative and open, or closed with its penalty: none suspends the certificate.
            closed = {"closed_on": self.today, "outcome": "liability", "penalty": penalty}
            CaseFilingFactory(enterprise=enterprise, **(closed if index % 2 else {}))
            CorrectionRequestFactory(
                enterprise=enterprise,
                requested_by=user,
                **({"status": CorrectionRequest.Status.REJECTED, **answered} if answered else {}),
            )
            DishonestProposalFactory(
                enterprise=enterprise,
                status=DishonestProposal.Status.DROPPED,
                created_by=officer,
                notified_by=officer,
                notified_at=now,
                decided_by=officer,
                decided_at=now,
                drop_reason="Paid in time.",
            )
            RepairApplicationFactory(
                enterprise=enterprise,
                applied_by=user,
                status=RepairApplication.Status.REFUSED,
                decided_by=officer,
                decided_at=now,
            )
            determination = enterprise.proposals.filter(status=DishonestProposal.Status.DETERMINED).first()
            Objection.objects.create(
                enterprise=enterprise,
                # Against a penalty, or every other time against a dishonesty record when there is one.
                **(
                    {"item": "determination", "determination": determination}
                    if determination and index % 2
                    else {"item": "penalty", "penalty": penalty}
                ),
                filed_by=user,
                reason="Not ours.",
                recheck_due=self.today,
                **({"status": Objection.Status.REJECTED, **answered} if answered else {}),
            )
            Application.objects.create(
                enterprise=enterprise,
                rulebook=self.rulebook,
                target_grade="certified",
                status=Application.Status.WITHDRAWN,
                created_by=user,
            )
            enterprise.address = f"{enterprise.address}+"
            enterprise._history_user = officer
            enterprise.save()

    def _member(self, enterprise):
        return enterprise.members.select_related("user").first().user

    def _statements(self, n):
        for index in range(n):
            statement = DishonestStatement.objects.create(
                proposal=self.proposal,
                submitted_by=self.enterprise_user,
                text="We paid the fine.",
                final=index == n - 1,  # nothing more to state: the officer may decide
            )
            for name in ("receipt.pdf", "bank.pdf"):
                upload = _pdf(name)
                StatementAttachment.objects.create(
                    statement=statement, file=upload, original_name=name, size=upload.size
                )

    def _credit_status_certificates(self, n):
        """`n` credit status certificates of A, each for another purpose."""
        for _ in range(n):
            credit_status_certificate_issue(
                actor=self.enterprise_user,
                enterprise=self.enterprise_a,
                purpose=f"Tender {self.enterprise_a.credit_status_certificates.count() + 1}",
            )

    def _foreign_aeo(self, enterprise):
        """A trading partner of `enterprise` certified by Singapore Customs."""
        singapore = MutualRecognitionPartner.objects.get(economy_en="Singapore")
        identifier = f"SG-AEO-{ForeignAeo.objects.count() + 1:05d}"
        return foreign_aeo_record(
            actor=self.officer,
            enterprise=enterprise,
            name="Lion City Trading",
            partner=singapore,
            identifier=identifier,
        )

    def _re_reviews(self, n):
        for _ in range(n):
            Application.objects.create(
                enterprise=self.enterprise_a,
                kind=Application.Kind.RE_REVIEW,
                trigger=Application.ReReviewTrigger.PERIODIC,
                certificate=self.certificate,
                rulebook=self.rulebook,
                target_grade=self.certificate.grade,
                status=Application.Status.CERTIFIED,
            )
            EnterpriseEventFactory(enterprise=self.enterprise_a, description="New owner.")

    def _draft(self):
        """Enterprise B's draft application, one item self-assessed with a document."""
        self.draft = applications.application_create(
            actor=self.applicant,
            enterprise=self.enterprise_b,
            target_grade="advanced_certified",
            business_types=[self.business_types["customs_broker"]],
        )
        self.draft_item = self.draft.items.order_by("item__order", "item__code").first()
        applications.self_assess(
            actor=self.applicant, application_item=self.draft_item, result=Result.MEETS, files=[_pdf()]
        )

    def _under_audit(self):
        """Enterprise C's application under audit: a team, a visit, findings, one item failing."""
        self.enterprise_c = EnterpriseFactory(
            customs_office=self.offices["9700"], business_types=[self.business_types["consignee_consignor"]]
        )
        user = EnterpriseMembershipFactory(enterprise=self.enterprise_c).user
        application = applications.application_create(
            actor=user,
            enterprise=self.enterprise_c,
            target_grade="advanced_certified",
            business_types=[self.business_types["consignee_consignor"]],
        )
        application.items.update(self_assessment=Result.MEETS)
        applications.application_submit(actor=user, application=application)
        review.application_accept(actor=self.officer, application=application)
        review.team_form(
            actor=self.officer,
            application=application,
            officers=[self.officer, self.second_officer],
            leader=self.officer,
        )
        review.audit_plan(
            actor=self.officer,
            application=application,
            visit_on=self.today,  # findings follow the audit's day (review.audit_pending)
            place="Enterprise premises",
            agenda="Trade security items.",
        )
        application.items.update(finding=Result.MEETS, found_by=self.officer, found_at=timezone.now())
        self.audited_item = application.items.filter(item__rectifiable=True).order_by("item__order").first()
        review.finding_record(
            actor=self.officer,
            application_item=self.audited_item,
            finding=Result.FAILS,
            notes="No seal log.",
            files=[_pdf("seal-log.pdf")],
        )
        self.audited = Application.objects.get(pk=application.pk)
        self.audit_evidence = Evidence.objects.get(application_item=self.audited_item)

    def _dishonest(self):
        """Enterprise D, determined dishonest seven months ago: repair application and objection."""
        self.enterprise_d = EnterpriseFactory(customs_office=self.offices["9700"])
        self.readers[DISHONEST] = user = EnterpriseMembershipFactory(enterprise=self.enterprise_d).user
        self.determination = determined_proposal(
            self.enterprise_d, code="art22-3", on=self.today - relativedelta(months=7)
        )
        self._credit_records(self.enterprise_d, 1)
        self.published_penalty = PenaltyFactory(enterprise=self.enterprise_d)
        self.repair = RepairApplicationFactory(enterprise=self.enterprise_d, applied_by=user)
        self.objection = ObjectionFactory(penalty=PenaltyFactory(enterprise=self.enterprise_d), filed_by=user)
        # A member of the public objecting to D's grade, with evidence.
        self.public_objection = objection_file_public(
            enterprise=self.enterprise_d,
            item="grade",
            objector_kind="natural_person",
            objector_name="王芳",
            objector_id_number="11010519491231002X",
            contact_email="wang.fang@example.cn",
            reason="The grade was repaired in May.",
            files=[_pdf("repair-notice.pdf")],
        )
        self.objection_attachment = self.public_objection.attachments.get()

    def _operation(self):
        """A large export the officer asked for, finished, its file ready to download."""
        self.operation = Operation.objects.create(
            kind=Operation.Kind.EXPORT,
            requested_by=self.officer,
            language="en",
            subject="enterprises-2026-11-26.csv",
            status=Operation.Status.SUCCEEDED,
            done=1,
            total=1,
            result={"rows": 1, "list_url": "/enterprises/"},
            result_file_name="enterprises-2026-11-26.csv",
        )
        self.operation.result_file.save("enterprises.csv", ContentFile(b"\xef\xbb\xbfEnterprise\r\n"))

    def _cultivation(self):
        """Enterprise E in a plan (milestones, a mock review with a gap, a session); F in the pool."""
        self.enterprise_e = EnterpriseFactory(
            customs_office=self.offices["9700"], business_types=[self.business_types["customs_broker"]]
        )
        self.readers[CULTIVATED] = user = EnterpriseMembershipFactory(enterprise=self.enterprise_e).user
        self.plan = plans.plan_open(
            actor=self.officer,
            enterprise=self.enterprise_e,
            target_grade="advanced_certified",
            business_types=[self.business_types["customs_broker"]],
            starts_on=self.today - datetime.timedelta(days=400),
            target_on=self.today + datetime.timedelta(days=330),
            officers=[self.officer],
        )
        items = list(mock.review_items(self.plan))
        self.mock_review = mock.mock_review_record(
            actor=self.officer,
            plan=self.plan,
            held_on=self.today - datetime.timedelta(days=30),
            results={item.code: Result.FAILS if item == items[0] else Result.MEETS for item in items},
        )
        self.gap = self.plan.gaps.get()
        self.gap.owner = user
        self.gap.save()
        self.session = sessions.session_record(
            actor=self.officer,
            kind=GuidanceSession.Kind.ONE_TO_ONE,
            mode=GuidanceSession.Mode.ON_SITE,
            held_on=self.today,
            plans=[self.plan],
            attendees="Ma Li",
            topics="Seal management.",
        )
        self.enterprise_f = EnterpriseFactory(customs_office=self.offices["9700"])
        (self.candidate,) = pool.candidates_add(actor=self.officer, enterprises=[self.enterprise_f])
        self._candidate_plans(1)
        # F's plans join E's session: a group session, whose page names the other enterprises.
        GuidanceSession.objects.filter(pk=self.session.pk).update(kind=GuidanceSession.Kind.GROUP)

    def _candidate_plans(self, n):
        for _ in range(n):
            plan = CultivationPlan.objects.create(
                enterprise=self.enterprise_f,
                candidate=self.candidate,
                office=self.offices["9700"],
                rulebook=self.rulebook,
                target_grade="certified",
                starts_on=self.today - datetime.timedelta(days=800),
                target_on=self.today - datetime.timedelta(days=100),
                status=CultivationPlan.Status.EXITED,
                exit_reason=CultivationPlan.ExitReason.STALLED,
                created_by=self.officer,
            )
            self.session.plans.add(plan)

    # --- growth --------------------------------------------------------------------------------

    def add_related_rows(self, n):
        """`n` more rows of every kind each detail page shows."""
        self._credit_records(self.enterprise_a, n)
        self._credit_records(self.enterprise_d, n)
        self._statements(n)
        self._re_reviews(n)
        for _ in range(n):
            self._foreign_aeo(self.enterprise_a)
        self._credit_status_certificates(n)
        self._case_log(n)
        self._application_rows(self.draft, self.draft_item, self.applicant, n)
        self._application_rows(self.audited, self.audited_item, self.officer, n)
        self._determinations(n)
        self._objection_evidence(n)
        self._plan_rows(n)
        self._candidate_plans(n)

    def _objection_evidence(self, n):
        """More evidence on the public objection, more published records for its form to list."""
        for _ in range(n):
            upload = _pdf("evidence.pdf")
            ObjectionAttachment.objects.create(
                objection=self.public_objection, file=upload, original_name="evidence.pdf", size=upload.size
            )
            PenaltyFactory(enterprise=self.enterprise_d)

    def _case_log(self, n):
        for _ in range(n):
            entry = ServiceLogEntry.objects.create(
                case=self.case,
                contact_at=timezone.now() - datetime.timedelta(minutes=5),
                channel=ServiceLogEntry.Channel.SITE_VISIT,
                people="Ma Li",
                result="Visited the warehouse.",
                logged_by=self.coordinator,
            )
            entry.officers.set([self.officer, self.second_officer])
            upload = _pdf("visit.pdf")
            CaseAttachment.objects.create(
                case=self.case,
                file=upload,
                original_name="visit.pdf",
                size=upload.size,
                uploaded_by=self.coordinator,
            )

    def _application_rows(self, application, item_row, user, n):
        """More items, documents, steps, visits and team members on `application`."""
        present = application.items.values("item")
        extra = StandardItem.objects.filter(rulebook=application.rulebook).exclude(pk__in=present)[:n]
        ApplicationItem.objects.bulk_create(
            ApplicationItem(
                application=application,
                item=item,
                self_assessment=Result.MEETS,
                **(
                    {
                        "finding": Result.FAILS,
                        "finding_notes": "Short.",
                        "found_by": user,
                        "found_at": timezone.now(),
                    }
                    if application == self.audited
                    else {}
                ),
            )
            for item in extra
        )
        stage = Evidence.Stage.SELF_ASSESSMENT if application == self.draft else Evidence.Stage.FINDING
        for _ in range(n):
            upload = _pdf()
            Evidence.objects.create(
                application_item=item_row,
                stage=stage,
                file=upload,
                original_name="evidence.pdf",
                size=upload.size,
                uploaded_by=user,
            )
            Transition.objects.create(
                application=application,
                action="audit",
                from_status=application.status,
                to_status=application.status,
                actor=self.officer,
                reason="Visit planned.",
            )
            AuditVisit.objects.create(
                application=application,
                visit_on=self.today,
                place="Warehouse",
                agenda="Seals.",
                planned_by=self.officer,
            )
            TeamMember.objects.create(
                application=application,
                officer=UserFactory(role=Role.OFFICER, office=self.offices["9700"]),
            )

    def _determinations(self, n):
        """Earlier determinations of D that a repair would lift."""
        criteria = self.rulebook.criteria.exclude(code="art22-3")
        for criterion in criteria[:n]:
            determined_proposal(self.enterprise_d, code=criterion.code)

    def _plan_rows(self, n):
        """More milestones, gaps, sessions, mock reviews and officers on E's plan, and more findings."""
        owner = self.readers[CULTIVATED]
        gapped = self.plan.gaps.values("item")
        free = list(mock.review_items(self.plan).exclude(pk__in=gapped)[:n])
        Gap.objects.bulk_create(
            Gap(plan=self.plan, item=item, finding=Result.FAILS, found_in=self.mock_review, owner=owner)
            for item in free
        )
        reviewed = self.mock_review.findings.values("item")
        others = StandardItem.objects.filter(rulebook=self.plan.rulebook).exclude(pk__in=reviewed)[:n]
        MockFinding.objects.bulk_create(
            MockFinding(review=self.mock_review, item=item, result=Result.MEETS) for item in others
        )
        for index in range(n):
            Milestone.objects.create(
                plan=self.plan,
                phase="improvement",
                title=f"Step {index}",
                due_on=self.today,
                **({"completed_on": self.today, "completed_by": self.officer} if index % 2 else {}),
            )
            session = GuidanceSession.objects.create(
                office=self.offices["9700"],
                kind=GuidanceSession.Kind.GROUP,
                mode=GuidanceSession.Mode.ONLINE,
                held_on=self.today,
                attendees="Ma Li",
                topics="Records.",
                recorded_by=self.officer,
            )
            session.plans.set([self.plan, *self.session.plans.exclude(pk=self.plan.pk)[:2]])
            MockReview.objects.create(
                plan=self.plan,
                held_on=self.today,
                reviewed_by=self.officer,
                result=self.mock_review.result,
                items_total=self.mock_review.items_total,
                items_met=self.mock_review.items_met,
                passed=False,
            )
            self.plan.officers.add(UserFactory(role=Role.OFFICER, office=self.offices["9700"]))
            self.gap.progress = f"Step {index} done."
            self.gap._history_user = self.officer
            self.gap.save()

    def add_list_rows(self, n):
        """`n` enterprises of Xihai on every list: each in a plan, in the pool or free to select."""
        officer, coordinator = self.officer, self.coordinator
        for _ in range(n):
            kind = self.fillers % 3
            self.fillers += 1
            enterprise = EnterpriseFactory(
                customs_office=self.offices["9703"],
                business_types=[self.business_types["consignee_consignor"]],
            )
            DocumentCountFactory(enterprise=enterprise, year=self.today.year - 2, declarations=800)
            DocumentCountFactory(enterprise=enterprise, declarations=1000)
            penalty = PenaltyFactory(enterprise=enterprise)
            ObjectionFactory(penalty=penalty)
            RepairApplicationFactory(enterprise=enterprise)
            self._foreign_aeo(enterprise)
            NotificationFactory(recipient=officer)
            NotificationFactory(recipient=coordinator)
            CoordinatorAssignmentFactory(enterprise=enterprise, coordinator=coordinator)
            CoordinatorProfile.objects.create(
                user=UserFactory(role=Role.COORDINATOR, office=self.offices["9700"]),
                office=self.offices["9700"],
            )
            xining, code = self.offices["9700"], f"97{50 + self.fillers:02d}"
            CustomsOffice.objects.create(
                code=code,
                name=f"西宁海关{code}",
                name_en=f"Xining Customs {code}",
                level=CustomsOffice.Level.SUBORDINATE,
                parent=xining,
                path=f"{xining.path}{code}/",
            )
            certificate = Certificate.objects.create(
                number=f"CN-AEO-2020-{enterprise.pk:06d}",
                enterprise=enterprise,
                grade="certified",
                rulebook=self.rulebook,
                issued_on=self.today - relativedelta(years=2),
                re_review_due=self.today + relativedelta(months=2),
                issued_by=officer,
            )
            Application.objects.create(
                enterprise=enterprise,
                # Every third one a re-review of the certificate.
                **({"kind": Application.Kind.RE_REVIEW, "certificate": certificate} if kind == 1 else {}),
                rulebook=self.rulebook,
                target_grade="advanced_certified",
                status=Application.Status.SUBMITTED,
                receipt_number=f"RZ2026TEST{enterprise.pk:07d}",
                created_by=officer,
                submitted_at=timezone.now(),
                clock_started_on=self.today,
            ).business_types.set([self.business_types["consignee_consignor"]])
            case = Case.objects.create(
                enterprise=enterprise,
                category=Case.Category.COMPLAINT,
                subject="Delayed release",
                description="Held for a week.",
                coordinator=coordinator,
                opened_by=officer,
                due_on=self.today - datetime.timedelta(days=1),
            )
            ServiceLogEntry.objects.create(
                case=case,
                contact_at=timezone.now(),
                channel=ServiceLogEntry.Channel.PHONE,
                people="Zhang",
                result="Called back.",
                logged_by=coordinator,
            ).officers.set([officer])
            if kind == 0:
                DishonestProposalFactory(
                    enterprise=enterprise,
                    created_by=officer,
                    status=DishonestProposal.Status.NOTIFIED,
                    notified_by=officer,
                    notified_at=timezone.now(),
                    statement_due=self.today + datetime.timedelta(days=7),
                )
                self._filler_plan(enterprise)
            elif kind == 1:
                determined_proposal(enterprise)
                Candidate.objects.create(
                    enterprise=enterprise,
                    office=officer.office,
                    source=Candidate.Source.SELECTION,
                    status=Candidate.Status.IN_POOL,
                    added_by=officer,
                )
            else:
                DishonestProposalFactory(enterprise=enterprise, created_by=officer)

    def _filler_plan(self, enterprise):
        plan = CultivationPlan.objects.create(
            enterprise=enterprise,
            office=self.officer.office,
            rulebook=self.rulebook,
            target_grade="advanced_certified",
            starts_on=self.today - datetime.timedelta(days=100),
            target_on=self.today + datetime.timedelta(days=600),
            created_by=self.officer,
        )
        plan.officers.set([self.officer])
        plan.business_types.set(enterprise.business_types.all())
        Milestone.objects.create(
            plan=plan, phase="diagnosis", title="Baseline", due_on=self.today - datetime.timedelta(days=3)
        )
        session = GuidanceSession.objects.create(
            office=self.offices["9700"],
            kind=GuidanceSession.Kind.ONE_TO_ONE,
            mode=GuidanceSession.Mode.ON_SITE,
            held_on=self.today,
            attendees="Zhang",
            topics="Baseline.",
            recorded_by=self.officer,
        )
        session.plans.set([plan])

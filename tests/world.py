"""The shared test world: one of everything a page can show, in every state of every workflow, and
the readers (roles) who look at it. The query budgets, the permission matrix and the security walks
all run on it."""

import datetime
import uuid
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import CustomsOffice, Role
from background.models import Operation
from certification import applications, credit_status, review
from certification.certificates import certificate_take_over
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
from certification.qr_codes import qr_token
from coordination import cases
from coordination.models import Case, CaseAttachment, ServiceLogEntry
from cultivation import mock, plans, pool, sessions
from cultivation.models import (
    Candidate,
    CultivationPlan,
    Gap,
    GuidanceSession,
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
from tests.factories.background import OperationFactory
from tests.factories.certification import ApplicationFactory, CertificateFactory
from tests.factories.coordination import CaseFactory, CoordinatorProfileFactory
from tests.factories.cultivation import CultivationPlanFactory, MilestoneFactory
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

OFFICER, ADMINISTRATOR, COORDINATOR, ANONYMOUS = "officer", "administrator", "coordinator", "anonymous"
ENTERPRISE = "enterprise user"  # of enterprise A: AEO certificate, case, notified proposal
APPLICANT = "applicant"  # enterprise user of B, whose application is a draft
DISHONEST = "dishonest enterprise user"
CULTIVATED = "cultivated enterprise user"


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
        CoordinatorProfileFactory(user=self.coordinator, office=self.offices["9700"])
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
            ApplicationFactory(
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
            ApplicationFactory(
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
        self.operation = OperationFactory(
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
            plan = CultivationPlanFactory(
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
            MilestoneFactory(
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
            CoordinatorProfileFactory(
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
            certificate = CertificateFactory(
                number=f"CN-AEO-2020-{enterprise.pk:06d}",
                enterprise=enterprise,
                grade="certified",
                rulebook=self.rulebook,
                issued_on=self.today - relativedelta(years=2),
                re_review_due=self.today + relativedelta(months=2),
                issued_by=officer,
            )
            ApplicationFactory(
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
            case = CaseFactory(
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
        plan = CultivationPlanFactory(
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
        MilestoneFactory(
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

"""Certificates: issue with a number never reused, status changes through the ledger (the QR code
is `certification.qr_codes`, the PDF `certification.certificate_document`)."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from certification.models import (
    Certificate,
    CertificateNumberCounter,
)
from certification.public_verification import forget_verification
from core.display import format_date
from core.errors import InvalidState, NotPermitted
from core.locks import next_in_counter
from core.workflow import Action, Workflow
from enterprises.ledger import ledger_record
from enterprises.models import CaseFiling, CoordinatorAssignment, LedgerEntry
from enterprises.notices import enterprise_users, officers_of
from enterprises.permissions import is_enterprise_user_of, require_officer_of
from notifications.services import notify_users
from rulebooks.models import AEO_GRADES, CreditGrade
from rulebooks.selectors import rulebook_in_force

Status = Certificate.Status
IN_FORCE = (Status.ACTIVE, Status.SUSPENDED)


ENTERPRISE, OFFICER = "enterprise", "officer"  # who takes a certificate's action
CERTIFICATE_ACTIONS = {
    "suspend": Action(gettext_lazy("Suspend"), (Status.ACTIVE,), Status.SUSPENDED, OFFICER),
    "reinstate": Action(gettext_lazy("Reinstate"), (Status.SUSPENDED,), Status.ACTIVE, OFFICER),
    "revoke": Action(gettext_lazy("Revoke"), IN_FORCE, Status.REVOKED, OFFICER),
    "re_review": Action(gettext_lazy("Start a re-review"), IN_FORCE, None, OFFICER),
    "surrender": Action(gettext_lazy("Give up the certification"), IN_FORCE, Status.SURRENDERED, ENTERPRISE),
}


class CertificateWorkflow(Workflow):
    actions = CERTIFICATE_ACTIONS
    wrong_state_message = gettext_lazy("A certificate that is %(status)s cannot be changed this way.")

    def not_permitted(self, actor, certificate, action):
        if action.actor == ENTERPRISE:
            if not is_enterprise_user_of(actor, certificate.enterprise):
                return NotPermitted(_("Only the enterprise's own users may do this."))
            return None
        try:
            require_officer_of(
                actor, certificate.enterprise, _("Only officers of the enterprise's customs may do this.")
            )
        except NotPermitted as error:
            return error
        return None

    def condition(self, certificate, name, **context):
        under_way = certificate.re_reviews.exclude(
            status__in=("certified", "refused", "withdrawn", "terminated")
        )
        if name == "re_review" and under_way.exists():
            return InvalidState(_("A re-review of this certificate is already under way."))
        return None


WORKFLOW = CertificateWorkflow()
certificate_refusal = WORKFLOW.refusal
certificate_allowed_actions = WORKFLOW.allowed_actions
certificate_check = WORKFLOW.check


def next_certificate_number(year):
    """The next number of `year`, under a row lock: concurrent issues never share or reuse one."""
    return f"CN-AEO-{year}-{next_in_counter(CertificateNumberCounter, year=year):06d}"


def certificate_issue(*, actor, application, decision_number):
    """Called by the certify decision, inside its transaction: the certificate and the new grade."""
    today = timezone.localdate()
    enterprise = application.enterprise
    for previous in Certificate.objects.select_for_update().filter(
        enterprise=enterprise, status__in=IN_FORCE
    ):
        _set_status(actor, previous, Status.SURRENDERED, _("Replaced by the certificate of a higher grade."))
    entry = ledger_record(
        actor=actor,
        enterprise=enterprise,
        grade=application.target_grade,
        cause=LedgerEntry.Cause.CERTIFICATION,
        reason=_("Certified on application %(number)s.") % {"number": application.receipt_number},
        decision_number=decision_number,
    )
    certificate = Certificate.objects.create(
        number=next_certificate_number(today.year),
        enterprise=enterprise,
        application=application,
        grade=application.target_grade,
        rulebook=application.rulebook,
        issued_on=today,
        re_review_due=today + relativedelta(years=application.rulebook.re_review_years),
        issued_by=actor,
        ledger_entry=entry,
        status_changed_at=timezone.now(),
    )
    forget_verification(certificate.number, certificate.aeo_code)
    record_activity(actor=actor, verb="certificate.issued", target=certificate, note=decision_number)
    return certificate


def certificate_take_over(*, actor, enterprise, issued_on):
    """The certificate of an enterprise certified in an earlier system: its grade is in the ledger already."""
    with transaction.atomic():
        entry = enterprise.ledger_entries.order_by("-effective_from", "-id").first()
        if entry is None or entry.grade not in AEO_GRADES:
            raise InvalidState(_("Only an enterprise with an AEO grade in its ledger holds a certificate."))
        if Certificate.objects.filter(enterprise=enterprise, status__in=IN_FORCE).exists():
            raise InvalidState(_("The enterprise already holds a certificate in force."))
        rulebook = rulebook_in_force(issued_on)
        certificate = Certificate.objects.create(
            number=next_certificate_number(issued_on.year),
            enterprise=enterprise,
            grade=entry.grade,
            rulebook=rulebook,
            issued_on=issued_on,
            re_review_due=issued_on + relativedelta(years=rulebook.re_review_years),
            issued_by=actor,
            ledger_entry=entry,
            status_changed_at=timezone.now(),
        )
        forget_verification(certificate.number, certificate.aeo_code)
        record_activity(
            actor=actor, verb="certificate.taken_over", target=certificate, note=entry.decision_number
        )
    return certificate


def _set_status(actor, certificate, status, reason):
    before = certificate.status
    certificate.status, certificate.status_reason, certificate.status_changed_at = (
        status,
        reason,
        timezone.now(),
    )
    certificate.save()
    forget_verification(certificate.number, certificate.aeo_code)
    record_activity(
        actor=actor,
        verb=f"certificate.{status}",
        target=certificate,
        changes={"status": [before, status]},
        note=reason,
    )


ENDED_SUBJECT = gettext_lazy("AEO certificate %(number)s has ended")
ENDED_BODY = gettext_lazy(
    "The AEO certificate %(number)s of %(enterprise)s is %(status)s as of %(day)s. Reason: %(reason)s "
    "The enterprise no longer enjoys AEO treatment under it, and public verification shows it as not "
    "in force."
)
SUSPENDED_SUBJECT = gettext_lazy("AEO measures suspended: certificate %(number)s")
SUSPENDED_BY_HAND_BODY = gettext_lazy(
    "The AEO measures of %(enterprise)s under certificate %(number)s are suspended as of %(day)s. "
    "Reason: %(reason)s Customs reinstates them when the reason no longer applies."
)
REINSTATED_SUBJECT = gettext_lazy("AEO measures resumed: certificate %(number)s")
REINSTATED_BODY = gettext_lazy(
    "The AEO measures of %(enterprise)s under certificate %(number)s apply again as of %(day)s. "
    "Reason: %(reason)s"
)


def _notify_holders(certificate, subject, body, also=(), **values):
    """The enterprise's users and its coordinator (and `also`, such as the officers of its customs),
    each in their language, with the certificate's link."""
    coordinators = [
        assignment.coordinator
        for assignment in CoordinatorAssignment.objects.filter(
            enterprise=certificate.enterprise_id, is_active=True
        ).select_related("coordinator")
    ]
    day = timezone.localdate(certificate.status_changed_at)
    notify_users(
        [*enterprise_users(certificate.enterprise_id), *coordinators, *also],
        subject=subject,
        body=body,
        context=lambda: {
            "number": certificate.number,
            "enterprise": certificate.enterprise.display_name,
            "status": certificate.get_status_display().lower(),
            "day": format_date(day),
            **values,
        },
        link=certificate.get_absolute_url(),
    )


def _finish(actor, certificate, status, reason, also=()):
    """The certificate ends (revoked or surrendered): verification says so at once, and the enterprise
    and its coordinator are told."""
    certificate.suspended_on_filing = None
    _set_status(actor, certificate, status, reason)
    _notify_holders(certificate, ENDED_SUBJECT, ENDED_BODY, also=also, reason=reason)


def _end(actor, certificate, status, reason, cause, decision_number="", also=()):
    """Revoke or surrender: the certificate ends and the grade falls back to regular."""
    _finish(actor, certificate, status, reason, also)
    if certificate.enterprise.credit_grade != CreditGrade.REGULAR:
        ledger_record(
            actor=actor,
            enterprise=certificate.enterprise,
            grade=CreditGrade.REGULAR,
            cause=cause,
            reason=reason,
            decision_number=decision_number,
        )


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


def _locked(certificate):
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=certificate.pk)
    )


def certificate_suspend(*, actor, certificate, reason, criminal_case=False):
    """Suspend the AEO measures: required when a criminal case is filed, possible on an administrative one."""
    reason = _reason(reason)
    with transaction.atomic():
        certificate = _locked(certificate)
        certificate_check(actor, certificate, "suspend")
        with translation.override(settings.LANGUAGE_CODE):  # stored, as the filing's reasons are
            kind = _("criminal case") if criminal_case else _("administrative case")
        reason = f"{kind}: {reason}"
        _set_status(actor, certificate, Status.SUSPENDED, reason)
        _notify_holders(certificate, SUSPENDED_SUBJECT, SUSPENDED_BY_HAND_BODY, reason=reason)
    return certificate


def certificate_reinstate(*, actor, certificate, reason):
    """Reinstate the AEO measures; not while a criminal case filed against the enterprise is open (the
    law requires the suspension then: close the case filing, and the certificate follows)."""
    reason = _reason(reason)
    with transaction.atomic():
        certificate = _locked(certificate)
        certificate_check(actor, certificate, "reinstate")
        open_case = (
            CaseFiling.objects.filter(
                enterprise=certificate.enterprise_id, kind=CaseFiling.Kind.CRIMINAL, closed_on__isnull=True
            )
            .order_by("filed_on", "pk")
            .first()
        )
        if open_case is not None:
            raise InvalidState(
                _(
                    "Criminal case %(number)s filed on %(day)s is open: the AEO measures stay suspended "
                    "until its filing is closed."
                )
                % {"number": open_case.case_number, "day": format_date(open_case.filed_on)}
            )
        certificate.suspended_on_filing = None
        _set_status(actor, certificate, Status.ACTIVE, reason)
        _notify_holders(certificate, REINSTATED_SUBJECT, REINSTATED_BODY, reason=reason)
    return certificate


def certificate_revoke(*, actor, certificate, reason, decision_number):
    reason = _reason(reason)
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise ValidationError({"decision_number": _("Give the decision number.")})
    with transaction.atomic():
        certificate = _locked(certificate)
        certificate_check(actor, certificate, "revoke")
        _end(
            actor, certificate, Status.REVOKED, reason, LedgerEntry.Cause.CERTIFICATE_CHANGE, decision_number
        )
    return certificate


def certificate_surrender(*, actor, certificate, reason):
    """The enterprise gives up its certification; the one-year bar starts, and the officers of its
    customs are told along with the enterprise and its coordinator."""
    reason = _reason(reason)
    with transaction.atomic():
        certificate = _locked(certificate)
        certificate_check(actor, certificate, "surrender")
        cause = LedgerEntry.Cause.CERTIFICATE_CHANGE
        officers = officers_of(certificate.enterprise)
        _end(actor, certificate, Status.SURRENDERED, reason, cause, also=officers)
    return certificate


def certificates_end_on_grade_change(entry):
    """Grade-change handler (`enterprises.ledger.grade_change_handlers`, registered in apps.py): a
    grade that leaves the AEO grades revokes the certificate in force, with the decision as its
    reason. The ledger entry itself starts the one-year application bar (`eligibility`).

    Revocations, surrenders and failed re-reviews end the certificate before they write the ledger,
    so they find nothing left to end here.
    """
    if entry.grade in AEO_GRADES:
        return
    certificates = Certificate.objects.select_for_update(of=("self",)).filter(
        enterprise=entry.enterprise_id, status__in=IN_FORCE
    )
    for certificate in certificates.select_related("enterprise"):
        with translation.override(settings.LANGUAGE_CODE):
            reason = _grade_change_reason(entry)
        _finish(entry.decided_by, certificate, Status.REVOKED, reason)


def _grade_change_reason(entry):
    values = {
        "number": entry.decision_number,
        "day": format_date(entry.effective_from),
        "grade": CreditGrade(entry.grade).label,
        "basis": entry.legal_basis,
        "reason": entry.reason,
    }
    if entry.decision_number:
        return (
            _("Decision %(number)s of %(day)s set the credit grade to %(grade)s (%(basis)s): %(reason)s")
            % values
        )
    return _("The credit grade was set to %(grade)s on %(day)s (%(basis)s): %(reason)s") % values


def certificate_re_reviewed(*, actor, application):
    """A passed re-review: the certificate stays and the next periodic re-review moves on."""
    certificate = _locked(application.certificate)
    certificate.re_review_due = timezone.localdate() + relativedelta(
        years=application.rulebook.re_review_years
    )
    certificate.save()
    record_activity(
        actor=actor, verb="certificate.re_reviewed", target=certificate, note=application.decision_number
    )


def certificate_revoke_on_re_review(*, actor, application, reason):
    certificate = _locked(application.certificate)
    if certificate.in_force:
        _end(
            actor,
            certificate,
            Status.REVOKED,
            reason,
            LedgerEntry.Cause.RE_REVIEW,
            application.decision_number,
        )

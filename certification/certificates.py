"""Certificates: issue with a number never reused, status changes through the ledger, PDF and QR.

The QR code on a certificate carries the certificate's number, enterprise, grade and issue date,
signed with the server's key. The public page checks the signature and compares the payload with
the record: a forged or altered code is "not genuine", never "valid".
"""

import base64
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from certification.models import Certificate, CertificateNumberCounter, MutualRecognitionPartner
from certification.public_verification import forget_verification
from credit_mgmt.errors import InvalidState, NotPermitted
from enterprises.ledger import ledger_record
from enterprises.models import LedgerEntry, Penalty
from enterprises.permissions import is_enterprise_user_of, require_officer_of
from rulebooks.models import AEO_GRADES, CreditGrade
from rulebooks.selectors import rulebook_in_force

Status = Certificate.Status
QR_SALT = "certification.certificate-qr"
IN_FORCE = (Status.ACTIVE, Status.SUSPENDED)


@dataclass(frozen=True)
class CertificateAction:
    label: str
    sources: tuple
    by_enterprise: bool = False


CERTIFICATE_ACTIONS = {
    "suspend": CertificateAction(gettext_lazy("Suspend"), (Status.ACTIVE,)),
    "reinstate": CertificateAction(gettext_lazy("Reinstate"), (Status.SUSPENDED,)),
    "revoke": CertificateAction(gettext_lazy("Revoke"), IN_FORCE),
    "re_review": CertificateAction(gettext_lazy("Start a re-review"), IN_FORCE),
    "surrender": CertificateAction(gettext_lazy("Give up the certification"), IN_FORCE, by_enterprise=True),
}


def certificate_refusal(actor, certificate, name):
    action = CERTIFICATE_ACTIONS[name]
    if action.by_enterprise:
        if not is_enterprise_user_of(actor, certificate.enterprise):
            return NotPermitted(_("Only the enterprise's own users may do this."))
    else:
        try:
            require_officer_of(
                actor, certificate.enterprise, _("Only officers of the enterprise's customs may do this.")
            )
        except NotPermitted as error:
            return error
    if certificate.status not in action.sources:
        return InvalidState(
            _("A certificate that is %(status)s cannot be changed this way.")
            % {"status": certificate.get_status_display().lower()}
        )
    if (
        name == "re_review"
        and certificate.re_reviews.exclude(
            status__in=("certified", "refused", "withdrawn", "terminated")
        ).exists()
    ):
        return InvalidState(_("A re-review of this certificate is already under way."))
    return None


def certificate_allowed_actions(user, certificate):
    return [name for name in CERTIFICATE_ACTIONS if certificate_refusal(user, certificate, name) is None]


def _check(actor, certificate, name):
    problem = certificate_refusal(actor, certificate, name)
    if problem is not None:
        raise problem


def next_certificate_number(year):
    """The next number of `year`, under a row lock: concurrent issues never share or reuse one."""
    CertificateNumberCounter.objects.bulk_create([CertificateNumberCounter(year=year)], ignore_conflicts=True)
    counter = CertificateNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"CN-AEO-{year}-{counter.last:06d}"


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
    forget_verification(certificate.number)
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
        forget_verification(certificate.number)
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
    forget_verification(certificate.number)
    record_activity(
        actor=actor,
        verb=f"certificate.{status}",
        target=certificate,
        changes={"status": [before, status]},
        note=reason,
    )


def _end(actor, certificate, status, reason, cause, decision_number=""):
    """Revoke or surrender: the certificate ends and the grade falls back to regular."""
    _set_status(actor, certificate, status, reason)
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
        _check(actor, certificate, "suspend")
        kind = _("criminal case") if criminal_case else _("administrative case")
        _set_status(actor, certificate, Status.SUSPENDED, f"{kind}: {reason}")
    return certificate


def certificate_reinstate(*, actor, certificate, reason):
    reason = _reason(reason)
    with transaction.atomic():
        certificate = _locked(certificate)
        _check(actor, certificate, "reinstate")
        _set_status(actor, certificate, Status.ACTIVE, reason)
    return certificate


def certificate_revoke(*, actor, certificate, reason, decision_number):
    reason = _reason(reason)
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise ValidationError({"decision_number": _("Give the decision number.")})
    with transaction.atomic():
        certificate = _locked(certificate)
        _check(actor, certificate, "revoke")
        _end(
            actor, certificate, Status.REVOKED, reason, LedgerEntry.Cause.CERTIFICATE_CHANGE, decision_number
        )
    return certificate


def certificate_surrender(*, actor, certificate, reason):
    """The enterprise gives up its certification; the one-year bar starts."""
    reason = _reason(reason)
    with transaction.atomic():
        certificate = _locked(certificate)
        _check(actor, certificate, "surrender")
        _end(actor, certificate, Status.SURRENDERED, reason, LedgerEntry.Cause.CERTIFICATE_CHANGE)
    return certificate


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


# --- the QR code and its verification --------------------------------------------------------------


def qr_payload(certificate):
    return {
        "n": certificate.number,
        "u": certificate.enterprise.uscc,
        "g": certificate.grade,
        "d": certificate.issued_on.isoformat(),
    }


def qr_token(certificate):
    return signing.dumps(qr_payload(certificate), salt=QR_SALT, compress=True)


@dataclass(frozen=True)
class Verification:
    genuine: bool
    certificate: Certificate | None


def verify_token(token):
    """Genuine only when the signature holds and every signed field matches the record."""
    try:
        payload = signing.loads(token or "", salt=QR_SALT)
    except signing.BadSignature:
        return Verification(False, None)
    if not isinstance(payload, dict):
        return Verification(False, None)
    certificate = (
        Certificate.objects.select_related("enterprise", "rulebook").filter(number=payload.get("n")).first()
    )
    if certificate is None or qr_payload(certificate) != payload:
        return Verification(False, None)
    return Verification(True, certificate)


def verification_url(request, certificate):
    return request.build_absolute_uri(reverse("certificate-verify") + "?" + f"t={qr_token(certificate)}")


def qr_svg_data_uri(url):
    import segno

    svg = segno.make(url, error="m").svg_inline(scale=3, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def certificate_pdf(certificate, verify_url):
    """The bilingual certificate with its QR code and the mutual-recognition partners, as PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(
        "certification/certificate_pdf.html",
        {
            "certificate": certificate,
            "enterprise": certificate.enterprise,
            "grade_zh": _grade_name(certificate, "name"),
            "grade_en": _grade_name(certificate, "name_en"),
            "partners": MutualRecognitionPartner.objects.filter(in_force_on__lte=timezone.localdate()),
            "qr": qr_svg_data_uri(verify_url),
            "verify_url": verify_url,
        },
    )
    return HTML(string=html).write_pdf()


def _grade_name(certificate, field):
    grade = certificate.rulebook.grades.filter(grade=certificate.grade).first()
    return getattr(grade, field) if grade else CreditGrade(certificate.grade).label


def suspend_on_criminal_cases(*, as_of):
    """Scheduled: suspend every active certificate whose enterprise has a criminal case on record.

    Only cases recorded after the certificate's last status change count, so a certificate an
    officer has reinstated after looking at the case is not suspended again for the same case.
    """
    cases = Penalty.objects.filter(
        enterprise=OuterRef("enterprise"),
        kind=Penalty.Kind.CRIMINAL_SMUGGLING,
        decided_on__lte=as_of,
        created_at__gt=OuterRef("status_changed_at"),
    )
    suspended = 0
    for certificate in Certificate.objects.filter(status=Status.ACTIVE).filter(Exists(cases)).order_by("pk"):
        case = (
            Penalty.objects.filter(enterprise=certificate.enterprise_id, kind=Penalty.Kind.CRIMINAL_SMUGGLING)
            .order_by("-decided_on", "-id")
            .first()
        )
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Criminal case %(case)s on record.") % {"case": case.case_number}
        certificate_suspend(actor=None, certificate=certificate, reason=reason, criminal_case=True)
        suspended += 1
    return {"created": suspended}

"""Credit status certificates (企业信用状况证明): issued at once from the ledger, valid for a while.

What customs practice says (GAC notice 署企函〔2022〕80号 and the service guide of the matter
“出具企业信用状况证明”, as reprinted by the GAC's magazine 中国海关 and by Guangzhou Customs' 12360
hotline): the enterprise's own customs issues it on the enterprise's application, for a listing,
refinancing, a major asset restructuring or another purpose a state department requires; it is
free of charge. Here it is issued at once from the ledger, which is what the officer would read,
and states:

- the grade and since when it has been held (the start of the latest run of that grade in the
  ledger), and the rulebook under which that grade was decided;
- every AEO certificate the enterprise holds or held, with its status on the day;
- the credit records published on the day: dishonesty determinations and penalties within their
  publication periods (`enterprises.disclosure`, the same rule as the public lookup).

It is valid until `valid_until` (the policy's number of days after the day of issue, an
administrator's parameter: no law sets it) and only while the grade it states stands: a later
ledger entry with another grade ends it at once, and the public verification says so.

The enterprise's certificates are read through the relation the certification app defines, as
`enterprises.disclosure` does, so this app imports nothing from the layer below. The PDF and the
signed QR code are the certification app's (`certification.credit_status`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from accounts.models import Role
from core.display import format_date
from core.errors import NotPermitted
from core.locks import next_in_counter
from enterprises.disclosure import published_determinations, published_penalties
from enterprises.models import (
    CreditStatusCertificate,
    CreditStatusNumberCounter,
    CreditStatusPolicy,
    Enterprise,
)
from enterprises.notices import notify_enterprise_users
from enterprises.permissions import is_enterprise_user_of, require_officer_of
from rulebooks.models import CreditGrade
from rulebooks.selectors import rulebook_in_force

PURPOSE_MAX_LENGTH = CreditStatusCertificate._meta.get_field("purpose").max_length
LANGUAGES = (("zh", "zh-hans"), ("en", "en"))


def policy_on(day):
    """The validity policy in effect on `day`; the field defaults when no row is (see the model)."""
    return (
        CreditStatusPolicy.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
        or CreditStatusPolicy()
    )


def next_credit_status_number(year):
    """The next number of `year`, under a row lock: concurrent issues never share or reuse one."""
    return f"CN-CSC-{year}-{next_in_counter(CreditStatusNumberCounter, year=year):06d}"


def may_issue(actor, enterprise):
    """The enterprise's own users, and officers (administrators) whose jurisdiction it is in."""
    if actor is None or is_enterprise_user_of(actor, enterprise):
        return True
    try:
        require_officer_of(actor, enterprise, "")
    except NotPermitted:
        return False
    return True


def _labels(label_of):
    """{"zh": ..., "en": ...}: `label_of()` in each language."""
    labels = {}
    for key, language in LANGUAGES:
        with translation.override(language):
            labels[key] = str(label_of())
    return labels


def _current_run(enterprise):
    """(latest entry, entry that began the current grade): the grade is held since the second."""
    entries = enterprise.ledger_entries.select_related("rulebook").order_by("-effective_from", "-id")
    latest = since = None
    for entry in entries.iterator():
        if latest is None:
            latest = since = entry
        elif entry.grade == latest.grade:
            since = entry
        else:
            break
    return latest, since


def _grade_names(grade, rulebooks):
    """The grade's Chinese and English names in the first of `rulebooks` that has it."""
    for rulebook in rulebooks:
        row = rulebook.grades.filter(grade=grade).first()
        if row is not None:
            return {"zh": row.name, "en": row.name_en}
    return _labels(lambda: CreditGrade(grade).label)


def credit_status_content(enterprise, day, latest, since):
    """What the certificate states, in both languages, as the records read on `day`."""
    in_force = rulebook_in_force(day)
    office = enterprise.customs_office
    certificates = [
        {
            "number": certificate.number,
            "grade": certificate.grade,
            "grade_name": _labels(certificate.get_grade_display),
            "status": certificate.status,
            "status_name": _labels(certificate.get_status_display),
            "issued_on": certificate.issued_on.isoformat(),
        }
        for certificate in enterprise.certificates.order_by("-issued_on", "-id")
    ]
    determinations = [
        {
            "decision_number": proposal.decision_number,
            "decided_on": timezone.localdate(proposal.decided_at).isoformat()
            if proposal.decided_at
            else None,
            "criterion": _labels(
                lambda p=proposal: f"{p.criterion.display_article} {p.criterion.display_title}"
            ),
            "published_until": proposal.published_until.isoformat(),
        }
        for proposal in published_determinations(day)
        .filter(enterprise=enterprise)
        .select_related("criterion__rulebook")
        .order_by("-decided_at", "-id")
    ]
    penalties = [
        {
            "case_number": penalty.case_number,
            "kind": penalty.kind,
            "kind_name": _labels(penalty.get_kind_display),
            "decided_on": penalty.decided_on.isoformat(),
            "amount": str(penalty.amount),
        }
        for penalty in published_penalties(day).filter(enterprise=enterprise).order_by("-decided_on", "-id")
    ]
    return {
        "enterprise": {
            "name": enterprise.name,
            "name_en": enterprise.name_en,
            "uscc": enterprise.uscc,
            "customs_code": enterprise.customs_code,
            "aeo_code": enterprise.aeo_code,
        },
        "office": {"code": office.code, "name": office.name, "name_en": office.name_en},
        "grade_name": _grade_names(latest.grade, (in_force, since.rulebook)),
        "graded_under": {
            "code": since.rulebook.code,
            "zh": since.rulebook.title,
            "en": since.rulebook.title_en,
        },
        "in_force": {"code": in_force.code, "zh": in_force.title, "en": in_force.title_en},
        "certificates": certificates,
        "determinations": determinations,
        "penalties": penalties,
    }


def _clean_purpose(purpose):
    purpose = " ".join((purpose or "").split())
    if len(purpose) > PURPOSE_MAX_LENGTH:
        raise ValidationError(
            {
                "purpose": _("Describe the purpose in at most %(limit)d characters.")
                % {"limit": PURPOSE_MAX_LENGTH}
            }
        )
    return purpose


def credit_status_certificate_issue(*, actor, enterprise, purpose=""):
    """Issue a credit status certificate of `enterprise` now, from its ledger and published records.

    The enterprise's own users ask for it; officers of its customs issue it on its behalf (its users
    are told). Asked again the same day for the same purpose while nothing it states has changed, the
    certificate already issued is the answer.
    """
    purpose = _clean_purpose(purpose)
    if not may_issue(actor, enterprise):
        raise NotPermitted(
            _("Only the enterprise's own users and the officers of its customs may issue this certificate.")
        )
    today = timezone.localdate()
    with transaction.atomic():
        # The ledger does not move while the certificate is read from it (ledger_record locks the same row).
        enterprise = (
            Enterprise.objects.select_for_update(of=("self",))
            .select_related("customs_office")
            .get(pk=enterprise.pk)
        )
        latest, since = _current_run(enterprise)
        if latest is None:
            raise ValidationError(_("The enterprise has no grade in the credit ledger yet."))
        content = credit_status_content(enterprise, today, latest, since)
        for repeated in enterprise.credit_status_certificates.filter(
            issued_on=today, purpose=purpose, ledger_entry=latest
        ).order_by("-id"):
            if repeated.content == content:
                return repeated
        certificate = CreditStatusCertificate(
            number=next_credit_status_number(today.year),
            enterprise=enterprise,
            ledger_entry=latest,
            grade=latest.grade,
            grade_since=since.effective_from,
            rulebook=since.rulebook,
            purpose=purpose,
            content=content,
            issued_on=today,
            valid_until=policy_on(today).valid_until(today),
            issued_by=actor if getattr(actor, "pk", None) else None,
        )
        certificate.full_clean()
        certificate.save()
        record_activity(
            actor=actor,
            verb="credit_status_certificate.issued",
            target=certificate,
            note=f"{enterprise.uscc} {latest.grade} {certificate.valid_until}"
            + (f" · {purpose}" if purpose else ""),
        )
        if actor is not None and actor.role != Role.ENTERPRISE:
            _tell_the_enterprise(enterprise, certificate)
    return certificate


def _tell_the_enterprise(enterprise, certificate):
    notify_enterprise_users(
        enterprise_id=enterprise.pk,
        subject=_("Customs issued a credit status certificate: %(number)s"),
        body=_(
            "Customs issued credit status certificate %(number)s for %(enterprise)s on your behalf. "
            "It is valid until %(valid_until)s, as long as the credit grade stays the same; download it "
            "from the enterprise's page."
        ),
        context=lambda: {
            "number": certificate.number,
            "enterprise": enterprise.display_name,
            "valid_until": format_date(certificate.valid_until),
        },
        link=f"{enterprise.get_absolute_url()}#credit-status",
    )

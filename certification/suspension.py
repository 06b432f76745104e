"""AEO measures suspended while a case filed against the enterprise is open (docs/rules.md).

Order 251 (Order 282 keeps the rule as far as the references show; verify its article): a criminal
case filed (刑事立案) for a suspected offence connected with customs functions suspends the measures
(must), an administrative case filed for investigation (立案调查) may, at the officer's choice.
`enterprises.case_filings` records the filings and calls `certificate_follow_case_filing` (registered
in apps.py) inside its services' transactions:

- a filing that suspends the measures (every criminal one; an administrative one once the officer
  chooses) suspends the certificate in force at once;
- when it closes, the certificate moves on to another open filing that suspends the measures, if
  there is one; otherwise, closed without liability, it is reinstated. Closed with liability it stays
  suspended: the penalty goes into the credit records, the dishonest criteria read it, and a
  determination ends the certificate (`certificates.certificates_end_on_grade_change`); the officer
  reinstates it when none follows.

A certificate an officer suspended by hand (no filing) is left to the officer. The nightly job
`suspend_on_filed_cases` catches up, set-based, certificates that came into force while a criminal
case was open.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from accounts.audit import record_activities
from certification.certificates import (
    REINSTATED_BODY,
    REINSTATED_SUBJECT,
    SUSPENDED_SUBJECT,
    _notify_holders,
    _set_status,
)
from certification.models import Certificate
from certification.public_verification import forget_verification
from core.display import format_date
from enterprises.models import CaseFiling

Status = Certificate.Status

SUSPENDED_BODY = gettext_lazy(
    "The AEO measures of %(enterprise)s under certificate %(number)s are suspended as of %(day)s. "
    "Reason: %(reason)s They resume if the case closes without liability."
)


def suspension_reason(filing):
    """Why the measures are suspended, in the site's language (stored on the certificate)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("AEO measures suspended: %(kind)s by %(authority)s on %(day)s (%(number)s).") % {
            "kind": filing.get_kind_display().lower(),
            "authority": filing.filing_authority,
            "day": format_date(filing.filed_on),
            "number": filing.case_number,
        }


def _reinstatement_reason(filing):
    with translation.override(settings.LANGUAGE_CODE):
        return _("Case %(number)s closed without liability on %(day)s.") % {
            "number": filing.case_number,
            "day": format_date(filing.closed_on),
        }


def _next_open_filing(filing):
    return (
        CaseFiling.objects.filter(
            enterprise=filing.enterprise_id, closed_on__isnull=True, suspends_measures=True
        )
        .exclude(pk=filing.pk)
        .order_by("filed_on", "pk")
        .first()
    )


def certificate_follow_case_filing(*, filing, actor):
    """Case-filing handler (`enterprises.case_filings.case_filing_handlers`): bring the enterprise's
    certificate in line with `filing` as it now stands."""
    locked = Certificate.objects.select_for_update(of=("self",)).select_related("enterprise")
    if filing.is_open:
        if not filing.suspends_measures:
            return
        for certificate in locked.filter(enterprise=filing.enterprise_id, status=Status.ACTIVE):
            certificate.suspended_on_filing = filing
            reason = suspension_reason(filing)
            _set_status(actor, certificate, Status.SUSPENDED, reason)
            _notify_holders(certificate, SUSPENDED_SUBJECT, SUSPENDED_BODY, reason=reason)
        return
    for certificate in locked.filter(suspended_on_filing=filing, status=Status.SUSPENDED):
        successor = _next_open_filing(filing)
        if successor is not None:
            certificate.suspended_on_filing = successor
            _set_status(actor, certificate, Status.SUSPENDED, suspension_reason(successor))
        elif filing.outcome == CaseFiling.Outcome.NO_LIABILITY:
            certificate.suspended_on_filing = None
            reason = _reinstatement_reason(filing)
            _set_status(actor, certificate, Status.ACTIVE, reason)
            _notify_holders(certificate, REINSTATED_SUBJECT, REINSTATED_BODY, reason=reason)


def suspend_on_filed_cases(*, as_of):
    """Scheduled: suspend every active certificate whose enterprise has an open criminal case filed on
    or before `as_of`, for the earliest such case. One query finds them and one bulk update (with its
    history rows) suspends them; a second run finds none."""
    earliest = (
        CaseFiling.objects.filter(
            enterprise=OuterRef("enterprise"),
            kind=CaseFiling.Kind.CRIMINAL,
            closed_on__isnull=True,
            filed_on__lte=as_of,
        )
        .order_by("filed_on", "pk")
        .values("pk")[:1]
    )
    with transaction.atomic():
        certificates = list(
            Certificate.objects.select_for_update(of=("self",))
            .filter(status=Status.ACTIVE)
            .annotate(filing_id=Subquery(earliest))
            .filter(filing_id__isnull=False)
            .select_related("enterprise")
            .order_by("pk")
        )
        filings = CaseFiling.objects.in_bulk([certificate.filing_id for certificate in certificates])
        now = timezone.now()
        for certificate in certificates:
            filing = filings[certificate.filing_id]
            certificate.status, certificate.status_changed_at = Status.SUSPENDED, now
            certificate.suspended_on_filing = filing
            certificate.status_reason = suspension_reason(filing)
        bulk_update_with_history(
            certificates,
            Certificate,
            ["status", "status_changed_at", "suspended_on_filing", "status_reason"],
            batch_size=500,
        )
        record_activities(actor=None, verb="certificate.suspended", targets=certificates)
        for certificate in certificates:
            forget_verification(certificate.number, certificate.aeo_code)
            _notify_holders(certificate, SUSPENDED_SUBJECT, SUSPENDED_BODY, reason=certificate.status_reason)
    return {"created": len(certificates)}

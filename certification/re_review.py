"""Re-review of a certificate: periodic (every N years of the rulebook) or ad hoc on a trigger.

A re-review is an application of its own kind, opened by an officer straight into the accepted
state: the team, audit, findings, scoring and rectification work as for a first certification.
Passing it moves the next due date on; failing it revokes the certificate and sets the grade back,
which starts the one-year bar.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certification import workflow
from certification.applications import _sync_items, receipt_number
from certification.certificates import _locked, certificate_check
from certification.models import Application, Certificate
from core.errors import InvalidState
from rulebooks.selectors import rulebook_in_force

Trigger = Application.ReReviewTrigger


def re_review_start(*, actor, certificate, trigger, reason, today=None):
    reason = (reason or "").strip()
    if trigger not in Trigger.values:
        raise ValidationError({"trigger": _("Choose what triggers the re-review.")})
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    try:
        return _open(actor, certificate, trigger, reason, today or timezone.localdate())
    except IntegrityError as error:
        raise InvalidState(_("The enterprise has an application in progress; decide it first.")) from error


def _open(actor, certificate, trigger, reason, today):
    with transaction.atomic():
        certificate = _locked(certificate)
        certificate_check(actor, certificate, "re_review")
        enterprise = certificate.enterprise
        if enterprise.applications.exclude(status__in=Application.CLOSED_STATUSES).exists():
            raise InvalidState(_("The enterprise has an application in progress; decide it first."))
        now = timezone.now()
        application = Application.objects.create(
            enterprise=enterprise,
            kind=Application.Kind.RE_REVIEW,
            rulebook=rulebook_in_force(today),
            target_grade=certificate.grade,
            certificate=certificate,
            trigger=trigger,
            created_by=actor,
            submitted_at=now,
            clock_started_on=today,
            status=Application.Status.ACCEPTED,
        )
        application.receipt_number = receipt_number(application, now)
        application.save(update_fields=["receipt_number"])
        application.business_types.set(enterprise.business_types.all())
        _sync_items(application)
        workflow.move(application, "start", actor, reason=reason, to_status=Application.Status.ACCEPTED)
    return application


def re_reviews_due(before):
    """Certificates in force whose periodic re-review falls on or before `before`."""
    return Certificate.objects.filter(status__in=("active", "suspended"), re_review_due__lte=before)


def open_due_re_reviews(*, as_of):
    """Scheduled: open the periodic re-review of every certificate in force that has come due.

    A certificate already under re-review, or whose enterprise has another application in
    progress, waits for the next run.
    """
    in_progress = Application.objects.filter(enterprise=OuterRef("enterprise")).exclude(
        status__in=Application.CLOSED_STATUSES
    )
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The periodic re-review is due.")
    opened = 0
    for certificate in re_reviews_due(as_of).exclude(Exists(in_progress)).order_by("re_review_due", "pk"):
        re_review_start(
            actor=None, certificate=certificate, trigger=Trigger.PERIODIC, reason=reason, today=as_of
        )
        opened += 1
    return {"created": opened}

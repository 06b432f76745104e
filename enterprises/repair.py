"""Credit repair (domain brief 4.2): on application after a waiting period, automatically after a clean one.

Both restore the regular grade through the credit ledger and mark the determinations they end as
repaired, which also ends their publication. Enterprises on the serious-dishonesty list, and
determinations whose criterion sets no waiting period, are repaired only automatically.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from core.display import format_date
from core.errors import InvalidState
from enterprises.evaluation import find_criterion
from enterprises.ledger import ledger_record
from enterprises.models import DishonestProposal, Enterprise, LedgerEntry, RepairApplication
from enterprises.notices import notify_enterprise_users, officers_of
from enterprises.permissions import require_enterprise_user, require_officer_of
from notifications.services import notify_users
from rulebooks.models import CreditGrade
from rulebooks.selectors import rulebook_in_force

DISHONEST_GRADES = (CreditGrade.DISHONEST, CreditGrade.SERIOUSLY_DISHONEST)


@dataclass(frozen=True)
class Eligibility:
    """Whether the enterprise may apply now; `earliest` is the first day it may (None: never)."""

    eligible: bool
    earliest: datetime.date | None
    reason: str


def unrepaired_determinations(enterprise):
    return DishonestProposal.objects.filter(
        enterprise=enterprise, status=DishonestProposal.Status.DETERMINED, repaired_by__isnull=True
    ).select_related("criterion", "ledger_entry")  # pragma: no mutate (saves queries only)


def determined_on(determination):
    if determination.ledger_entry_id:
        return determination.ledger_entry.effective_from
    return timezone.localdate(determination.decided_at)


def repair_eligibility(enterprise, today=None):
    """When `enterprise` may apply for credit repair, from its grade and its unrepaired determinations."""
    today = today or timezone.localdate()
    if enterprise.credit_grade not in DISHONEST_GRADES:
        return Eligibility(False, None, _("Only an enterprise determined dishonest needs credit repair."))
    determinations = list(unrepaired_determinations(enterprise))
    listed = [d for d in determinations if d.criterion.serious_list]
    if listed:
        return Eligibility(
            False,
            None,
            _(
                "Enterprises on the serious-dishonesty list (%(article)s) cannot apply for credit repair; "
                "credit is restored automatically after a clean period."
            )
            % {"article": listed[0].criterion.display_article},
        )
    unrepairable = [d for d in determinations if not d.criterion.repairable]
    if unrepairable:
        return Eligibility(
            False,
            None,
            _(
                "A determination under %(article)s cannot be repaired on application; "
                "credit is restored automatically after a clean period."
            )
            % {"article": unrepairable[0].criterion.display_article},
        )
    if not determinations:
        return Eligibility(True, today, "")
    earliest, binding = max(
        (determined_on(d) + relativedelta(months=d.criterion.repair_waiting_months), d)
        for d in determinations
    )
    if today < earliest:
        return Eligibility(
            False,
            earliest,
            _(
                "Credit repair can be applied for from %(day)s, %(months)d months after the "
                "determination under %(article)s."
            )
            % {
                "day": format_date(earliest),
                "months": binding.criterion.repair_waiting_months,
                "article": binding.criterion.display_article,
            },
        )
    return Eligibility(True, earliest, "")


REPAIR_SUBJECT = gettext_lazy("Credit repair: %(outcome)s")
APPROVED_BODY = gettext_lazy(
    "Customs has repaired the credit of %(enterprise)s (decision %(number)s): the grade is regular again "
    "from today and the dishonesty records are no longer published."
)
REFUSED_BODY = gettext_lazy("Customs has refused the credit repair application of %(enterprise)s: %(note)s")
AUTOMATIC_BODY = gettext_lazy(
    "No dishonest criterion has been met by %(enterprise)s for %(months)s months: its credit is "
    "restored to regular from %(day)s."
)


APPLIED_SUBJECT = gettext_lazy("Credit repair application from %(enterprise)s")
APPLIED_BODY = gettext_lazy(
    "%(enterprise)s applies for credit repair; answer by %(due)s. How it corrected its behaviour: %(actions)s"
)


def repair_apply(*, actor, enterprise, corrective_actions):
    """The enterprise applies; refused with the date it becomes possible when it is too early."""
    require_enterprise_user(
        actor, enterprise, _("Only the enterprise's own users apply for its credit repair.")
    )
    corrective_actions = (corrective_actions or "").strip()
    if not corrective_actions:
        raise ValidationError({"corrective_actions": _("Describe how the behaviour was corrected.")})
    today = timezone.localdate()
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        eligibility = repair_eligibility(enterprise, today)  # pragma: no mutate (its default is today)
        if not eligibility.eligible:
            raise InvalidState(eligibility.reason)
        if enterprise.repair_applications.filter(status=RepairApplication.Status.SUBMITTED).exists():
            raise InvalidState(_("An application for credit repair is already being considered."))
        rulebook = rulebook_in_force(today)  # pragma: no mutate (its default is today)
        application = RepairApplication.objects.create(
            enterprise=enterprise,
            rulebook=rulebook,
            applied_by=actor,
            corrective_actions=corrective_actions,
            answer_due=today + datetime.timedelta(days=rulebook.repair_answer_days),
        )
        record_activity(actor=actor, verb="repair.applied", target=application, note=corrective_actions)
        notify_users(
            officers_of(enterprise),
            subject=APPLIED_SUBJECT,
            body=APPLIED_BODY,
            context=lambda: {
                "enterprise": enterprise.display_name,
                "due": format_date(application.answer_due),
                "actions": corrective_actions,
            },
            link=reverse("repair-detail", args=[application.pk]),
        )
    return application


# Not mutated: a refusal records no decision number, so its default changes nothing anyone sees.
def repair_decide(*, actor, application, approve, note="", decision_number=""):  # pragma: no mutate
    """An officer approves (the grade is restored through the ledger) or refuses with a reason."""
    note, decision_number = (note or "").strip(), (decision_number or "").strip()
    if approve and not decision_number:
        raise ValidationError({"decision_number": _("Give the decision number.")})
    if not approve and not note:
        raise ValidationError({"note": _("Give the reason for refusing.")})
    with transaction.atomic():
        application = (
            RepairApplication.objects.select_for_update()
            .select_related("enterprise")  # pragma: no mutate (saves a query only)
            .get(pk=application.pk)
        )
        enterprise = application.enterprise
        require_officer_of(
            actor, enterprise, _("Only officers of the enterprise's customs decide on repair.")
        )
        if application.status != RepairApplication.Status.SUBMITTED:
            raise InvalidState(_("This application has already been decided."))
        if approve:
            eligibility = repair_eligibility(enterprise)
            if not eligibility.eligible:
                raise InvalidState(eligibility.reason)
            application.ledger_entry = _restore(
                actor,
                enterprise,
                cause=LedgerEntry.Cause.REPAIR,
                reason=note or application.corrective_actions,
                decision_number=decision_number,
            )
        application.status = (
            RepairApplication.Status.APPROVED if approve else RepairApplication.Status.REFUSED
        )
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.decision_note = note
        application.save()
        record_activity(
            actor=actor,
            verb="repair.decided",
            target=application,
            changes={"status": [RepairApplication.Status.SUBMITTED, application.status]},
            note=note or decision_number,
        )
        notify_enterprise_users(
            enterprise_id=enterprise.pk,
            subject=REPAIR_SUBJECT,
            body=APPROVED_BODY if approve else REFUSED_BODY,
            context=lambda: {
                "outcome": application.get_status_display().lower(),
                "enterprise": enterprise.display_name,
                "number": decision_number,
                "note": note,
            },
            link=reverse("repair-detail", args=[application.pk]),
        )
    return application


def _restore(actor, enterprise, *, cause, reason, decision_number="", day=None):
    """Regular grade through the ledger; the determinations it ends are marked repaired."""
    entry = ledger_record(
        actor=actor,
        enterprise=enterprise,
        grade=CreditGrade.REGULAR,
        cause=cause,
        reason=reason,
        effective_from=day,  # pragma: no mutate (ledger_record's default is `today`, the same day)
        decision_number=decision_number,
        today=day,
    )
    unrepaired_determinations(enterprise).update(repaired_by=entry)
    return entry


def repair_automatically(*, as_of):
    """Restore every dishonest enterprise that has met no criterion for the rulebook's clean period.

    One query finds the candidates: dishonest, the last grade decision at least the clean period
    old, no open proposal and no determination on evidence from inside the period. Of those, any
    that meets a criterion today (an unpaid tax, say) stays dishonest.
    """
    rulebook = rulebook_in_force(as_of)
    months = rulebook.automatic_repair_months
    clean_since = as_of - relativedelta(months=months)
    last_decision = LedgerEntry.objects.filter(enterprise=OuterRef("pk")).order_by("-effective_from")
    proposals = DishonestProposal.objects.filter(enterprise=OuterRef("pk"))
    candidates = (
        Enterprise.objects.filter(credit_grade__in=DISHONEST_GRADES)
        .annotate(last_decided=Subquery(last_decision.values("effective_from")[:1]))
        .filter(last_decided__lte=clean_since)
        .exclude(Exists(proposals.filter(status__in=DishonestProposal.OPEN_STATUSES)))
        .exclude(
            Exists(
                proposals.filter(status=DishonestProposal.Status.DETERMINED, evidence_date__gt=clean_since)
            )
        )
    )
    still_met = set()
    for criterion in rulebook.criteria.filter(evaluated=True):
        still_met.update(f.enterprise_id for f in find_criterion(criterion, as_of, among=candidates))
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("No dishonest criterion met for %(months)d months.") % {"months": months}
    restored = 0
    for enterprise in candidates.exclude(pk__in=still_met).order_by("pk"):
        with transaction.atomic():
            entry = _restore(
                None, enterprise, cause=LedgerEntry.Cause.AUTOMATIC_REPAIR, reason=reason, day=as_of
            )
            record_activity(actor=None, verb="repair.automatic", target=enterprise, note=reason)
            _notify_automatic_repair(enterprise, entry, months)
        restored += 1
    return {"rulebook": rulebook.code, "created": restored, "candidates": restored + len(still_met)}


def _notify_automatic_repair(enterprise, entry, months):
    notify_enterprise_users(
        enterprise_id=enterprise.pk,
        subject=REPAIR_SUBJECT,
        body=AUTOMATIC_BODY,
        context=lambda: {
            "outcome": LedgerEntry.Cause.AUTOMATIC_REPAIR.label.lower(),
            "enterprise": enterprise.display_name,
            "months": months,
            "day": format_date(entry.effective_from),
        },
        link=reverse("enterprise-detail", args=[enterprise.pk]),
    )

"""Objections to published records (domain brief 4.4): customs re-checks within the rulebook's days.

Only a record the public can see today can be objected to, and only once at a time. Upholding an
objection withdraws the record from publication; a withdrawn penalty also stops counting towards
the dishonest criteria.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from credit_mgmt.errors import InvalidState
from enterprises.disclosure import published_determinations, published_penalties
from enterprises.models import DishonestProposal, Objection, Penalty
from enterprises.notices import notify_enterprise_users
from enterprises.permissions import require_enterprise_user, require_officer_of
from rulebooks.selectors import rulebook_in_force

ANSWER_SUBJECT = gettext_lazy("Your objection: %(outcome)s")
ANSWER_BODY = gettext_lazy("Customs has re-checked the record %(record)s: %(answer)s")


def objectable_records(enterprise, day=None):
    """Ids of the enterprise's records that can be objected to now: published, no open objection."""
    day = day or timezone.localdate()
    contested = Objection.objects.filter(enterprise=enterprise, status=Objection.Status.OPEN)
    penalties = (
        published_penalties(day)
        .filter(enterprise=enterprise)
        .exclude(pk__in=contested.filter(penalty__isnull=False).values("penalty_id"))
    )
    determinations = (
        published_determinations(day)
        .filter(enterprise=enterprise)
        .exclude(pk__in=contested.filter(determination__isnull=False).values("determination_id"))
    )
    return {
        "penalties": set(penalties.values_list("pk", flat=True)),
        "determinations": set(determinations.values_list("pk", flat=True)),
    }


def objection_file(*, actor, record, reason):
    """The enterprise contests one of its published penalties or dishonesty records."""
    enterprise = record.enterprise
    require_enterprise_user(actor, enterprise, _("Only the enterprise's own users object to its records."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with the record.")})
    today = timezone.localdate()
    target = {"penalty": record} if isinstance(record, Penalty) else {"determination": record}
    published = published_penalties(today) if isinstance(record, Penalty) else published_determinations(today)
    with transaction.atomic():
        type(record).objects.select_for_update().get(pk=record.pk)
        if not published.filter(pk=record.pk).exists():
            raise InvalidState(_("Only a record that is published can be objected to."))
        if Objection.objects.filter(status=Objection.Status.OPEN, **target).exists():
            raise InvalidState(_("An objection to this record is already being re-checked."))
        rulebook = rulebook_in_force(today)
        objection = Objection.objects.create(
            enterprise=enterprise,
            filed_by=actor,
            reason=reason,
            recheck_due=today + datetime.timedelta(days=rulebook.objection_recheck_days),
            **target,
        )
        record_activity(actor=actor, verb="objection.filed", target=objection, note=reason)
    return objection


def objection_answer(*, actor, objection, upheld, answer):
    """An officer re-checks: upheld withdraws the record from publication, rejected leaves it."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Give the result of the re-check.")})
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("enterprise", "penalty", "determination__criterion")
            .get(pk=objection.pk)
        )
        require_officer_of(
            actor, objection.enterprise, _("Only officers of the enterprise's customs re-check its records.")
        )
        if objection.status != Objection.Status.OPEN:
            raise InvalidState(_("This objection has already been answered."))
        objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
        objection.answer = answer
        objection.answered_by = actor
        objection.answered_at = timezone.now()
        objection.save()
        if upheld:
            record = objection.record
            record.publication_withdrawn_at = objection.answered_at
            record.save(update_fields=["publication_withdrawn_at"])
        record_activity(
            actor=actor,
            verb="objection.answered",
            target=objection,
            changes={"status": [Objection.Status.OPEN, objection.status]},
            note=answer,
        )
        notify_enterprise_users(
            enterprise_id=objection.enterprise_id,
            subject=ANSWER_SUBJECT,
            body=ANSWER_BODY,
            context=lambda: {
                "outcome": objection.get_status_display().lower(),
                "record": record_label(objection.record),
                "answer": answer,
            },
            link=reverse("objection-detail", args=[objection.pk]),
        )
    return objection


def record_label(record):
    if isinstance(record, DishonestProposal):
        return f"{record.decision_number} ({record.criterion.article})"
    return record.case_number

"""Guidance sessions: one-to-one or group, on site or online, recorded after they are held."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from cultivation.models import CultivationPlan, GuidanceSession
from cultivation.plans import locked_active
from cultivation.selectors import visible_plans


def session_record(
    *,
    actor,
    kind,
    mode,
    held_on,
    plans,
    attendees,
    topics,
    notes="",
    follow_up="",
    shared_with_enterprise=True,
):
    """A session covering `plans`: exactly one for one-to-one guidance, two or more for a group."""
    plans = list(plans or ())
    errors = {}
    if kind not in GuidanceSession.Kind.values:
        errors["kind"] = _("Choose one-to-one or group guidance.")
    elif kind == GuidanceSession.Kind.ONE_TO_ONE and len(plans) != 1:
        errors["plans"] = _("One-to-one guidance covers exactly one plan.")
    elif kind == GuidanceSession.Kind.GROUP and len(plans) < 2:
        errors["plans"] = _("A group session covers at least two plans.")
    if mode not in GuidanceSession.Mode.values:
        errors["mode"] = _("Choose on site or online.")
    if held_on > timezone.localdate():
        errors["held_on"] = _("Record a session once it has been held.")
    for field, value, message in (
        ("attendees", attendees, _("List who attended.")),
        ("topics", topics, _("Say what the guidance covered.")),
    ):
        if not (value or "").strip():
            errors[field] = message
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = [locked_active(plan, actor) for plan in sorted(plans, key=lambda plan: plan.pk)]
        session = GuidanceSession.objects.create(
            office=actor.office,
            kind=kind,
            mode=mode,
            held_on=held_on,
            attendees=attendees.strip(),
            topics=topics.strip(),
            notes=(notes or "").strip(),
            follow_up=(follow_up or "").strip(),
            shared_with_enterprise=shared_with_enterprise,
            recorded_by=actor,
        )
        session.plans.set(locked)
        for plan in locked:
            record_activity(actor=actor, verb="plan.session", target=plan, note=held_on.isoformat())
    return session


def plans_for_group_sessions(user):
    """Active plans an officer may add to a session: those of enterprises in their jurisdiction."""
    return visible_plans(user).filter(status=CultivationPlan.Status.ACTIVE).select_related("enterprise")

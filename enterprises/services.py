"""Every write to the register: keyword-only, one transaction each, permission re-checked."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_activity
from accounts.models import Role
from accounts.selectors import customs_staff, offices_in_jurisdiction
from core.changes import apply_changes, refuse_other_fields
from core.errors import InvalidState, NotPermitted
from enterprises.ledger import ledger_open
from enterprises.models import (
    ConflictOfInterest,
    CoordinatorAssignment,
    Enterprise,
    EnterpriseEvent,
    EnterpriseMembership,
)
from rulebooks.models import COORDINATOR_MEASURE
from rulebooks.selectors import grades_with_measure

PROFILE_FIELDS = ("name", "name_en", "address", "legal_representative", "customs_office")


def require_register_keeper(actor, office):
    """Officers keep the register of their own jurisdiction; `actor=None` is the system."""
    if actor is None:
        return
    if actor.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise NotPermitted(_("Only customs officers keep the enterprise register."))
    if not offices_in_jurisdiction(actor).filter(pk=office.pk).exists():
        raise ValidationError({"customs_office": _("This office is outside your jurisdiction.")})


def enterprise_create(
    *, actor, uscc, customs_code, name, customs_office, business_types=(), registered_on=None, **profile
):
    """Register an enterprise; `registered_on` dates its opening ledger entry (default today)."""
    require_register_keeper(actor, customs_office)
    try:
        with transaction.atomic():
            enterprise = Enterprise(
                uscc=uscc, customs_code=customs_code, name=name, customs_office=customs_office, **profile
            )
            enterprise.full_clean()
            enterprise.save()
            enterprise.business_types.set(business_types)
            ledger_open(actor=actor, enterprise=enterprise, effective_from=registered_on)
            record_activity(actor=actor, verb="enterprise.created", target=enterprise)
    except IntegrityError as error:
        # The same enterprise registered twice at once: full_clean() passed for both, the unique
        # index stopped the second.
        raise ValidationError(
            _("An enterprise with this unified social credit code or customs code is already registered.")
        ) from error
    return enterprise


def enterprise_update(*, actor, enterprise, business_types=None, **changes):
    """Change profile fields; identity codes and the grade are not edited here."""
    refuse_other_fields(changes, PROFILE_FIELDS)
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        require_register_keeper(actor, enterprise.customs_office)
        if "customs_office" in changes:
            require_register_keeper(actor, changes["customs_office"])
        diff = apply_changes(enterprise, changes)
        if business_types is not None:
            old_codes = sorted(enterprise.business_types.values_list("code", flat=True))
            new_codes = sorted(bt.code for bt in business_types)
            if old_codes != new_codes:
                diff["business_types"] = [old_codes, new_codes]
        if not diff:
            return enterprise
        enterprise.full_clean()
        enterprise.save()
        if "business_types" in diff:
            enterprise.business_types.set(business_types)
        for field, kind in EVENT_FIELDS.items():
            if field in diff:
                _event_create(
                    actor=actor,
                    enterprise=enterprise,
                    kind=kind,
                    occurred_on=timezone.localdate(),
                    description=" → ".join(diff[field]),
                )
        record_activity(actor=actor, verb="enterprise.updated", target=enterprise, changes=diff)
    return enterprise


# Profile changes that matter for credit are change events as well (they can trigger a re-review).
EVENT_FIELDS = {
    "legal_representative": EnterpriseEvent.Kind.LEGAL_REPRESENTATIVE,
    "address": EnterpriseEvent.Kind.PREMISES,
}


def _event_create(*, actor, enterprise, kind, occurred_on, description):
    event = EnterpriseEvent(
        enterprise=enterprise,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    event.full_clean()
    event.save()
    record_activity(actor=actor, verb="enterprise.event_recorded", target=enterprise, note=str(event))
    return event


def enterprise_event_record(*, actor, enterprise, kind, occurred_on, description=""):
    """Record a change that matters for credit (ownership, merger, split, ...) with its date."""
    require_register_keeper(actor, enterprise.customs_office)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("A change cannot be recorded before it happens.")})
    with transaction.atomic():
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        return _event_create(
            actor=actor, enterprise=enterprise, kind=kind, occurred_on=occurred_on, description=description
        )


def membership_create(*, actor, user, enterprise, is_senior_manager=False):
    """Make an enterprise user act for `enterprise` (one enterprise per user)."""
    if actor is not None and actor.role != Role.ADMINISTRATOR:
        require_register_keeper(actor, enterprise.customs_office)
    if user.role != Role.ENTERPRISE:
        raise ValidationError({"user": _("Only enterprise users can act for an enterprise.")})
    with transaction.atomic():
        if EnterpriseMembership.objects.filter(user=user).exists():
            raise ValidationError({"user": _("This user already acts for an enterprise.")})
        membership = EnterpriseMembership.objects.create(
            user=user, enterprise=enterprise, is_senior_manager=is_senior_manager
        )
        record_activity(actor=actor, verb="membership.created", target=membership)
    return membership


def coordinator_choices(enterprise):
    """Who may coordinate for `enterprise`: the coordinators of its customs (a declared conflict of
    interest is refused with its own reason)."""
    return customs_staff(enterprise.customs_office, (Role.COORDINATOR,))


def coordinator_assign(*, actor, enterprise, coordinator):
    """Make `coordinator` the one active coordinator of `enterprise`, ending any other."""
    require_register_keeper(actor, enterprise.customs_office)
    if not coordinator_choices(enterprise).filter(pk=coordinator.pk).exists():
        raise ValidationError({"coordinator": _("Choose an active coordinator of the enterprise's customs.")})
    if ConflictOfInterest.objects.filter(officer=coordinator, enterprise=enterprise).exists():
        raise ValidationError(
            {"coordinator": _("This coordinator has declared a conflict of interest with the enterprise.")}
        )
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if enterprise.credit_grade not in grades_with_measure(COORDINATOR_MEASURE):
            raise InvalidState(
                _("The rulebook in force assigns no coordinator to this enterprise's grade (%(grade)s).")
                % {"grade": enterprise.get_credit_grade_display()}
            )
        current = CoordinatorAssignment.objects.filter(enterprise=enterprise, is_active=True).first()
        if current and current.coordinator_id == coordinator.pk:
            return current
        if current:
            current.is_active = False
            current.ended_at = timezone.now()
            current.save(update_fields=["is_active", "ended_at"])
        assignment = CoordinatorAssignment.objects.create(enterprise=enterprise, coordinator=coordinator)
        record_activity(
            actor=actor,
            verb="coordinator.assigned",
            target=enterprise,
            changes={"coordinator": [str(current.coordinator) if current else None, str(coordinator)]},
        )
    return assignment


def conflict_of_interest_declare(*, actor, officer, enterprise, description):
    """Record an officer's interest in an enterprise: from now on they neither audit nor coordinate it,
    so an assignment of them as its coordinator ends at once (the assignment job picks another)."""
    require_register_keeper(actor, enterprise.customs_office)
    if officer.role not in (Role.OFFICER, Role.COORDINATOR):
        raise ValidationError({"officer": _("Only customs officers and coordinators declare an interest.")})
    with transaction.atomic():
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        existing = ConflictOfInterest.objects.filter(officer=officer, enterprise=enterprise).first()
        if existing:
            return existing
        conflict = ConflictOfInterest(officer=officer, enterprise=enterprise, description=description)
        conflict.full_clean()
        conflict.save()
        ended = CoordinatorAssignment.objects.filter(
            enterprise=enterprise, coordinator=officer, is_active=True
        ).update(is_active=False, ended_at=timezone.now())
        record_activity(
            actor=actor,
            verb="conflict_of_interest.declared",
            target=enterprise,
            changes={"officer": str(officer), "coordinator_assignment_ended": bool(ended)},
            note=description,
        )
    return conflict


def conflict_of_interest_withdraw(*, actor, conflict):
    """The interest ended (or was declared by mistake): the officer may serve the enterprise again."""
    require_register_keeper(actor, conflict.enterprise.customs_office)
    with transaction.atomic():
        conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
        record_activity(
            actor=actor,
            verb="conflict_of_interest.withdrawn",
            target=conflict.enterprise,
            changes={"officer": str(conflict.officer)},
        )
        conflict.delete()

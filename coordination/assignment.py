"""Automatic assignment of coordinators (domain brief, section 7).

Which enterprises get a coordinator is the rulebook's word: the grades to which the rulebook in
force gives the coordinator measure (GAC Announcement 2018 No. 181: advanced certified enterprises).
Each of them gets one active coordinator from its own directly-under customs: never one
with a declared conflict of interest, never beyond a coordinator's capacity, preferring one with
expertise in the enterprise's business types, and otherwise the least loaded. The order is fixed
(enterprises by id, ties by coordinator id), so the same data always gives the same assignment,
and a second run finds nothing to do. Loads are counted once per run in one query.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activities, record_activity
from accounts.models import Role
from accounts.selectors import offices_in_jurisdiction
from coordination.models import Case, CoordinatorProfile
from core.errors import NotPermitted
from enterprises.models import ConflictOfInterest, CoordinatorAssignment, Enterprise
from notifications.services import notify_users
from rulebooks.models import COORDINATOR_MEASURE
from rulebooks.selectors import grades_with_measure


def _directly_under_code(path):
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) > 1 else None


def end_unusable_assignments(now=None):
    """End active assignments to coordinators who left, were deactivated or declared a conflict."""
    conflict = ConflictOfInterest.objects.filter(
        officer=OuterRef("coordinator"), enterprise=OuterRef("enterprise")
    )
    unusable = CoordinatorAssignment.objects.filter(is_active=True).filter(
        Q(coordinator__coordinator_profile__isnull=True)
        | Q(coordinator__coordinator_profile__is_active=False)
        | Q(coordinator__is_active=False)
        | Exists(conflict)
    )
    return unusable.update(is_active=False, ended_at=now or timezone.now())


def end_assignments_outside(grades, now=None):
    """End active assignments of enterprises whose grade the rulebook gives no coordinator (one UPDATE
    after one read for the audit trail); the number ended."""
    outside = CoordinatorAssignment.objects.filter(is_active=True).exclude(
        enterprise__credit_grade__in=grades
    )
    enterprises = list(
        Enterprise.objects.filter(pk__in=outside.values("enterprise")).only("pk", "name", "name_en")
    )
    ended = outside.update(is_active=False, ended_at=now or timezone.now())
    record_activities(actor=None, verb="coordinator.ended_by_rulebook", targets=enterprises)
    return ended


@dataclass(slots=True, frozen=True)
class _Coordinator:
    """What the choice needs of a coordinator, as plain values: it runs once per enterprise and
    coordinator, tens of millions of times at national scale."""

    user_id: int
    capacity: int
    expertise_ids: frozenset


def _pick(coordinators, load, business_types, conflicted):
    """The coordinator for one enterprise, or None when everyone eligible is full."""
    eligible = [c for c in coordinators if load[c.user_id] < c.capacity and c.user_id not in conflicted]
    experts = [c for c in eligible if business_types & c.expertise_ids]
    pool = experts or eligible
    return min(pool, key=lambda c: (load[c.user_id], c.user_id), default=None)


def _loads():
    """Active assignments plus open cases, per coordinator: two aggregate queries."""
    load = defaultdict(int)
    for rows in (
        CoordinatorAssignment.objects.filter(is_active=True).values_list("coordinator"),
        Case.objects.exclude(status=Case.Status.CLOSED)
        .filter(coordinator__isnull=False)
        .values_list("coordinator"),
    ):
        for coordinator_id, count in rows.annotate(n=Count("id")).order_by():
            load[coordinator_id] += count
    return load


def assign_coordinators(*, as_of=None, office=None, enterprise=None):
    """Assign a coordinator to every enterprise whose grade the rulebook in force on `as_of` (today by
    default) gives one and that lacks a usable one, and end the others' assignments; the counts of the run.

    With `enterprise`, that enterprise alone, at once (a grade change that gives it a coordinator),
    and its new coordinator is told; the nightly run does the rest of the register."""
    grades = grades_with_measure(COORDINATOR_MEASURE, as_of)
    with transaction.atomic():
        ended = 0 if enterprise else end_unusable_assignments() + end_assignments_outside(grades)
        enterprises = (
            Enterprise.objects.filter(credit_grade__in=grades)
            .exclude(coordinator_assignments__is_active=True)
            .select_related("customs_office")
            .prefetch_related("business_types")
            .order_by("pk")
        )
        profiles = CoordinatorProfile.objects.filter(is_active=True, user__is_active=True).select_related(
            "office"
        )
        if office is not None:
            enterprises = enterprises.filter(customs_office__path__startswith=office.path)
            profiles = profiles.filter(office=office)
        if enterprise is not None:
            enterprises = enterprises.filter(pk=enterprise.pk)
        by_office = defaultdict(list)
        for profile in profiles.prefetch_related("expertise").order_by("user_id"):
            expertise = frozenset(business_type.pk for business_type in profile.expertise.all())
            by_office[profile.office.code].append(_Coordinator(profile.user_id, profile.capacity, expertise))
        load = _loads()
        conflicts = defaultdict(set)
        declared = ConflictOfInterest.objects.all()
        if enterprise is not None:
            declared = declared.filter(enterprise=enterprise)
        for officer_id, enterprise_id in declared.values_list("officer", "enterprise"):
            conflicts[enterprise_id].add(officer_id)
        new, waiting = [], 0
        for candidate in enterprises:
            coordinators = by_office.get(_directly_under_code(candidate.customs_office.path), [])
            types = {business_type.pk for business_type in candidate.business_types.all()}
            chosen = _pick(coordinators, load, types, conflicts[candidate.pk])
            if chosen is None:
                waiting += 1
                continue
            load[chosen.user_id] += 1
            new.append(CoordinatorAssignment(enterprise=candidate, coordinator_id=chosen.user_id))
        CoordinatorAssignment.objects.bulk_create(new, batch_size=1000)
        record_activities(actor=None, verb="coordinator.assigned", targets=[a.enterprise for a in new])
        _hand_over_open_cases(enterprise)
        if enterprise is not None:
            for assignment in new:
                _tell_the_coordinator(assignment)
    return {"created": len(new), "ended": ended, "unassigned": waiting}


ASSIGNED_SUBJECT = gettext_lazy("You coordinate %(enterprise)s")
ASSIGNED_BODY = gettext_lazy(
    "%(enterprise)s (%(grade)s) has been assigned to you as its coordinator from today. Its requests "
    "reach your case list."
)


def _tell_the_coordinator(assignment):
    enterprise = assignment.enterprise
    notify_users(
        [assignment.coordinator],
        subject=ASSIGNED_SUBJECT,
        body=ASSIGNED_BODY,
        context=lambda: {
            "enterprise": enterprise.display_name,
            "grade": enterprise.get_credit_grade_display(),
        },
        link=reverse("enterprise-detail", args=[enterprise.pk]),
    )


def _hand_over_open_cases(enterprise=None):
    """Open cases follow their enterprise's current coordinator (after a reassignment)."""
    current = CoordinatorAssignment.objects.filter(enterprise=OuterRef("enterprise"), is_active=True).values(
        "coordinator"
    )[:1]
    cases = Case.objects.filter(enterprise=enterprise) if enterprise is not None else Case.objects.all()
    stale = (
        cases.exclude(status=Case.Status.CLOSED)
        .annotate(current=Subquery(current))
        .filter(current__isnull=False)
        .filter(Q(coordinator__isnull=True) | ~Q(coordinator=F("current")))
    )
    return Case.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).update(
        coordinator=Subquery(current)
    )


def coordinator_deactivate(*, actor, profile):
    """A coordinator leaves: their enterprises go to colleagues of the same office at once."""
    if actor is not None and actor.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise NotPermitted(_("Only officers manage coordinators."))
    with transaction.atomic():
        profile = (
            CoordinatorProfile.objects.select_for_update().select_related("office", "user").get(pk=profile.pk)
        )
        if actor is not None and not offices_in_jurisdiction(actor).filter(pk=profile.office_id).exists():
            raise NotPermitted(_("This coordinator belongs to another customs."))
        profile.is_active = False
        profile.save()
        record_activity(actor=actor, verb="coordinator.deactivated", target=profile)
        return assign_coordinators(office=profile.office)

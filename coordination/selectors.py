"""Which cases a user sees, and the workload of the coordinators an officer manages."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import offices_in_jurisdiction
from certification.certificates import IN_FORCE
from coordination.models import Case, CoordinatorProfile
from enterprises.selectors import enterprise_list, visible_enterprises


def visible_cases(user):
    """Cases of visible enterprises, and those assigned to the user as coordinator."""
    if not user.is_authenticated:
        return Case.objects.none()
    visible = Q(enterprise__in=visible_enterprises(user))
    if user.role == Role.COORDINATOR:
        visible |= Q(coordinator=user)
    return Case.objects.filter(visible)


def case_queue(user, *, status="", overdue=False, today=None):
    cases = visible_cases(user)
    if status:
        cases = cases.filter(status=status)
    if overdue:
        cases = cases.exclude(status=Case.Status.CLOSED).filter(due_on__lt=today or timezone.localdate())
    # Cases still to serve first, soonest deadline first whether or not a contact is logged yet.
    closed = ExpressionWrapper(Q(status=Case.Status.CLOSED), output_field=BooleanField())
    return cases.select_related("enterprise", "coordinator").order_by(closed, "due_on", "id")


def coordinator_workload(user, today=None):
    """Coordinators of the officer's jurisdiction with their enterprises, open and overdue cases."""
    today = today or timezone.localdate()
    open_cases = ~Q(user__coordinated_cases__status=Case.Status.CLOSED)
    return (
        CoordinatorProfile.objects.filter(office__in=offices_in_jurisdiction(user))
        .select_related("user", "office")
        .annotate(
            enterprises=Count(
                "user__coordinator_assignments",
                filter=Q(user__coordinator_assignments__is_active=True),
                distinct=True,
            ),
            open_cases=Count("user__coordinated_cases", filter=open_cases, distinct=True),
            overdue_cases=Count(
                "user__coordinated_cases",
                filter=open_cases & Q(user__coordinated_cases__due_on__lt=today),
                distinct=True,
            ),
        )
        .order_by("office__code", "-is_active", "user__username")
    )


def coordinator_workspace(user, today=None, limit=50):
    """A coordinator's home: open cases by deadline, and assigned enterprises with their open cases
    and next re-review (annotated, so the page costs the same queries for 5 or 50 enterprises)."""
    today = today or timezone.localdate()
    open_cases = visible_cases(user).exclude(status=Case.Status.CLOSED).filter(coordinator=user)
    enterprises = enterprise_list(user).annotate(
        open_cases=Count("cases", filter=~Q(cases__status=Case.Status.CLOSED), distinct=True),
        re_review_due=Min("certificates__re_review_due", filter=Q(certificates__status__in=IN_FORCE)),
    )
    return {
        "open_cases": open_cases.select_related("enterprise").order_by("due_on", "id")[:10],
        "open_case_count": open_cases.count(),
        "overdue_case_count": open_cases.filter(due_on__lt=today).count(),
        "enterprises": enterprises.order_by("name")[:limit],
        "today": today,
    }

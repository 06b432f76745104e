"""What each user sees of cultivation, and the figures of the officers' dashboard.

Everything starts from `visible_enterprises`: officers see their jurisdiction's plans and pool,
an enterprise its own plan (without the pool or customs' internal notes), a coordinator the plans
of the enterprises assigned to them.
"""

import statistics

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, Case, Count, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from accounts.models import Role
from certification.models import Application
from cultivation.models import Candidate, CultivationPlan, Gap, GuidanceSession, Milestone
from cultivation.pool import percent_growth
from enterprises.selectors import visible_enterprises

AVERAGE_MONTH_DAYS = 30.44


def visible_plans(user):
    return CultivationPlan.objects.filter(enterprise__in=visible_enterprises(user))


def visible_candidates(user):
    """The pool is customs' own working list: officers and administrators only."""
    if not user.is_authenticated or user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        return Candidate.objects.none()
    return Candidate.objects.filter(enterprise__in=visible_enterprises(user))


def sessions_visible_to(user):
    """Sessions of the user's visible plans; an enterprise user sees only those whose notes customs shared."""
    sessions = GuidanceSession.objects.filter(
        pk__in=GuidanceSession.plans.through.objects.filter(cultivationplan__in=visible_plans(user)).values(
            "guidancesession"
        )
    )
    if user.is_authenticated and user.role == Role.ENTERPRISE:
        sessions = sessions.filter(shared_with_enterprise=True)
    return sessions


def visible_sessions(user, plan):
    """The sessions of one plan the user may read, newest first."""
    return (
        sessions_visible_to(user)
        .filter(plans=plan)
        .select_related("recorded_by")
        .prefetch_related("plans__enterprise")
    )


def with_progress(plans):
    """Annotate the current phase (that of the next open milestone; none when all are done) and its date."""
    next_open = Milestone.objects.filter(plan=OuterRef("pk"), completed_on__isnull=True).order_by(
        "due_on", "id"
    )
    return plans.annotate(
        current_phase=Subquery(next_open.values("phase")[:1]),
        next_due=Subquery(next_open.values("due_on")[:1]),
    )


def plan_list(user, *, status="", phase="", query="", overdue=False, today=None):
    today = today or timezone.localdate()
    plans = with_progress(visible_plans(user))
    if status:
        plans = plans.filter(status=status)
    if phase:
        plans = plans.filter(current_phase=phase)
    if overdue:
        plans = plans.filter(status=CultivationPlan.Status.ACTIVE, next_due__lt=today)
    if query:
        plans = plans.filter(Q(enterprise__name__contains=query) | Q(enterprise__name_en__icontains=query))
    return plans.select_related("enterprise", "office").order_by("status", "next_due", "-starts_on", "id")


def plans_by_phase(plans):
    """[(phase or None when every milestone is done, count)] of the active plans, in phase order."""
    counts = dict(
        with_progress(plans.filter(status=CultivationPlan.Status.ACTIVE))
        .values_list("current_phase")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(Milestone.Phase(phase), counts.get(phase, 0)) for phase in Milestone.PHASE_ORDER] + [
        (None, counts.get(None, 0))
    ]


def overdue_milestones(user, today=None):
    today = today or timezone.localdate()
    return (
        Milestone.objects.filter(
            plan__in=visible_plans(user).filter(status=CultivationPlan.Status.ACTIVE),
            completed_on__isnull=True,
            due_on__lt=today,
        )
        .select_related("plan__enterprise")
        .order_by("due_on", "id")
    )


def conversion(plans):
    """How many ended plans led to certification, and the median months from start to certificate."""
    ended = plans.exclude(status=CultivationPlan.Status.ACTIVE)
    certified = ended.filter(
        Q(status=CultivationPlan.Status.RECOMMENDED, application__status=Application.Status.CERTIFIED)
        | Q(status=CultivationPlan.Status.EXITED, exit_reason=CultivationPlan.ExitReason.CERTIFIED)
    )
    months = [
        ((timezone.localdate(decided_at) if decided_at else closed_on) - starts_on).days / AVERAGE_MONTH_DAYS
        for starts_on, closed_on, decided_at in certified.values_list(
            "starts_on", "closed_on", "application__decided_at"
        )
    ]
    total = ended.count()
    return {
        "ended": total,
        "certified": len(months),
        "rate": round(100 * len(months) / total) if total else None,
        "median_months": round(statistics.median(months), 1) if months else None,
        "recommended": ended.filter(status=CultivationPlan.Status.RECOMMENDED).count(),
    }


def dashboard(user, today=None):
    today = today or timezone.localdate()
    plans = visible_plans(user)
    overdue = overdue_milestones(user, today)
    return {
        "phases": plans_by_phase(plans),
        "active_count": plans.filter(status=CultivationPlan.Status.ACTIVE).count(),
        "overdue_milestones": overdue[:10],
        "overdue_count": overdue.count(),
        "conversion": conversion(plans),
        "pool": dashboard_counts(user),
    }


def gaps_of(plan, user):
    """The plan's gaps, those the user owns first (marked `mine`), then open before closed."""
    mine = Case(When(owner_id=user.pk, then=Value(True)), default=Value(False), output_field=BooleanField())
    return (
        plan.gaps.select_related("item", "owner", "found_in")
        .annotate(mine=mine)
        .order_by("-mine", "closed_on", "item__order", "item__code")
    )


def open_gap_count(plan):
    return plan.gaps.exclude(status=Gap.Status.CLOSED).count()


def dashboard_counts(user):
    counts = dict(
        visible_candidates(user)
        .filter(status__in=Candidate.OPEN_STATUSES)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "suggested": counts.get(Candidate.Status.SUGGESTED, 0),
        "in_pool": counts.get(Candidate.Status.IN_POOL, 0),
    }


def candidate_figures(enterprise, today=None):
    """What the selection criteria look at, for one enterprise's page."""
    today = today or timezone.localdate()
    last_year = today.year - 1
    counts = dict(
        enterprise.document_counts.filter(year__in=(last_year, last_year - 1)).values_list(
            "year", "declarations"
        )
    )
    before, last = counts.get(last_year - 1, 0), counts.get(last_year, 0)
    return {
        "year": last_year,
        "declarations": last,
        "declarations_before": before,
        "growth": percent_growth(last, before),
        "penalties": enterprise.penalties.filter(decided_on__gte=today - relativedelta(years=2)).count(),
        "overdue_arrears": enterprise.arrears.filter(paid_on__isnull=True, due_on__lt=today).count(),
    }


def enterprise_cultivation(user, enterprise, today=None):
    """The enterprise's plan in progress for its home page: the next milestones and the open gaps
    assigned to the user; None without a plan in progress."""
    plan = visible_plans(user).filter(enterprise=enterprise, status=CultivationPlan.Status.ACTIVE).first()
    if plan is None:
        return None
    today = today or timezone.localdate()
    return {
        "plan": plan,
        "milestones": plan.milestones.filter(completed_on__isnull=True).order_by("due_on", "id")[:3],
        "my_gaps": plan.gaps.filter(owner=user).exclude(status=Gap.Status.CLOSED).select_related("item")[:10],
        "today": today,
    }


def officer_summary(user, today=None):
    """The figures of the cultivation card on an officer's home page (four counts, plans by phase)."""
    plans = visible_plans(user)
    phases = plans_by_phase(plans)
    return {
        "active": sum(n for _phase, n in phases),
        "phases": phases,
        "overdue": overdue_milestones(user, today).count(),
        "pool": dashboard_counts(user),
    }

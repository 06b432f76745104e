"""The visibility gate of certification: applications and certificates of visible enterprises.

Customs staff do not see an enterprise's drafts; an application outside the gate answers 404. Within
its own application the enterprise reads the team's work only as customs releases it (`released_items`).
"""

import datetime
import statistics

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Min, Q, Window
from django.db.models.functions import Lead
from django.utils import timezone

from accounts.models import Role
from certification.clock import clock
from certification.eligibility import application_refusal
from certification.models import (
    Application,
    ApplicationItem,
    Certificate,
    Evidence,
    StandardPart,
    TeamMember,
    Transition,
)
from core.paging import head_and_count
from enterprises.selectors import visible_enterprises


def visible_applications(user):
    """Applications of visible enterprises, and those the user audits as a team member.

    A team may include officers of an office below the one supervising the enterprise.
    """
    visible = Q(enterprise__in=visible_enterprises(user))
    if user.is_authenticated and user.role == Role.OFFICER:
        visible |= Q(pk__in=TeamMember.objects.filter(officer=user).values("application"))
    applications = Application.objects.filter(visible)
    if not (user.is_authenticated and user.role == Role.ENTERPRISE):
        applications = applications.exclude(status=Application.Status.DRAFT)
    return applications


def visible_certificates(user):
    return Certificate.objects.filter(enterprise__in=visible_enterprises(user))


# Customs' decisions on the merits: with one, every finding is released to the enterprise.
DECIDED_STATUSES = (Application.Status.CERTIFIED, Application.Status.REFUSED)


def released_items(user, via=""):
    """The condition on application items (reached through `via`) whose team's work `user` may read.

    The team's work on an item is its finding, the notes of the team and the files the team attached
    (evidence of the finding stage; the enterprise's own files are those of the self-assessment and
    rectification stages). Customs staff who see the application read all of it at any stage. The
    enterprise reads it only once customs releases it: an item put to rectification with the
    rectification request, every item with the decision. Until then the audit is the team's: a
    withdrawal or termination releases nothing more. Every page, API answer, file and report of an
    application reads this condition, so the rule is stated here once.
    """
    if user.is_customs_staff:
        return Q(**{f"{via}pk__isnull": False})  # always true, and it still composes with | and &
    return ~Q(**{f"{via}rectification": ""}) | Q(**{f"{via}application__status__in": DECIDED_STATUSES})


def findings_released(user, application):
    """Whether every item of `application` is released to `user` (`released_items`), and so the scoring
    result built on the findings."""
    return user.is_customs_staff or application.status in DECIDED_STATUSES


def _evidence_released(user, *, via="", item="application_item__"):
    """The condition on evidence (reached through `via`, its item through `item`) `user` may open:
    the enterprise's own uploads always, the team's (those of the finding stage) once released."""
    return ~Q(**{f"{via}stage": Evidence.Stage.FINDING}) | released_items(user, via=item)


def released_evidence(user):
    """Evidence documents `user` may open on an application they see."""
    return Evidence.objects.filter(_evidence_released(user))


def visible_evidence(user):
    """Evidence `user` may download: of visible applications and released to them; any other answers 404."""
    return released_evidence(user).filter(application_item__application__in=visible_applications(user))


def audit_report_open(user, application):
    """The audit report is customs' record of the procedure: the enterprise gets it once the application
    closed, carrying what was released to it (`released_items`)."""
    return user.is_customs_staff or application.status in Application.CLOSED_STATUSES


def application_items(application, user):
    """The application's item rows in catalogue order with their standard item and, for `user`,
    `released` (whether they read the team's work on the row, see `released_items`) and
    `evidence_count` (the documents they may open)."""
    return (
        application.items.select_related("item__business_type")
        .annotate(
            released=ExpressionWrapper(released_items(user), output_field=BooleanField()),
            evidence_count=Count("evidence", filter=_evidence_released(user, via="evidence__", item="")),
        )
        .order_by("item__order", "item__code")
    )


def by_part(rows):
    """Rows grouped by part of the standard, in the catalogue's order."""
    labels = dict(StandardPart.choices)
    groups = {}
    for row in rows:
        groups.setdefault(row.item.part, []).append(row)
    return [(labels[part], part_rows) for part, part_rows in groups.items()]


def application_list(user, *, status="", query="", kind=""):
    """Visible applications for the queue, soonest deadline first."""
    applications = visible_applications(user)
    if status:
        applications = applications.filter(status=status)
    if kind:
        applications = applications.filter(kind=kind)
    query = (query or "").strip()
    if query:
        code = query.upper()
        applications = applications.filter(
            Q(enterprise__name__contains=query)
            | Q(enterprise__uscc=code)
            | Q(enterprise__customs_code=code)
            | Q(receipt_number=code)
        )
    return applications.select_related("enterprise__customs_office", "rulebook").order_by(
        "clock_started_on", "-created_at"
    )


def enterprise_next_steps(enterprise):
    """What the enterprise has to do about certification now, for its home page."""
    application = enterprise.applications.exclude(status__in=Application.CLOSED_STATUSES).first()
    steps = {
        "application": application,
        "unassessed": 0,
        "next_item": None,
        "rectification": [],
        "refusal": application_refusal(enterprise),
    }
    if application is not None:
        # The wizard's next item and how many are left, in one query.
        unassessed = application.items.filter(self_assessment="").order_by("item__order", "item__code")
        rows, steps["unassessed"] = head_and_count(unassessed, 1)
        steps["next_item"] = rows[0] if rows else None
        if application.status == Application.Status.RETURNED:
            # Why customs returned it: the reason given on the step that did.
            steps["returned"] = (
                application.transitions.filter(to_status=Application.Status.RETURNED)
                .order_by("-at", "-id")
                .first()
            )
        steps["rectification"] = list(
            application.items.filter(rectification="requested")
            .select_related("item")
            .order_by("rectification_due")
        )
    steps["certificate"] = enterprise.certificates.filter(status__in=("active", "suspended")).first()
    return steps


# The stages of the pipeline funnel, in the order an application passes them.
PIPELINE = (
    Application.Status.SUBMITTED,
    Application.Status.ACCEPTED,
    Application.Status.UNDER_AUDIT,
    Application.Status.RECTIFICATION,
    Application.Status.PAUSED,
    Application.Status.CERTIFIED,
    Application.Status.REFUSED,
)
# The stages whose time the dashboard measures: customs' side of the procedure, and the enterprise's.
MEASURED_STAGES = (
    Application.Status.SUBMITTED,
    Application.Status.RETURNED,
    Application.Status.ACCEPTED,
    Application.Status.UNDER_AUDIT,
    Application.Status.RECTIFICATION,
    Application.Status.PAUSED,
)
DECIDED = (Application.Status.CERTIFIED, Application.Status.REFUSED)


def officer_queue_summary(user, today, *, shown=5):
    """Applications awaiting customs, by status, those due soonest, and the whole pipeline by stage.

    One grouped count serves both the queue's badges and the funnel.
    """
    applications = visible_applications(user)
    counts = dict(applications.values_list("status").annotate(n=Count("id")).order_by())
    waiting = applications.filter(status__in=Application.OPEN_STATUSES)
    soonest = waiting.select_related("enterprise", "rulebook").order_by("clock_started_on")[:shown]
    return {
        "counts": [
            (label, counts.get(status, 0))
            for status, label in Application.Status.choices
            if status in Application.OPEN_STATUSES and status in counts
        ],
        "soonest": [(application, clock(application, today)) for application in soonest],
        "total": sum(counts.get(status, 0) for status in Application.OPEN_STATUSES),
        "pipeline": [(Application.Status(status), counts.get(status, 0)) for status in PIPELINE],
    }


def _days(start, end):
    return (end - start).total_seconds() / 86400


def stage_times(user, today, *, window_days=365):
    """Median days an application stayed in each stage, and from submission to decision, over the
    stays and decisions that ended in the last `window_days`; set against the certification period.

    A stay runs from the step into a stage to the next step of the same application, read from the
    transition history with a window function (one query); decisions come from a second query.
    The days to decision are those of the certification clock: paused days do not count.
    """
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=window_days), datetime.time())
    )
    visible = visible_applications(user)
    stays = (
        Transition.objects.filter(application__in=visible)
        .annotate(left_at=Window(Lead("at"), partition_by=[F("application_id")], order_by=[F("at"), F("id")]))
        .filter(left_at__gte=since, to_status__in=MEASURED_STAGES)
        .values_list("to_status", "at", "left_at", "application__rulebook__certification_days")
    )
    days_by_stage, limits = {}, set()
    for status, entered, left, limit in stays:
        days_by_stage.setdefault(status, []).append(_days(entered, left))
        limits.add(limit)
    decided = visible.filter(status__in=DECIDED, decided_at__gte=since, clock_started_on__isnull=False)
    decisions = [
        (
            (timezone.localdate(decided_at) - started).days - paused,
            allowed + (extension if extended else 0),
            allowed,
        )
        for started, decided_at, paused, extended, allowed, extension in decided.values_list(
            "clock_started_on",
            "decided_at",
            "paused_days",
            "extended",
            "rulebook__certification_days",
            "rulebook__certification_extension_days",
        )
    ]
    return {
        "stages": [
            (Application.Status(status), len(days), round(statistics.median(days), 1))
            for status in MEASURED_STAGES
            if (days := days_by_stage.get(status))
        ],
        "decided": len(decisions),
        "median_to_decision": round(statistics.median(d for d, _a, _l in decisions), 1)
        if decisions
        else None,
        "over_period": sum(1 for used, allowed, _limit in decisions if used > allowed),
        "period_days": max(limits | {limit for _d, _a, limit in decisions}, default=None),
        "since": since.date(),
    }


def re_reviews_due(user, today, *, within_days=180, shown=8):
    """Certificates in force whose re-review falls due within `within_days` (or is already past)."""
    due = (
        visible_certificates(user)
        .filter(
            status__in=(Certificate.Status.ACTIVE, Certificate.Status.SUSPENDED),
            re_review_due__lte=today + datetime.timedelta(days=within_days),
        )
        .order_by("re_review_due", "id")
    )
    soonest, count = head_and_count(due.select_related("enterprise"), shown)
    return {"count": count, "soonest": soonest, "within_days": within_days}


def overdue_rectifications(user, today, *, shown=5):
    """Applications in rectification with items still unanswered past their deadline."""
    late = (
        visible_applications(user)
        .filter(
            status=Application.Status.RECTIFICATION,
            items__rectification=ApplicationItem.Rectification.REQUESTED,
            items__rectification_due__lt=today,
        )
        .annotate(late_items=Count("items"), due=Min("items__rectification_due"))
        .order_by("due", "id")
    )
    soonest, count = head_and_count(late.select_related("enterprise"), shown)
    return {"count": count, "soonest": soonest}

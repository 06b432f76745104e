"""The home page: each role's summary, composed from every app (hence on the top floor, `portal`)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from certification import selectors as certification_selectors
from coordination.forms import queue_rows
from coordination.selectors import case_queue, coordinator_workspace
from core.paging import head_and_count
from cultivation.selectors import enterprise_cultivation, officer_summary
from enterprises.selectors import enterprise_portal, grades_by_office, open_proposals_by_status
from notifications.models import Notification
from portal import charts
from portal.my_work import my_work, remember_count
from portal.next_steps import what_to_do_next
from rulebooks.models import AEO_GRADES, CreditGrade

SHOWN = 5


def _grade_charts(offices):
    """The grades of the jurisdiction: the totals, and one stacked bar per office."""
    totals = [(grade, sum(counts[grade] for _office, _own, counts in offices)) for grade in CreditGrade]
    rows = [
        (_("%(office)s (supervised directly)") % {"office": office} if own else office, list(counts.values()))
        for office, own, counts in offices
    ]
    series = [(grade.label, f"grade-{grade.value}") for grade in CreditGrade]
    return totals, charts.stacked(rows, series, title=_("Enterprises by credit grade and office"))


def _certification_charts(summary, times):
    funnel = charts.bars(
        [(status.label, n, n) for status, n in summary["pipeline"]],
        title=_("Certification applications by stage"),
        centred=True,
    )
    rows = [(status.label, days, _("%(days)s d") % {"days": days}) for status, _n, days in times["stages"]]
    if times["median_to_decision"] is not None:
        rows.append(
            (
                _("Submission to decision"),
                times["median_to_decision"],
                _("%(days)s d") % {"days": times["median_to_decision"]},
            )
        )
    limit = times["period_days"]
    marker = (limit, _("%(days)s-day limit") % {"days": limit}) if limit else None
    medians = charts.bars(rows, title=_("Median days per stage"), css="chart-fill-time", marker=marker)
    return funnel, medians


def _officer_dashboard(user, today):
    """The figures and charts of an officer's or administrator's home, all within their jurisdiction."""
    offices = grades_by_office(user)
    grade_counts, office_chart = _grade_charts(offices)
    certification = certification_selectors.officer_queue_summary(user, today)
    times = certification_selectors.stage_times(user, today)
    funnel, medians = _certification_charts(certification, times)
    cultivation = officer_summary(user, today)
    late_cases = case_queue(user, overdue=True, today=today)
    return {
        "today": today,
        "grade_counts": grade_counts,
        "enterprise_total": sum(n for _grade, n in grade_counts),
        "aeo_total": sum(n for grade, n in grade_counts if grade in AEO_GRADES),
        "offices": offices,
        "office_chart": office_chart,
        "certification": certification,
        "funnel": funnel,
        "stage_times": times,
        "stage_chart": medians,
        "re_reviews": certification_selectors.re_reviews_due(user, today),
        "late_rectifications": certification_selectors.overdue_rectifications(user, today, shown=SHOWN),
        "late_cases": dict(zip(("soonest", "count"), head_and_count(late_cases, SHOWN), strict=True)),
        "proposals": open_proposals_by_status(user),
        "cultivation": cultivation,
        "phase_chart": charts.bars(
            [
                (phase.label if phase else _("All milestones done"), n, n)
                for phase, n in cultivation["phases"]
            ],
            title=_("Plans in cultivation by phase"),
        ),
    }


@login_required
def home(request):
    """One home page, shaped by the user's role."""
    user = request.user
    context = {"recent_notifications": Notification.objects.filter(recipient=user)[:5]}
    if user.role == Role.ENTERPRISE:
        context.update(enterprise_portal(user))
        enterprise = context["enterprise"]
        if enterprise:
            context["certification"] = certification_selectors.enterprise_next_steps(enterprise)
            context["cultivation"] = enterprise_cultivation(user, enterprise)
            context["todo"] = what_to_do_next(
                user,
                enterprise,
                portal=context,
                certification=context["certification"],
                cultivation=context["cultivation"],
            )
        template = "accounts/home_enterprise.html"
    elif user.role == Role.COORDINATOR:
        context.update(coordinator_workspace(user))
        # Every open case of the workspace is the coordinator's own: each can be logged from here.
        context["case_rows"] = queue_rows(context["open_cases"], context["today"], lambda case: True)
        template = "accounts/home_coordinator.html"
    else:
        context.update(_officer_dashboard(user, timezone.localdate()))
        context["work"] = work = my_work(user)
        context["work_shown"] = work[:SHOWN]
        remember_count(user, len(work))
        if user.role == Role.ADMINISTRATOR:
            context["users_by_role"] = [
                (Role(role).label, n)
                for role, n in User.objects.values_list("role").annotate(n=Count("id")).order_by("role")
            ]
        template = "accounts/home_officer.html"
    return render(request, template, context)

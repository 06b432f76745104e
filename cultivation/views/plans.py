"""Pages of cultivation plans: the dashboard and list, a plan, its gaps, mock reviews and sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from background.list_export import list_export
from certification.scoring import explain
from core.form_post import handle_post, submit
from core.paging import paginate
from core.query_string import object_from_query
from core.sorting import requested
from cultivation import mock, plans, selectors, sessions
from cultivation.charts import items_met_chart
from cultivation.forms import (
    ExitForm,
    GapForm,
    MilestoneForm,
    MockReviewForm,
    MoveForm,
    PlanForm,
    RecommendForm,
    SessionForm,
)
from cultivation.lists import PLAN_COLUMNS, PLAN_ORDERS, plan_rows
from cultivation.models import Candidate, Gap, Milestone, MockReview
from cultivation.views.pool import PAGE_SIZE, officers_only
from enterprises.permissions import is_enterprise_user_of
from enterprises.selectors import visible_enterprises


def _plan(request, pk):
    return get_object_or_404(
        selectors.visible_plans(request.user).select_related(
            "enterprise__customs_office", "office", "application"
        ),
        pk=pk,
    )


def _may_run(user, plan):
    return plan.is_active and user.role in (Role.OFFICER, Role.ADMINISTRATOR)


@login_required
def plan_list(request):
    """Officers: the dashboard and every plan; an enterprise goes straight to its own plan."""
    if request.user.is_enterprise_user:
        plan = selectors.visible_plans(request.user).order_by("status", "-starts_on").first()
        if plan:
            return redirect(plan.get_absolute_url())
        return render(request, "cultivation/plan_none.html")
    form, shown = plan_rows(request.user, request.GET)
    export = list_export(request, shown, PLAN_COLUMNS, name="cultivation-plans")
    if export:
        return export
    context = paginate(request, shown, PAGE_SIZE)
    context["sorting"] = requested(request.GET, PLAN_ORDERS)
    context.update(form=form, today=timezone.localdate())
    if request.user.role in (Role.OFFICER, Role.ADMINISTRATOR):
        context["dashboard"] = selectors.dashboard(request.user)
    return render(request, "cultivation/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    officers_only(request)
    candidate = None
    if request.GET.get("candidate"):
        candidate = object_from_query(
            selectors.visible_candidates(request.user).filter(status__in=Candidate.OPEN_STATUSES),
            request,
            "candidate",
        )
        enterprise = candidate.enterprise
    else:
        enterprise = object_from_query(visible_enterprises(request.user), request, "enterprise")
    form = PlanForm(request.POST or None, enterprise=enterprise, actor=request.user)
    response = handle_post(
        request,
        form,
        lambda **data: plans.plan_open(
            actor=request.user, enterprise=enterprise, candidate=candidate, **data
        ),
        success=_("The cultivation plan is open."),
        then=request.path,
        done=lambda plan: plan,
    )
    return response or render(
        request,
        "cultivation/plan_form.html",
        {"form": form, "enterprise": enterprise, "candidate": candidate},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request, pk):
    plan = _plan(request, pk)
    user = request.user
    running = _may_run(user, plan)
    posted = request.POST.get("form")
    forms = {
        "milestone": MilestoneForm(request.POST if posted == "milestone" else None) if running else None,
        "recommend": RecommendForm(request.POST if posted == "recommend" else None) if running else None,
        "exit": ExitForm(request.POST if posted == "exit" else None) if running else None,
    }
    services = {
        "milestone": lambda **data: plans.milestone_add(actor=user, plan=plan, **data),
        "recommend": lambda **data: plans.plan_recommend(actor=user, plan=plan, **data),
        "exit": lambda **data: plans.plan_exit(actor=user, plan=plan, **data),
    }
    if request.method == "POST":
        response = handle_post(
            request,
            forms.get(posted),
            services.get(posted),
            success=_("Saved."),
            then=plan.get_absolute_url(),
        )
        if response:
            return response
    reviews = list(plan.mock_reviews.select_related("reviewed_by"))
    return render(
        request,
        "cultivation/plan_detail.html",
        {
            "plan": plan,
            "enterprise": plan.enterprise,
            "running": running,
            "is_enterprise": is_enterprise_user_of(user, plan.enterprise),
            "phases": _phases(plan),
            "gaps": selectors.gaps_of(plan, user),
            "sessions": selectors.visible_sessions(user, plan),
            "reviews": reviews,
            "chart": items_met_chart(reviews),
            "officers": plan.officers.all(),
            "forms": forms,
            "today": timezone.localdate(),
        },
    )


def _phases(plan):
    """[(phase, its milestones)] in phase order, phases without milestones left out."""
    milestones = list(plan.milestones.select_related("completed_by"))
    return [
        (Milestone.Phase(phase), [m for m in milestones if m.phase == phase])
        for phase in Milestone.PHASE_ORDER
        if any(m.phase == phase for m in milestones)
    ]


def _running_milestone(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.filter(plan__in=selectors.visible_plans(request.user)).select_related("plan"), pk=pk
    )
    if not _may_run(request.user, milestone.plan):
        raise PermissionDenied
    return milestone


@login_required
@require_POST
def milestone_complete(request, pk):
    milestone = _running_milestone(request, pk)
    return submit(
        request,
        None,
        lambda: plans.milestone_complete(actor=request.user, milestone=milestone),
        success=_("Milestone completed."),
        then=milestone.plan.get_absolute_url(),
    )


@login_required
@require_POST
def milestone_move(request, pk):
    milestone = _running_milestone(request, pk)
    back = milestone.plan.get_absolute_url()
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new due date."))
        return redirect(back)
    return submit(
        request,
        None,  # a refusal (outside the plan's dates) comes back as a message on the plan
        lambda: plans.milestone_move(
            actor=request.user, milestone=milestone, due_on=form.cleaned_data["due_on"]
        ),
        success=_("Milestone moved."),
        then=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def gap_detail(request, pk):
    gap = get_object_or_404(
        Gap.objects.filter(plan__in=selectors.visible_plans(request.user)).select_related(
            "plan__enterprise__customs_office", "item", "owner", "found_in"
        ),
        pk=pk,
    )
    user = request.user
    officer = _may_run(user, gap.plan)
    owner = (
        gap.plan.is_active and gap.owner_id == user.pk and is_enterprise_user_of(user, gap.plan.enterprise)
    )
    form = GapForm(request.POST or None, gap=gap, officer=officer) if officer or owner else None
    response = handle_post(
        request,
        form,
        lambda **changes: plans.gap_update(actor=user, gap=gap, **changes),
        success=_("The gap has been updated."),
        then=gap.plan.get_absolute_url(),
    )
    return response or render(
        request,
        "cultivation/gap_detail.html",
        {
            "gap": gap,
            "plan": gap.plan,
            "enterprise": gap.plan.enterprise,
            "form": form,
            "history": _gap_history(gap),
        },
    )


def _gap_history(gap):
    """The latest versions of the gap, each naming who made it and the owner then (no query per row)."""
    return gap.history.select_related("history_user", "owner").order_by("-history_date")[:20]


@login_required
@require_http_methods(["GET", "POST"])
def mock_review_create(request, pk):
    plan = _plan(request, pk)
    if not _may_run(request.user, plan):
        raise PermissionDenied
    latest = plan.mock_reviews.order_by("-held_on", "-id").first()
    previous = dict(latest.findings.values_list("item__code", "result")) if latest else {}
    form = MockReviewForm(
        request.POST or None, items=mock.review_items(plan).select_related("business_type"), previous=previous
    )
    # A review of very many items is scored by a worker: its operation's page then links the review.
    background = mock.scored_in_background(form.items)
    score = mock.mock_review_queue if background else mock.mock_review_record
    response = handle_post(
        request,
        form,
        lambda **_data: score(actor=request.user, plan=plan, **form.service_data()),
        success=_("The mock review is being scored.")
        if background
        else _("The mock review has been scored."),
        then=request.path,
        done=lambda made: made if background else reverse("mock-review-detail", args=[made.pk]),
    )
    return response or render(
        request,
        "cultivation/mock_review_form.html",
        {"form": form, "plan": plan, "enterprise": plan.enterprise},
    )


@login_required
def mock_review_detail(request, pk):
    review = get_object_or_404(
        MockReview.objects.filter(plan__in=selectors.visible_plans(request.user)).select_related(
            "plan__enterprise", "reviewed_by"
        ),
        pk=pk,
    )
    return render(
        request,
        "cultivation/mock_review_detail.html",
        {
            "review": review,
            "plan": review.plan,
            "enterprise": review.plan.enterprise,
            "findings": review.findings.select_related("item"),
            "explanation": explain(review.result),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    officers_only(request)
    choices = sessions.plans_for_group_sessions(request.user)
    initial = {
        "held_on": timezone.localdate(),
        "shared_with_enterprise": True,
        "kind": "one_to_one",
        "mode": "on_site",
    }
    back = None
    if request.GET.get("plan"):
        plan = object_from_query(choices, request, "plan")
        initial["plans"], back = [plan.pk], plan.get_absolute_url()
    form = SessionForm(request.POST or None, plans=choices, initial=initial)
    response = handle_post(
        request,
        form,
        lambda **data: sessions.session_record(actor=request.user, **data),
        success=_("The guidance session has been recorded."),
        then=back or "plan-list",
    )
    return response or render(request, "cultivation/session_form.html", {"form": form, "back": back})

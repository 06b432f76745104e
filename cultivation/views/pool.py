"""Pages of the candidate pool: the selection screen, the pool, one candidate."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from background.list_export import list_export
from core.form_post import handle_post, submit
from core.paging import paginate
from cultivation import pool, selectors
from cultivation.forms import AddCandidatesForm, DismissForm, SelectionForm
from cultivation.lists import CANDIDATE_COLUMNS, candidate_rows
from cultivation.models import Candidate
from enterprises.selectors import visible_enterprises

PAGE_SIZE = 25


def officers_only(request):
    if request.user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def candidate_select(request):
    """Criteria in the query string preview the matching enterprises; ticking some adds them."""
    officers_only(request)
    form = SelectionForm(request.GET or None, user=request.user)
    matches = None
    if form.is_bound and form.is_valid():
        matches = pool.matching_enterprises(visible_enterprises(request.user), form.criteria())
    add_form = AddCandidatesForm(request.POST or None, enterprises=visible_enterprises(request.user))
    if request.method == "POST" and add_form.is_valid():
        count = len(add_form.cleaned_data["enterprises"])
        response = submit(
            request,
            add_form,
            lambda **data: pool.candidates_add(actor=request.user, **data),
            success=ngettext(
                "%(count)d enterprise added to the pool.", "%(count)d enterprises added to the pool.", count
            )
            % {"count": count},
            then=request.get_full_path(),
        )
        if response:
            return response
    context = {"form": form, "add_form": add_form}
    if matches is not None:
        context.update(paginate(request, matches.select_related("customs_office"), PAGE_SIZE), previewed=True)
        context["rows"] = [(enterprise, pool.growth_percent(enterprise)) for enterprise in context["page"]]
    return render(request, "cultivation/candidate_select.html", context)


@login_required
def candidate_list(request):
    form, candidates = candidate_rows(request.user, request.GET)
    export = list_export(request, candidates, CANDIDATE_COLUMNS, name="candidates")
    if export:
        return export
    context = paginate(request, candidates, PAGE_SIZE)
    context.update(form=form, counts=selectors.dashboard_counts(request.user))
    return render(request, "cultivation/candidate_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_detail(request, pk):
    officers_only(request)
    candidate = get_object_or_404(
        selectors.visible_candidates(request.user).select_related(
            "enterprise__customs_office", "office", "added_by"
        ),
        pk=pk,
    )
    is_open = candidate.status in Candidate.OPEN_STATUSES
    dismiss_form = (
        DismissForm(request.POST if request.POST.get("form") == "dismiss" else None) if is_open else None
    )
    if request.POST.get("form") == "accept":
        return submit(
            request,
            None,
            lambda: pool.candidate_accept(actor=request.user, candidate=candidate),
            success=_("The enterprise is now in the pool."),
            then=request.path,
        )
    response = handle_post(
        request,
        dismiss_form,
        lambda reason: pool.candidate_dismiss(actor=request.user, candidate=candidate, reason=reason),
        success=_("The enterprise has left the pool."),
        then=request.path,
    )
    if response:
        return response
    return render(
        request,
        "cultivation/candidate_detail.html",
        {
            "candidate": candidate,
            "enterprise": candidate.enterprise,
            "dismiss_form": dismiss_form,
            "plans": candidate.plans.all(),
            "figures": selectors.candidate_figures(candidate.enterprise),
        },
    )

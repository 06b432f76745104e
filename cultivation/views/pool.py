"""Pages of the candidate pool: the selection screen, the pool, one candidate."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from credit_mgmt.list_export import Column, day, list_export
from credit_mgmt.paging import paginate
from cultivation import pool, selectors
from cultivation.forms import AddCandidatesForm, CandidateFilterForm, DismissForm, SelectionForm
from cultivation.models import Candidate
from enterprises.selectors import visible_enterprises
from enterprises.views.outcome import handle_post, submit

PAGE_SIZE = 25
CANDIDATE_COLUMNS = (
    Column(gettext_lazy("Enterprise"), lambda candidate: candidate.enterprise.display_name),
    Column(
        gettext_lazy("Customs office"), lambda candidate: candidate.enterprise.customs_office.display_name
    ),
    Column(gettext_lazy("Credit grade"), lambda candidate: candidate.enterprise.get_credit_grade_display()),
    Column(gettext_lazy("Status"), lambda candidate: candidate.get_status_display()),
    Column(gettext_lazy("Source"), lambda candidate: candidate.get_source_display()),
    Column(gettext_lazy("Added"), lambda candidate: day(candidate.added_at)),
    Column(gettext_lazy("Added by"), lambda candidate: str(candidate.added_by or "")),
)


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


def _candidate_rows(user, params):
    """The pool as its list shows it to an officer, filtered by `params`: (filter form, candidates)."""
    if user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise PermissionDenied
    form = CandidateFilterForm(params or None)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    candidates = selectors.visible_candidates(user)
    candidates = (
        candidates.filter(status=status) if status else candidates.filter(status__in=Candidate.OPEN_STATUSES)
    )
    return form, candidates.select_related("enterprise__customs_office", "office", "added_by")


def candidate_export(user, params):
    """What the pool's export holds (a worker's, see credit_mgmt.list_export.LISTS)."""
    return _candidate_rows(user, params)[1], CANDIDATE_COLUMNS


@login_required
def candidate_list(request):
    form, candidates = _candidate_rows(request.user, request.GET)
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

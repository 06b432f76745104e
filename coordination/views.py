"""Pages of cases and coordinators: the enterprise asks, the coordinator serves, officers oversee."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from coordination import cases, selectors
from coordination.forms import CaseFilterForm, CaseForm, CloseForm, LogForm, RateForm
from coordination.models import CaseAttachment
from credit_mgmt.list_export import Column, list_export
from credit_mgmt.paging import paginate
from enterprises.permissions import is_enterprise_user_of
from enterprises.views.outcome import handle_post

PAGE_SIZE = 25
CASE_COLUMNS = (
    Column(gettext_lazy("Subject"), lambda case: case.subject),
    Column(gettext_lazy("Enterprise"), lambda case: case.enterprise.display_name),
    Column(gettext_lazy("Kind of case"), lambda case: case.get_category_display()),
    Column(gettext_lazy("Status"), lambda case: case.get_status_display()),
    Column(gettext_lazy("Serve by"), lambda case: case.due_on),
    Column(gettext_lazy("Coordinator"), lambda case: str(case.coordinator or "")),
)
WORKLOAD_COLUMNS = (
    Column(gettext_lazy("Coordinator"), lambda profile: str(profile.user)),
    Column(gettext_lazy("Customs"), lambda profile: profile.office.display_name),
    Column(gettext_lazy("Active"), lambda profile: profile.is_active),
    Column(gettext_lazy("Enterprises"), lambda profile: profile.enterprises),
    Column(gettext_lazy("Capacity"), lambda profile: profile.capacity),
    Column(gettext_lazy("Open cases"), lambda profile: profile.open_cases),
    Column(gettext_lazy("Past the deadline"), lambda profile: profile.overdue_cases),
)


def _own_enterprise(user):
    membership = getattr(user, "enterprise_membership", None)
    return membership.enterprise if membership and user.role == Role.ENTERPRISE else None


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queue = selectors.case_queue(
        request.user, status=filters.get("status", ""), overdue=filters.get("overdue")
    )
    export = list_export(request, queue, CASE_COLUMNS, name="cases")
    if export:
        return export
    context = paginate(request, queue, PAGE_SIZE)
    context.update(form=form, enterprise=_own_enterprise(request.user), today=timezone.localdate())
    return render(request, "coordination/case_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    enterprise = _own_enterprise(request.user)
    if enterprise is None:
        raise PermissionDenied
    form = CaseForm(request.POST or None, request.FILES or None)
    opened = {}

    def open_case(**data):
        opened["case"] = cases.case_open(actor=request.user, enterprise=enterprise, **data)

    response = handle_post(
        request, form, open_case, success=_("Your case has been opened."), then=request.path
    )
    if "case" in opened:
        return redirect(opened["case"].get_absolute_url())
    return response or render(
        request, "coordination/case_form.html", {"form": form, "enterprise": enterprise}
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    case = get_object_or_404(
        selectors.visible_cases(request.user).select_related("enterprise__customs_office", "coordinator"),
        pk=pk,
    )
    serving = case.is_open and cases.may_serve(request.user, case) and not request.user.is_enterprise_user
    forms = {
        "log": LogForm(request.POST if request.POST.get("form") == "log" else None, case=case)
        if serving
        else None,
        "close": CloseForm(request.POST if request.POST.get("form") == "close" else None)
        if serving
        else None,
        "rate": (
            RateForm(request.POST if request.POST.get("form") == "rate" else None)
            if not case.is_open
            and case.rating is None
            and is_enterprise_user_of(request.user, case.enterprise)
            else None
        ),
    }
    services = {"log": cases.case_log, "close": cases.case_close, "rate": cases.case_rate}
    name = request.POST.get("form")
    if request.method == "POST":
        response = handle_post(
            request,
            forms.get(name),
            lambda **data: services[name](actor=request.user, case=case, **data),
            success=_("Saved."),
            then=case.get_absolute_url(),
        )
        if response:
            return response
    return render(
        request,
        "coordination/case_detail.html",
        {
            "case": case,
            "enterprise": case.enterprise,
            "log": case.log.select_related("logged_by").prefetch_related("officers"),
            "attachments": case.attachments.all(),
            "forms": forms,
            "overdue": case.is_open and case.due_on < timezone.localdate(),
        },
    )


@login_required
def case_attachment(request, pk):
    attachment = get_object_or_404(
        CaseAttachment.objects.filter(case__in=selectors.visible_cases(request.user)), pk=pk
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def workload(request):
    if request.user.role not in (Role.OFFICER, Role.ADMINISTRATOR):
        raise PermissionDenied
    coordinators = selectors.coordinator_workload(request.user)
    export = list_export(request, coordinators, WORKLOAD_COLUMNS, name="coordinator-workload")
    if export:
        return export
    return render(
        request,
        "coordination/workload.html",
        {"coordinators": coordinators, "today": timezone.localdate()},
    )

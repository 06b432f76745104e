"""Pages of cases and coordinators: the enterprise asks, the coordinator serves, officers oversee."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.receipts import receipt_response
from background.list_export import list_export
from coordination import cases, receipts, selectors
from coordination.forms import (
    CaseForm,
    CloseForm,
    LogForm,
    QuickLogForm,
    RateForm,
    queue_rows,
)
from coordination.lists import (
    CASE_COLUMNS,
    CASE_ORDERS,
    WORKLOAD_COLUMNS,
    case_rows,
    workload_rows,
)
from coordination.models import CaseAttachment
from core.form_post import handle_post, submit
from core.paging import paginate
from core.sorting import requested
from enterprises.permissions import is_enterprise_user_of

PAGE_SIZE = 25


def _own_enterprise(user):
    membership = getattr(user, "enterprise_membership", None)
    return membership.enterprise if membership and user.role == Role.ENTERPRISE else None


@login_required
def case_list(request):
    form, queue = case_rows(request.user, request.GET)
    export = list_export(request, queue, CASE_COLUMNS, name="cases")
    if export:
        return export
    context = paginate(request, queue.annotate(may_log=cases.may_log_expression(request.user)), PAGE_SIZE)
    context["sorting"] = requested(request.GET, CASE_ORDERS)
    today = timezone.localdate()
    context.update(
        form=form,
        enterprise=_own_enterprise(request.user),
        today=today,
        rows=queue_rows(context["page"].object_list, today, lambda case: case.may_log),
    )
    return render(request, "coordination/case_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    enterprise = _own_enterprise(request.user)
    if enterprise is None:
        raise PermissionDenied
    form = CaseForm(request.POST or None, request.FILES or None)
    response = handle_post(
        request,
        form,
        lambda **data: cases.case_open(actor=request.user, enterprise=enterprise, **data),
        success=_("Your case has been opened."),
        then=request.path,
        done=lambda case: case,
    )
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
    return _case_page(request, case, forms)


def _case_page(request, case, forms):
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


def _back_to(request, url):
    """`url` when it is a page of this site, else the queue."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("case-queue")


@login_required
@require_POST
def case_quick_log(request, pk):
    """A contact logged from the queue with the case page's service; back to the same queue page.

    Only who may log on the case page may log here; to anyone else the case does not exist. A form
    with errors opens the case page's full form, filled in, with the errors beside the fields.
    """
    case = get_object_or_404(
        selectors.visible_cases(request.user).select_related("enterprise__customs_office", "coordinator"),
        pk=pk,
    )
    if request.user.is_enterprise_user or not cases.may_serve(request.user, case):
        raise Http404
    back = _back_to(request, request.POST.get("next"))
    if not case.is_open:
        messages.error(request, _("This case is closed."))
        return redirect(back)
    form = QuickLogForm(request.POST)

    def log(**data):
        cases.case_log(
            actor=request.user,
            case=case,
            contact_at=timezone.now().replace(second=0, microsecond=0),
            officers=[],
            **data,
        )

    if form.is_valid():
        response = submit(
            request,
            form,
            log,
            success=_("Contact logged on “%(subject)s”.") % {"subject": case.subject},
            then=back,
        )
        if response:
            return response
    log_form = LogForm(form.as_log_data(), case=case)
    for field, errors in form.errors.items():
        if field not in log_form.errors:
            log_form.add_error(field if field in log_form.fields else None, errors)
    messages.error(request, _("The contact was not logged: complete the form below."))
    return _case_page(request, case, {"log": log_form, "close": CloseForm(), "rate": None})


@login_required
def case_attachment(request, pk):
    attachment = get_object_or_404(
        CaseAttachment.objects.filter(case__in=selectors.visible_cases(request.user)), pk=pk
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def workload(request):
    coordinators = workload_rows(request.user)
    export = list_export(request, coordinators, WORKLOAD_COLUMNS, name="coordinator-workload")
    if export:
        return export
    return render(
        request,
        "coordination/workload.html",
        {"coordinators": coordinators, "today": timezone.localdate()},
    )


@login_required
@require_GET
def case_receipt(request, pk):
    case = get_object_or_404(
        selectors.visible_cases(request.user)
        .select_related("enterprise__customs_office", "opened_by")
        .prefetch_related("attachments"),
        pk=pk,
    )
    return receipt_response(receipts.case_receipt(case))

"""Pages of credit repair and objections: the enterprise applies or objects, officers decide."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from accounts.receipts import receipt_response
from background.list_export import list_export
from core.form_post import handle_post
from core.paging import paginate
from core.query_string import object_from_query
from enterprises import objections, receipts, repair, selectors
from enterprises.disclosure import published_determinations, published_penalties
from enterprises.forms.repair import (
    ObjectionAnswerForm,
    ObjectionForm,
    RepairApplicationForm,
    RepairDecisionForm,
)
from enterprises.lists import CASE_COLUMNS, TABS, case_rows
from enterprises.models import ObjectionAttachment
from enterprises.permissions import is_enterprise_user_of
from rulebooks.selectors import rulebook_in_force

PAGE_SIZE = 25
DECIDERS = (Role.OFFICER, Role.ADMINISTRATOR)


@login_required
def case_list(request):
    """The queue of repair applications and objections, one tab each, filtered by status."""
    tab, form, cases = case_rows(request.user, request.GET)
    export = list_export(request, cases, CASE_COLUMNS[tab], name=tab)
    if export:
        return export
    return render(
        request,
        "enterprises/case_list.html",
        {
            "tab": tab,
            "tabs": TABS.items(),
            "form": form,
            **paginate(request, cases, PAGE_SIZE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def repair_apply(request, pk):
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    if not is_enterprise_user_of(request.user, enterprise):
        raise PermissionDenied
    eligibility = repair.repair_eligibility(enterprise)
    form = RepairApplicationForm(request.POST or None)
    response = handle_post(
        request,
        form,
        lambda **data: repair.repair_apply(actor=request.user, enterprise=enterprise, **data),
        success=_("Your application for credit repair has been submitted."),
        then=reverse("enterprise-detail", args=[enterprise.pk]) + "#repair",
    )
    if response:
        return response
    return render(
        request,
        "enterprises/record_form.html",
        {
            "title": _("Apply for credit repair"),
            "submit_label": _("Submit the application"),
            "intro_template": "enterprises/includes/repair_intro.html",
            "enterprise": enterprise,
            "eligibility": eligibility,
            "determinations": repair.unrepaired_determinations(enterprise),
            "form": form if eligibility.eligible else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def repair_detail(request, pk):
    application = get_object_or_404(
        selectors.visible_repair_applications(request.user).select_related(
            "enterprise__customs_office", "rulebook", "applied_by", "decided_by", "ledger_entry"
        ),
        pk=pk,
    )
    enterprise = application.enterprise
    can_decide = request.user.role in DECIDERS and application.status == "submitted"
    form = RepairDecisionForm(request.POST or None) if can_decide else None
    response = handle_post(
        request,
        form,
        lambda **data: repair.repair_decide(actor=request.user, application=application, **data),
        success=_("The decision has been recorded."),
        then=reverse("repair-detail", args=[application.pk]),
    )
    if response:
        return response
    if application.ledger_entry_id:
        determinations = application.ledger_entry.repaired_determinations.select_related("criterion")
    else:
        determinations = repair.unrepaired_determinations(enterprise)
    return render(
        request,
        "enterprises/repair_detail.html",
        {
            "application": application,
            "enterprise": enterprise,
            "determinations": determinations,
            "eligibility": repair.repair_eligibility(enterprise) if can_decide else None,
            "form": form,
        },
    )


def _published_record(enterprise, request):
    """The published penalty or dishonesty record named in the query string, or 404."""
    today = timezone.localdate()
    for kind, published in (("penalty", published_penalties), ("determination", published_determinations)):
        if request.GET.get(kind):
            return object_from_query(published(today).filter(enterprise=enterprise), request, kind)
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def objection_create(request, pk):
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    if not is_enterprise_user_of(request.user, enterprise):
        raise PermissionDenied
    record = _published_record(enterprise, request)
    form = ObjectionForm(request.POST or None)
    response = handle_post(
        request,
        form,
        lambda **data: objections.objection_file(actor=request.user, record=record, **data),
        success=_("Your objection has been filed; customs re-checks the record."),
        then=reverse("enterprise-detail", args=[enterprise.pk]) + "#repair",
    )
    if response:
        return response
    return render(
        request,
        "enterprises/record_form.html",
        {
            "title": _("Object to a published record"),
            "submit_label": _("File the objection"),
            "intro_template": "enterprises/includes/objection_intro.html",
            "enterprise": enterprise,
            "label": objections.record_label(record),
            "recheck_days": rulebook_in_force(timezone.localdate()).objection_recheck_days,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request, pk):
    objection = get_object_or_404(
        selectors.visible_objections(request.user)
        .select_related(
            "enterprise__customs_office",
            "penalty",
            "determination__criterion__rulebook",
            "filed_by",
            "answered_by",
        )
        .prefetch_related("attachments"),
        pk=pk,
    )
    can_answer = request.user.role in DECIDERS and objection.status == "open"
    form = ObjectionAnswerForm(request.POST or None) if can_answer else None
    response = handle_post(
        request,
        form,
        lambda **data: objections.objection_answer(actor=request.user, objection=objection, **data),
        success=_("The result of the re-check has been recorded."),
        then=reverse("objection-detail", args=[objection.pk]),
    )
    if response:
        return response
    return render(
        request,
        "enterprises/objection_detail.html",
        {
            "objection": objection,
            "enterprise": objection.enterprise,
            "label": objections.item_label(objection),
            "form": form,
        },
    )


@login_required
def objection_attachment(request, pk):
    """An objector's evidence lives in private media: served only to those who may see the objection."""
    attachment = get_object_or_404(
        ObjectionAttachment.objects.filter(objection__in=selectors.visible_objections(request.user)), pk=pk
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
@require_GET
def repair_receipt(request, pk):
    application = get_object_or_404(
        selectors.visible_repair_applications(request.user).select_related(
            "enterprise__customs_office", "applied_by"
        ),
        pk=pk,
    )
    return receipt_response(receipts.repair_receipt(application))


@login_required
@require_GET
def objection_receipt(request, pk):
    objection = get_object_or_404(
        selectors.visible_objections(request.user)
        .select_related(
            "enterprise__customs_office", "penalty", "determination__criterion__rulebook", "filed_by"
        )
        .prefetch_related("attachments"),
        pk=pk,
    )
    return receipt_response(receipts.objection_receipt(objection))

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.history import change_history
from accounts.models import Role
from background.list_export import list_export
from core.paging import paginate
from core.sorting import requested
from enterprises import selectors, services
from enterprises.credit_report import credit_report_pdf
from enterprises.forms.changes import CorrectionAnswerForm
from enterprises.forms.register import EnterpriseForm
from enterprises.lists import ENTERPRISE_COLUMNS, ENTERPRISE_ORDERS, enterprise_rows
from enterprises.objections import objectable_records
from enterprises.permissions import is_enterprise_user_of
from enterprises.repair import DISHONEST_GRADES, repair_eligibility
from rulebooks.models import NO_APPLICATION_GRADES
from rulebooks.selectors import measures_in_force

REGISTER_KEEPERS = (Role.OFFICER, Role.ADMINISTRATOR)
PAGE_SIZE = 25
RECORDS_SHOWN = 50


@login_required
def enterprise_list(request):
    if request.user.role == Role.ENTERPRISE and request.method == "GET" and not request.GET:
        # "My enterprise": an enterprise user acts for one enterprise, so its page, not a list of one.
        own = selectors.visible_enterprises(request.user).only("pk").first()
        if own is not None:
            return redirect(own)
    form, enterprises = enterprise_rows(request.user, request.GET)
    export = list_export(request, enterprises, ENTERPRISE_COLUMNS, name="enterprises")
    if export:
        return export
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "form": form,
            "sorting": requested(request.GET, ENTERPRISE_ORDERS),
            **paginate(request, enterprises, PAGE_SIZE),
            "can_create": request.user.role in REGISTER_KEEPERS,
            "can_import": request.user.role == Role.ADMINISTRATOR,
        },
    )


def _visible_enterprise(request, pk):
    """The enterprise with its office and business types, or 404 outside the user's visibility."""
    return get_object_or_404(
        selectors.visible_enterprises(request.user)
        .select_related("customs_office")
        .prefetch_related("business_types"),
        pk=pk,
    )


@login_required
def enterprise_detail(request, pk):
    enterprise = _visible_enterprise(request, pk)
    customs_staff = request.user.is_customs_staff
    rulebook, measures = measures_in_force(enterprise.credit_grade)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "ledger": enterprise.ledger_entries.select_related("rulebook", "criterion"),
            "penalties": enterprise.penalties.all()[:RECORDS_SHOWN],
            "arrears": enterprise.arrears.all()[:RECORDS_SHOWN],
            "document_counts": enterprise.document_counts.all()[:RECORDS_SHOWN],
            "events": enterprise.events.all()[:RECORDS_SHOWN],
            "case_filings": (
                enterprise.case_filings.select_related("penalty")[:RECORDS_SHOWN] if customs_staff else None
            ),
            "corrections": enterprise.correction_requests.all()[:RECORDS_SHOWN],
            "answer_form": CorrectionAnswerForm() if request.user.role in REGISTER_KEEPERS else None,
            "can_request_correction": request.user.role == Role.ENTERPRISE,
            "proposals": selectors.visible_proposals(request.user)
            .filter(enterprise=enterprise)
            .select_related("criterion"),
            "rulebook": rulebook,
            "measures": measures,
            "history": change_history(enterprise) if customs_staff else None,
            **_repair_and_objections(request.user, enterprise),
            **_certification(request.user, enterprise),
            **_credit_status(request.user, enterprise),
            "can_edit": request.user.role in REGISTER_KEEPERS,
            "coordinator": next(
                (
                    a.coordinator
                    for a in enterprise.coordinator_assignments.filter(is_active=True).select_related(
                        "coordinator"
                    )
                ),
                None,
            ),
        },
    )


@login_required
@require_GET
def enterprise_credit_report(request, pk):
    enterprise = _visible_enterprise(request, pk)
    response = HttpResponse(credit_report_pdf(enterprise), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="credit-report-{enterprise.uscc}.pdf"'
    return response


def _certification(user, enterprise):
    """Certificates, applications and foreign AEO trading partners, through the relations the
    certification app defines.

    Customs staff do not see the enterprise's drafts.
    """
    applications = enterprise.applications.order_by("-created_at")
    if not is_enterprise_user_of(user, enterprise):
        applications = applications.exclude(status="draft")
    return {
        "certificates": enterprise.certificates.order_by("-issued_on")[:RECORDS_SHOWN],
        "applications": applications[:RECORDS_SHOWN],
        "foreign_aeos": enterprise.foreign_aeos.select_related("partner")[:RECORDS_SHOWN],
    }


def _credit_status(user, enterprise):
    """The enterprise's credit status certificates, and whether the user may ask for one here (the
    enterprise's users; officers, whose jurisdiction the visibility gate has checked, on its behalf)."""
    return {
        "credit_status_certificates": selectors.visible_credit_status_certificates(user)
        .filter(enterprise=enterprise)
        .order_by("-issued_on", "-id")[:RECORDS_SHOWN],
        "can_request_credit_status": is_enterprise_user_of(user, enterprise) or user.role in REGISTER_KEEPERS,
    }


def _repair_and_objections(user, enterprise):
    """The repair and objection section: what was filed and, for the enterprise, what it can file."""
    own = is_enterprise_user_of(user, enterprise)
    applications = list(enterprise.repair_applications.all()[:RECORDS_SHOWN])
    return {
        "repair_applications": applications,
        "pending_repair": next((a for a in applications if a.status == "submitted"), None),
        # The enterprise's users see their own objections, not the public's.
        "objections": selectors.enterprise_objections(user, enterprise).select_related(
            "penalty", "determination__criterion__rulebook"
        )[:RECORDS_SHOWN],
        "is_own_enterprise": own,
        "may_apply": own and enterprise.credit_grade not in NO_APPLICATION_GRADES,
        "repair_eligibility": (
            repair_eligibility(enterprise) if own and enterprise.credit_grade in DISHONEST_GRADES else None
        ),
        "objectable": objectable_records(enterprise) if own else {},
    }


def _save_enterprise(request, enterprise=None):
    if request.user.role not in REGISTER_KEEPERS:
        raise PermissionDenied
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if enterprise is None:
                enterprise = services.enterprise_create(actor=request.user, **data)
                messages.success(request, _("Enterprise registered."))
            else:
                data.pop("uscc"), data.pop("customs_code")
                services.enterprise_update(actor=request.user, enterprise=enterprise, **data)
                messages.success(request, _("Changes saved."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("enterprise-detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise})


@login_required
def enterprise_create(request):
    return _save_enterprise(request)


@login_required
def enterprise_update(request, pk):
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    return _save_enterprise(request, enterprise)

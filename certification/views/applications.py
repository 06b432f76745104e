"""Pages of an application: the queue, the wizard of the enterprise, the application page, documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from background.list_export import list_export
from certification import applications, financial_status, review, selectors, workflow
from certification.audit_report import audit_report_pdf
from certification.catalogue import standard_for
from certification.clock import clock
from certification.eligibility import application_bar, application_refusal, grades_open_to
from certification.forms import (
    ApplicationScopeForm,
    FindingForm,
    RectificationAnswerForm,
    RectificationReviewForm,
    SelfAssessmentForm,
)
from certification.lists import APPLICATION_ORDERS, application_columns, application_rows
from certification.models import Application
from certification.scoring import explain
from core.errors import InvalidState
from core.form_post import handle_post, submit
from core.paging import paginate
from core.sorting import requested
from rulebooks.selectors import rulebook_in_force

PAGE_SIZE = 25


def _visible(request, pk):
    return get_object_or_404(
        selectors.visible_applications(request.user).select_related(
            "enterprise__customs_office", "rulebook", "certificate"
        ),
        pk=pk,
    )


def refused(request, application, *names):
    """None when the user may take one of the actions `names` now, else the answer to give.

    A form posted after the application moved on (another officer got there first, or the same form
    was sent twice) goes back to the application with the reason; anything else is a 403.
    """
    problems = [workflow.refusal(request.user, application, name) for name in names]
    if any(problem is None for problem in problems):
        return None
    moved_on = next((problem for problem in problems if isinstance(problem, InvalidState)), None)
    if request.method == "POST" and moved_on is not None:
        messages.error(request, str(moved_on))
        return redirect(application.get_absolute_url())
    raise PermissionDenied


def _membership_enterprise(user):
    membership = getattr(user, "enterprise_membership", None)
    return membership.enterprise if membership and user.is_enterprise_user else None


@login_required
def application_list(request):
    form, applications_ = application_rows(request.user, request.GET)
    today = timezone.localdate()
    export = list_export(request, applications_, application_columns(today), name="applications")
    if export:
        return export
    context = paginate(request, applications_, PAGE_SIZE)
    context["sorting"] = requested(request.GET, APPLICATION_ORDERS)
    context["rows"] = [
        (application, clock(application, today)) for application in context["page"].object_list
    ]
    enterprise = _membership_enterprise(request.user)
    context.update(
        form=form, enterprise=enterprise, apply_refusal=enterprise and application_refusal(enterprise)
    )
    return render(request, "certification/application_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    enterprise = _membership_enterprise(request.user)
    if enterprise is None:
        raise PermissionDenied
    refusal = application_refusal(enterprise)
    if refusal:
        messages.error(request, refusal)
        return redirect(enterprise.get_absolute_url())
    in_progress = enterprise.applications.exclude(status__in=Application.CLOSED_STATUSES).first()
    if in_progress is not None:
        messages.info(request, _("Your enterprise already has an application in progress."))
        return redirect(in_progress.get_absolute_url())
    rulebook = rulebook_in_force()
    form = ApplicationScopeForm(
        request.POST or None, enterprise=enterprise, grades=grades_open_to(enterprise, rulebook)
    )
    response = handle_post(
        request,
        form,
        lambda **data: applications.application_create(actor=request.user, enterprise=enterprise, **data),
        success=_("The application has been created: assess each standard item."),
        then=reverse("application-list"),
        done=_next_item_url,
    )
    if response:
        return response
    return render(
        request,
        "certification/application_scope.html",
        {
            "form": form,
            "enterprise": enterprise,
            "rulebook": rulebook,
            "bar": application_bar(enterprise),
            "standards": rulebook.certification_standards.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_scope(request, pk):
    application = _visible(request, pk)
    if workflow.refusal(request.user, application, "edit"):
        raise PermissionDenied
    enterprise = application.enterprise
    rulebook = rulebook_in_force()
    form = ApplicationScopeForm(
        request.POST or None,
        enterprise=enterprise,
        grades=grades_open_to(enterprise, rulebook),
        initial={
            "target_grade": application.target_grade,
            "business_types": application.business_types.all(),
            "production_enterprise": application.production_enterprise,
        },
    )
    response = handle_post(
        request,
        form,
        lambda **data: applications.application_change_scope(
            actor=request.user, application=application, **data
        ),
        success=_("The business types and grade have been saved."),
        then=application.get_absolute_url(),
    )
    return response or render(
        request,
        "certification/application_scope.html",
        {
            "form": form,
            "enterprise": enterprise,
            "rulebook": rulebook,
            "application": application,
            "standards": rulebook.certification_standards.all(),
        },
    )


@login_required
def application_detail(request, pk):
    application = _visible(request, pk)
    rows = list(selectors.application_items(application, request.user))
    today = timezone.localdate()
    allowed = workflow.allowed_actions(request.user, application)
    timeline = [
        (step, workflow.step_label(step.action)) for step in application.transitions.select_related("actor")
    ]
    last_move = next(
        (step for step, _label in reversed(timeline) if step.from_status != step.to_status), None
    )
    # A result is the team's: none before every item has a finding, however many are still open.
    found = sum(1 for row in rows if row.finding)
    scored = found == len(rows) and selectors.findings_released(request.user, application)
    result = review.outcome(application) if scored else None
    return render(
        request,
        "certification/application_detail.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "parts": selectors.by_part(rows),
            "assessed": sum(1 for row in rows if row.self_assessment),
            # A column of dashes only narrows the items on a phone: shown once rectification starts.
            "has_rectification": any(row.rectification for row in rows),
            "total": len(rows),
            "clock": clock(application, today),
            "allowed": allowed,
            "action_labels": {name: workflow.ACTIONS[name].label for name in allowed},
            "simple_actions": [
                (name, workflow.ACTIONS[name].label) for name in allowed if name in SIMPLE_ACTIONS
            ],
            "show_findings": any(row.released for row in rows),
            "show_audit_report": selectors.audit_report_open(request.user, application),
            "result": result,
            "found": found,
            "explanation": explain(result) if result else [],
            "team": application.team.select_related("officer__office"),
            "visits": application.visits.all(),
            "timeline": timeline,
            # Why the application stands where it does, when someone had to say why.
            "status_reason": last_move.reason
            if last_move and application.status in EXPLAINED_STATUSES
            else "",
            "next_item_url": _next_item_url(application) if "edit" in allowed else None,
            "standard": standard_for(application.rulebook, application.target_grade),
            "has_finance": any(financial_status.is_computed(row) for row in rows),
        },
    )


EXPLAINED_STATUSES = ("returned", "paused", "refused", "withdrawn", "terminated")
# Actions that only need a reason (or nothing) and are taken from the application page.
SIMPLE_ACTIONS = (
    "accept",
    "return",
    "withdraw",
    "extend",
    "pause",
    "resume",
    "terminate",
    "close_rectification",
)


# What an item still waits for, per form: the wizard, the answers, the findings and their review
# each go on to the next item that waits, in catalogue order, then to where the step ends.
WAITING = {
    "assess": Q(self_assessment=""),
    "answer": Q(rectification="requested"),
    "finding": Q(finding=""),
    "review": Q(rectification="answered"),
}


def _next_item_url(application, after=None, name="assess"):
    """The next item still waiting for `name` after `after` (wrapping), else where the step ends: the
    review-and-submit page for the wizard, the application page for the others."""
    rows = application.items.filter(WAITING[name]).order_by("item__order", "item__code")
    if after is not None:
        rows = rows.exclude(pk=after.pk)
        later = rows.filter(item__order__gt=after.item.order)
        rows = later if later.exists() else rows
    row = rows.first()
    if row is not None:
        return reverse("application-item", args=[application.pk, row.pk])
    if name == "assess":
        return reverse("application-submit", args=[application.pk])
    return application.get_absolute_url()


def _item_form(request, application, row):
    """(name, form class, service, initial) of what `request.user` may do with this item now."""
    user = request.user
    if workflow.refusal(user, application, "edit") is None:
        return (
            "assess",
            SelfAssessmentForm,
            applications.self_assess,
            {
                "result": row.self_assessment,
                "explanation": row.explanation,
            },
        )
    if workflow.refusal(user, application, "answer") is None and row.rectification in (
        "requested",
        "answered",
    ):
        return (
            "answer",
            RectificationAnswerForm,
            applications.rectification_answer,
            {"answer": row.rectification_answer},
        )
    if workflow.refusal(user, application, "finding") is None:
        return (
            "finding",
            FindingForm,
            review.finding_record,
            {"finding": row.finding, "notes": row.finding_notes},
        )
    if workflow.refusal(user, application, "review") is None and row.rectification == "answered":
        return "review", RectificationReviewForm, review.rectification_review, {}
    return None, None, None, {}


@login_required
@require_http_methods(["GET", "POST"])
def application_item(request, pk, item_pk):
    application = _visible(request, pk)
    row = get_object_or_404(selectors.application_items(application, request.user), pk=item_pk)
    name, form_class, service, initial = _item_form(request, application, row)
    form = None
    if form_class:
        form = form_class(request.POST or None, request.FILES or None, initial=initial)
    computed = financial_status.assessment(row)
    if form is not None and computed is not None:  # the figures give the result: nothing to choose
        form.fields.pop("result", None)
        form.fields.pop("finding", None)
    # Read only once a save succeeded: a page merely shown never looks for the next item.
    after = lazy(lambda: _next_item_url(application, after=row, name=name), str)()
    response = handle_post(
        request,
        form,
        lambda **data: service(actor=request.user, application_item=row, **data),
        success=_("Saved."),
        then=after,
    )
    if response:
        return response
    progress_field = "finding" if name in ("finding", "review") else "self_assessment"
    rows = list(application.items.order_by("item__order", "item__code").values_list("pk", progress_field))
    position = next(index for index, (row_pk, _result) in enumerate(rows) if row_pk == row.pk)
    return render(
        request,
        "certification/application_item.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "row": row,
            "form": form,
            "form_name": name,
            "evidence": selectors.released_evidence(request.user).filter(application_item=row),
            "computed": computed,
            "position": position + 1,
            "total": len(rows),
            "assessed": sum(1 for _pk, result in rows if result),
            "previous_pk": rows[position - 1][0] if position > 0 else None,
            "next_pk": rows[position + 1][0] if position + 1 < len(rows) else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_submit(request, pk):
    application = _visible(request, pk)
    refusal = refused(request, application, "submit")
    if refusal:
        return refusal
    if request.method == "POST":
        return submit(
            request,
            None,
            lambda: applications.application_submit(actor=request.user, application=application),
            success=_("The application has been submitted; the receipt is ready to download."),
            then=reverse("application-submit", args=[application.pk]),  # what is missing, listed
            done=lambda submitted: submitted,
            moved_on=application.get_absolute_url(),  # submitted a moment ago: sent twice, or a colleague
        )
    rows = list(selectors.application_items(application, request.user))
    return render(
        request,
        "certification/application_submit.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "problems": applications.submission_problems(application),
            "parts": selectors.by_part(rows),
            "evidence_total": sum(row.evidence_count for row in rows),
            "unsupported": [row for row in rows if applications.lacks_evidence(row)],
        },
    )


@login_required
def application_receipt(request, pk):
    application = _visible(request, pk)
    if not application.receipt_number:
        raise PermissionDenied
    response = HttpResponse(applications.receipt_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{application.receipt_number}.pdf"'
    return response


@login_required
@require_GET
def application_audit_report(request, pk):
    """The audit report: for the enterprise once the application closed, with what was released to it."""
    application = _visible(request, pk)
    if not selectors.audit_report_open(request.user, application):
        raise PermissionDenied
    pdf = audit_report_pdf(application, reader=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="audit-report-{application.receipt_number}.pdf"'
    return response


@login_required
def evidence_download(request, pk):
    """Evidence lives in private media: served only to those who may see the application and the file."""
    evidence = get_object_or_404(selectors.visible_evidence(request.user), pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@login_required
@require_http_methods(["POST"])
def evidence_delete(request, pk):
    evidence = get_object_or_404(
        selectors.visible_evidence(request.user).select_related("application_item__application"), pk=pk
    )
    row = evidence.application_item
    then = reverse("application-item", args=[row.application_id, row.pk])
    return submit(
        request,
        None,
        lambda: applications.evidence_remove(actor=request.user, evidence=evidence),
        success=_("The document has been removed."),
        then=then,
    )

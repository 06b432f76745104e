"""Pages of the customs side of an application: simple steps, team, audit, rectification, decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import HiddenInput
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from certification import applications, eligibility, financial_status, review, selectors, workflow
from certification.forms import (
    AuditForm,
    AuditHeldForm,
    DecisionForm,
    FindingRowForm,
    ReasonForm,
    RectificationRequestForm,
    TeamForm,
    WithdrawForm,
)
from certification.scoring import explain
from certification.views.applications import SIMPLE_ACTIONS, _visible, refused
from core.errors import InvalidState
from core.form_post import handle_post

SERVICES = {
    "accept": review.application_accept,
    "return": review.application_return,
    "withdraw": applications.application_withdraw,
    "extend": review.clock_extend,
    "pause": review.application_pause,
    "resume": review.application_resume,
    "terminate": review.application_terminate,
    "close_rectification": lambda *, actor, application, reason="": review.rectification_close(
        actor=actor, application=application
    ),
}
REASON_OPTIONAL = ("accept", "resume", "close_rectification")


def _page(request, application, title, form, submit_label, **extra):
    return render(
        request,
        "certification/application_form.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "title": title,
            "form": form,
            "submit_label": submit_label,
            **extra,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_act(request, pk, action):
    if action not in SIMPLE_ACTIONS:
        raise Http404
    application = _visible(request, pk)
    refusal = refused(request, application, action)
    if refusal:
        return refusal
    bar_until = eligibility.bar_if_withdrawn(application) if action == "withdraw" else None
    if action == "withdraw":
        form = WithdrawForm(request.POST or None, bar_until=bar_until)
    else:
        form = ReasonForm(request.POST or None, required=action not in REASON_OPTIONAL)
    label = workflow.ACTIONS[action].label
    response = handle_post(
        request,
        form,
        lambda confirm=None, **data: SERVICES[action](actor=request.user, application=application, **data),
        success=_("Done: %(action)s.") % {"action": str(label).lower()},
        then=application.get_absolute_url(),
    )
    return response or _page(request, application, label, form, label, bar_until=bar_until)


@login_required
@require_http_methods(["GET", "POST"])
def application_team(request, pk):
    application = _visible(request, pk)
    refusal = refused(request, application, "team")
    if refusal:
        return refusal
    current = list(application.team.all())
    form = TeamForm(
        request.POST or None,
        application=application,
        initial={
            "officers": [member.officer_id for member in current],
            "leader": next((member.officer_id for member in current if member.is_leader), None),
        },
    )
    response = handle_post(
        request,
        form,
        lambda **data: review.team_form(actor=request.user, application=application, **data),
        success=_("The certification team has been formed."),
        then=application.get_absolute_url(),
    )
    label = workflow.ACTIONS["team"].label
    return response or _page(request, application, label, form, _("Save the team"))


@login_required
@require_http_methods(["GET", "POST"])
def application_audit(request, pk):
    application = _visible(request, pk)
    refusal = refused(request, application, "audit")
    if refusal:
        return refusal
    form = AuditForm(request.POST or None)
    response = handle_post(
        request,
        form,
        lambda **data: review.audit_plan(actor=request.user, application=application, **data),
        success=_("The on-site audit has been planned."),
        then=application.get_absolute_url(),
    )
    label = workflow.ACTIONS["audit"].label
    return response or _page(request, application, label, form, _("Plan the audit"))


@login_required
@require_http_methods(["GET", "POST"])
def application_rectification(request, pk):
    application = _visible(request, pk)
    refusal = refused(request, application, "rectification")
    if refusal:
        return refusal
    form = RectificationRequestForm(request.POST or None, application=application)
    response = handle_post(
        request,
        form,
        lambda **data: review.rectification_request(actor=request.user, application=application, **data),
        success=_("The items have been sent to the enterprise for rectification."),
        then=application.get_absolute_url(),
    )
    label = workflow.ACTIONS["rectification"].label
    return response or _page(
        request,
        application,
        label,
        form if form.rows else None,
        _("Send to the enterprise"),
        empty=_("No item that falls short of the standard allows rectification."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_decide(request, pk):
    application = _visible(request, pk)
    refusal = refused(request, application, "certify", "refuse")
    if refusal:
        return refusal
    form = DecisionForm(request.POST or None)

    def decide(*, outcome, decision_number, reason):
        if outcome == "certify":
            return review.application_certify(
                actor=request.user, application=application, decision_number=decision_number
            )
        return review.application_refuse(
            actor=request.user, application=application, decision_number=decision_number, reason=reason
        )

    response = handle_post(
        request,
        form,
        decide,
        success=_("The decision has been recorded."),
        then=application.get_absolute_url(),
    )
    result = review.outcome(application)
    return response or _page(
        request,
        application,
        _("Decide"),
        form,
        _("Record the decision"),
        result=result,
        explanation=explain(result),
    )


def _finding_row_form(data, row, years):
    """A row of the findings table; an item computed from the financial figures shows their result and
    records it, with nothing to choose (`row.computed`)."""
    form = FindingRowForm(
        data, prefix=f"item-{row.pk}", initial={"finding": row.finding, "notes": row.finding_notes}
    )
    row.computed = financial_status.assessment(row, years)
    if row.computed is not None:
        form.fields["finding"].widget = HiddenInput()
        form.initial["finding"] = row.computed.result
    return form


@login_required
@require_http_methods(["GET", "POST"])
def application_findings(request, pk):
    """The team's table of findings: every item with the enterprise's self-assessment and evidence
    beside it, several recorded with one save (keyboard: Tab from a finding to its notes to the next)."""
    application = _visible(request, pk)
    refusal = refused(request, application, "finding")
    if refusal:
        return refusal
    rows = list(selectors.application_items(application, request.user))
    data = request.POST if request.method == "POST" else None
    years = financial_status.years_of(application)
    forms = [(row, _finding_row_form(data, row, years)) for row in rows]
    if request.method == "POST" and all(form.is_valid() for _row, form in forms):
        changed = {
            row.pk: (form.cleaned_data["finding"], form.cleaned_data["notes"])
            for row, form in forms
            if form.cleaned_data["finding"]
            and (form.cleaned_data["finding"], form.cleaned_data["notes"].strip())
            != (row.finding, row.finding_notes)
        }
        try:
            saved = review.findings_record(actor=request.user, application=application, findings=changed)
        except InvalidState as error:
            messages.error(request, str(error))
            return redirect(reverse("application-findings", args=[application.pk]))
        except ValidationError as error:
            by_row = {row.pk: form for row, form in forms}
            for key, texts in error.message_dict.items():
                pk, field = key.split(":")
                by_row[int(pk)].add_error(field if field in FindingRowForm.base_fields else None, texts)
        else:
            messages.success(
                request,
                ngettext("%(count)d finding saved.", "%(count)d findings saved.", saved) % {"count": saved},
            )
            return redirect(reverse("application-findings", args=[application.pk]))
    found = sum(1 for row in rows if row.finding)
    return render(
        request,
        "certification/application_findings.html",
        {
            "application": application,
            "enterprise": application.enterprise,
            "forms": forms,
            "found": found,
            "total": len(rows),
            "pending_audit": review.audit_pending(application),
            "audit_held_form": AuditHeldForm(initial={"held_on": timezone.localdate()}),
        },
    )


@login_required
@require_http_methods(["POST"])
def application_audit_held(request, pk):
    """The team confirms the on-site audit took place before its planned day, so findings can follow."""
    application = _visible(request, pk)
    refusal = refused(request, application, "finding")
    if refusal:
        return refusal
    form = AuditHeldForm(request.POST)
    then = reverse("application-findings", args=[application.pk])
    response = handle_post(
        request,
        form,
        lambda **data: review.audit_held(actor=request.user, application=application, **data),
        success=_("The audit's day is recorded; the findings can be recorded now."),
        then=then,
    )
    if response is None:  # an invalid day: said on the findings page
        for error in form.errors.get("held_on", ()):
            messages.error(request, error)
        return redirect(then)
    return response

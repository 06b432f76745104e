"""Pages of the customs side of an application: simple steps, team, audit, rectification, decision."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certification import applications, eligibility, review, workflow
from certification.forms import (
    AuditForm,
    DecisionForm,
    ReasonForm,
    RectificationRequestForm,
    TeamForm,
    WithdrawForm,
)
from certification.scoring import explain
from certification.views.applications import SIMPLE_ACTIONS, _visible, refused
from enterprises.views.outcome import handle_post

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

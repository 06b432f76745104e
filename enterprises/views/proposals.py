"""Pages of the dishonest determination workflow: the officers' queue and the enterprise's notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.receipts import receipt_response
from background.list_export import list_export
from core.display import format_date
from core.errors import InvalidState, NotPermitted
from core.form_post import add_service_errors
from core.paging import paginate
from core.sorting import requested
from enterprises import determination, receipts, selectors
from enterprises.determination import ACTIONS
from enterprises.forms.proposals import ACTION_FORMS, ProposalCreateForm
from enterprises.lists import PROPOSAL_COLUMNS, PROPOSAL_ORDERS, proposal_rows
from enterprises.models import DishonestProposal, DishonestStatement, StatementAttachment
from rulebooks.selectors import rulebook_in_force

PAGE_SIZE = 25
SERVICES = {
    "notify": determination.proposal_notify,
    "statement": determination.statement_submit,
    "decide": determination.proposal_decide,
    "drop": determination.proposal_drop,
}


@login_required
def proposal_list(request):
    form, proposals, shown = proposal_rows(request.user, request.GET)
    export = list_export(request, shown, PROPOSAL_COLUMNS, name="proposals")
    if export:
        return export
    counts = dict(proposals.order_by().values_list("status").annotate(n=Count("id")))
    return render(
        request,
        "enterprises/proposal_list.html",
        {
            "form": form,
            "sorting": requested(request.GET, PROPOSAL_ORDERS),
            **paginate(request, shown, PAGE_SIZE),
            "status_counts": [
                (status, label, counts.get(status, 0)) for status, label in DishonestProposal.Status.choices
            ],
        },
    )


def _timeline(proposal, statements):
    """What happened to the proposal, oldest first."""
    events = [(proposal.created_at, _("Proposed"), proposal.created_by, "")]
    if proposal.notified_at:
        events.append(
            (
                proposal.notified_at,
                _("Pre-notice sent; statement due %(day)s") % {"day": format_date(proposal.statement_due)},
                proposal.notified_by,
                "",
            )
        )
    events += [(s.submitted_at, _("Statement submitted"), s.submitted_by, "") for s in statements]
    if proposal.status == DishonestProposal.Status.DETERMINED:
        events.append((proposal.decided_at, _("Determined"), proposal.decided_by, proposal.decision_number))
    elif proposal.status == DishonestProposal.Status.DROPPED:
        events.append((proposal.decided_at, _("Dropped"), proposal.decided_by, proposal.drop_reason))
    return sorted(events, key=lambda event: event[0])


def _get_proposal(request, pk):
    return get_object_or_404(
        selectors.visible_proposals(request.user).select_related(
            "enterprise__customs_office",
            "criterion",
            "rulebook",
            "created_by",
            "notified_by",
            "decided_by",
            "ledger_entry",
        ),
        pk=pk,
    )


def _action_form(name, proposal, data=None, files=None):
    initial = {"grounds": proposal.grounds} if name == "notify" else None
    return ACTION_FORMS[name](data, files, prefix=name, initial=initial)


def _decide_not_yet(user, proposal, actions):
    """For an officer waiting on the statement period: when the decision becomes possible."""
    if (
        proposal.status != DishonestProposal.Status.NOTIFIED
        or "decide" in actions
        or user.role not in determination.DECIDERS
    ):
        return ""
    return determination.not_yet_reason(user, proposal, "decide")


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk):
    proposal = _get_proposal(request, pk)
    actions = determination.allowed_actions(request.user, proposal)
    forms = {name: _action_form(name, proposal) for name in actions}
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in SERVICES:
            raise PermissionDenied
        form = forms[name] = _action_form(name, proposal, request.POST, request.FILES)
        if form.is_valid():
            try:
                SERVICES[name](actor=request.user, proposal=proposal, **form.cleaned_data)
            except NotPermitted as error:
                raise PermissionDenied(str(error)) from error
            except InvalidState as error:
                messages.error(request, str(error))
                return redirect("proposal-detail", pk=proposal.pk)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(action)s: done.") % {"action": ACTIONS[name].label})
                return redirect("proposal-detail", pk=proposal.pk)
    statements = list(
        DishonestStatement.objects.filter(proposal=proposal)
        .select_related("submitted_by")
        .prefetch_related(Prefetch("attachments", queryset=StatementAttachment.objects.order_by("id")))
    )
    return render(
        request,
        "enterprises/proposal_detail.html",
        {
            "proposal": proposal,
            "enterprise": proposal.enterprise,
            "statements": statements,
            "final_statement": any(statement.final for statement in statements),
            "timeline": _timeline(proposal, statements),
            "action_forms": [(name, ACTIONS[name].label, forms[name]) for name in forms],
            "notice_number": determination.notice_number(proposal),
            "statement_period": determination.statement_period(proposal),
            "decision": determination.decision_notice(proposal)
            if proposal.status == DishonestProposal.Status.DETERMINED
            else None,
            "decide_not_yet": _decide_not_yet(request.user, proposal, actions),
            "is_customs_staff": request.user.is_customs_staff,
        },
    )


@login_required
def proposal_create(request, pk):
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), pk=pk)
    if request.user.role not in determination.DECIDERS:
        raise PermissionDenied
    form = ProposalCreateForm(request.POST or None, rulebook=rulebook_in_force())
    if request.method == "POST" and form.is_valid():
        try:
            proposal = determination.proposal_create(
                actor=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal saved. Review it and send the pre-notice."))
            return redirect("proposal-detail", pk=proposal.pk)
    return render(request, "enterprises/proposal_form.html", {"form": form, "enterprise": enterprise})


@login_required
def proposal_notice_pdf(request, pk):
    proposal = get_object_or_404(
        selectors.visible_proposals(request.user)
        .filter(notified_at__isnull=False)
        .select_related("enterprise__customs_office", "criterion", "rulebook"),
        pk=pk,
    )
    response = HttpResponse(
        determination.proposal_notice_pdf(proposal=proposal), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        False, f"{determination.notice_number(proposal)}.pdf"
    )
    return response


@login_required
def proposal_decision_pdf(request, pk):
    """The written decision, with its number, the remedies and, for the serious list, the measures
    and how the listing ends; only once the enterprise is determined dishonest."""
    proposal = get_object_or_404(
        selectors.visible_proposals(request.user)
        .filter(status=DishonestProposal.Status.DETERMINED)
        .select_related("enterprise__customs_office", "criterion", "rulebook", "ledger_entry"),
        pk=pk,
    )
    response = HttpResponse(
        determination.proposal_decision_pdf(proposal=proposal), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(False, f"{proposal.decision_number}.pdf")
    return response


@login_required
def statement_attachment(request, pk):
    """Attachments live in private media: served only to those who may see the proposal."""
    attachment = get_object_or_404(
        StatementAttachment.objects.filter(statement__proposal__in=selectors.visible_proposals(request.user)),
        pk=pk,
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
@require_GET
def statement_receipt(request, pk):
    """The receipt of one statement, for those who may see its proposal."""
    statement = get_object_or_404(
        DishonestStatement.objects.filter(proposal__in=selectors.visible_proposals(request.user))
        .select_related("proposal__enterprise__customs_office", "proposal__criterion", "submitted_by")
        .prefetch_related("attachments"),
        pk=pk,
    )
    return receipt_response(receipts.statement_receipt(statement))

"""Dishonest determination (domain brief 4.1): officer review, written pre-notice, statement, decision.

A proposal is never a silent downgrade. An officer reviews it and notifies the enterprise in writing
of the intended decision, its grounds and its right to state its case within the rulebook's statement
period; only then may the officer decide, which writes the credit ledger and starts the publication
period, or drop it with a reason. `ACTIONS` is the one transition table: services check it, pages and
the API show the actions it allows.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import record_activity
from accounts.models import Role
from accounts.numbering import document_number_issue, issuing_office
from accounts.selectors import offices_in_jurisdiction
from core.display import format_date, format_date_lazy
from core.errors import InvalidState, NotPermitted, required_text
from core.uploads import stored_name, validate_uploads
from core.workflow import Action, Workflow
from enterprises.ledger import ledger_record
from enterprises.models import (
    DishonestProposal,
    DishonestStatement,
    Enterprise,
    LedgerEntry,
    StatementAttachment,
)
from enterprises.notices import decision_remedies, notify_enterprise_users, serious_list_terms
from notifications.services import notify_users
from rulebooks import working_days
from rulebooks.selectors import rulebook_in_force

Status = DishonestProposal.Status
DECIDERS = (Role.OFFICER, Role.ADMINISTRATOR)


# Who acts next and is told: the enterprise, or the officer who sent the pre-notice. An action's
# `actor` is the roles that may take it.
ENTERPRISE, NOTIFYING_OFFICER = "enterprise", "notifying officer"


ACTIONS = {
    "notify": Action(
        gettext_lazy("Send the pre-notice"), (Status.PROPOSED,), Status.NOTIFIED, DECIDERS, ENTERPRISE
    ),
    "statement": Action(
        gettext_lazy("Submit a statement"), (Status.NOTIFIED,), None, (Role.ENTERPRISE,), NOTIFYING_OFFICER
    ),
    "decide": Action(
        gettext_lazy("Determine dishonest"), (Status.NOTIFIED,), Status.DETERMINED, DECIDERS, ENTERPRISE
    ),
    # An enterprise never notified was never a party; `proposal_drop` tells only one that was.
    "drop": Action(
        gettext_lazy("Drop the proposal"),
        (Status.PROPOSED, Status.NOTIFIED),
        Status.DROPPED,
        DECIDERS,
        ENTERPRISE,
    ),
}

# Statement attachments: what a reviewing officer can open, kept small enough to store and scan.
ATTACHMENT_MAX_FILES = 5


# --- reads -----------------------------------------------------------------------------------------


def allowed_actions(user, proposal, today=None):
    """Names of the actions `user` may take on `proposal` now, in the order of `ACTIONS`."""
    return WORKFLOW.allowed_actions(user, proposal, today=today)


def not_yet_reason(user, proposal, name, today=None):
    """Why `user` may not take action `name` now, as a sentence for the page ("" when they may)."""
    refusal = WORKFLOW.refusal(user, proposal, name, today=today)
    return str(refusal) if refusal else ""


def add_working_days(day, count):
    """The date `count` working days after `day`, over the State Council's holiday calendar
    (`rulebooks.working_days`: holidays are not working days, make-up days are)."""
    return working_days.add_working_days(day, count)


def statement_period(proposal):
    """The statement period of a notified proposal as the pre-notice counts it: its length in working
    days and the weekday holidays it skipped (so a deadline pushed past a holiday reads as intended)."""
    if proposal.notified_at is None or proposal.statement_due is None:
        return None
    notified_on = timezone.localdate(proposal.notified_at)
    return {
        "working_days": proposal.rulebook.statement_period_working_days,
        "holidays": len(working_days.holidays_within(notified_on, proposal.statement_due)),
    }


def notice_number(proposal):
    """Number of the written pre-notice: the one its customs issued when it was sent (such as
    西关信字〔2026〕12号); a notice sent before numbers were issued keeps the id and the day it was sent."""
    if proposal.notice_number or not proposal.notified_at:
        return proposal.notice_number
    return f"{proposal.pk}-{timezone.localdate(proposal.notified_at):%Y%m%d}"


def proposal_notice_pdf(*, proposal):
    """The printable pre-notice in the active language, as PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(
        "enterprises/proposal_notice_pdf.html",
        {
            "proposal": proposal,
            "enterprise": proposal.enterprise,
            "criterion": proposal.criterion,
            "office": issuing_office(proposal.enterprise.customs_office),
            "notice_number": notice_number(proposal),
            "notified_on": timezone.localdate(proposal.notified_at),
        },
    )
    return HTML(string=html).write_pdf()


def decision_notice(proposal):
    """What the written decision states besides the record: who issues it, the remedies, and for the
    serious-dishonesty list the measures and how the listing ends (`enterprises.notices`)."""
    return {
        "office": issuing_office(proposal.enterprise.customs_office),
        "decided_on": timezone.localdate(proposal.decided_at),
        "remedies": decision_remedies(proposal),
        "serious_list": serious_list_terms(proposal),
    }


def proposal_decision_pdf(*, proposal):
    """The printable determination decision in the active language, as PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(
        "enterprises/proposal_decision_pdf.html",
        {
            "proposal": proposal,
            "enterprise": proposal.enterprise,
            "criterion": proposal.criterion,
            **decision_notice(proposal),
        },
    )
    return HTML(string=html).write_pdf()


# --- checks ----------------------------------------------------------------------------------------


class DeterminationWorkflow(Workflow):
    actions = ACTIONS
    wrong_state_message = gettext_lazy("A proposal that is %(status)s cannot be changed this way.")

    def not_permitted(self, actor, proposal, action):
        if actor is None or actor.role not in action.actor:
            return NotPermitted(_("Your role may not %(action)s.") % {"action": str(action.label).lower()})
        if actor.role == Role.ENTERPRISE:
            membership = getattr(actor, "enterprise_membership", None)
            if membership is None or membership.enterprise_id != proposal.enterprise_id:
                return NotPermitted(_("Only the enterprise's own users may state its case."))
        elif not offices_in_jurisdiction(actor).filter(pk=proposal.enterprise.customs_office_id).exists():
            return NotPermitted(_("This enterprise is outside your jurisdiction."))
        return None

    def condition(self, proposal, name, today=None):
        today = today or timezone.localdate()
        if name == "statement" and today > proposal.statement_due:
            return InvalidState(
                _("The statement period ended on %(day)s.") % {"day": format_date(proposal.statement_due)}
            )
        if name in ("statement", "decide") and today <= proposal.statement_due:
            # A statement does not end the period: only the period's end, or the enterprise declaring it
            # has nothing more to state, opens the decision (and closes the statements).
            final = _has_final_statement(proposal)
            if name == "statement" and final:
                return InvalidState(_("The enterprise has declared that it has nothing more to state."))
            if name == "decide" and not final:
                return InvalidState(
                    _(
                        "The enterprise may state its case until %(day)s; decide after that, or once it "
                        "declares that it has nothing more to state."
                    )
                    % {"day": format_date(proposal.statement_due)}
                )
        return None


WORKFLOW = DeterminationWorkflow()


def _has_final_statement(proposal):
    """Whether the enterprise declared it has nothing more to state; read once per proposal object,
    since a page asks for both the statement and the decision."""
    if not hasattr(proposal, "_final_statement"):
        proposal._final_statement = proposal.statements.filter(final=True).exists()
    return proposal._final_statement


def _locked(proposal):
    return (
        DishonestProposal.objects.select_for_update()
        .select_related("enterprise", "criterion")
        .get(pk=proposal.pk)
    )


def _notify_enterprise(proposal, subject, body, **extra):
    notify_enterprise_users(
        enterprise_id=proposal.enterprise_id,
        subject=subject,
        body=body,
        context=lambda: _context(proposal, **extra),
        link=reverse("proposal-detail", args=[proposal.pk]),
    )


def _context(proposal, **extra):
    """Placeholders of the notices, in the active language."""
    return {
        "enterprise": proposal.enterprise.display_name,
        "article": proposal.criterion.display_article,
        "criterion": proposal.criterion.display_title,
        **extra,
    }


NOTICE_SUBJECT = gettext_lazy("Pre-notice of an intended dishonest determination")
NOTICE_BODY = gettext_lazy(
    "Customs intends to determine %(enterprise)s dishonest under %(article)s (%(criterion)s). "
    "You may state your case, with supporting documents, until %(due)s. "
    "The written notice with the grounds can be opened and printed from the link."
)
STATEMENT_SUBJECT = gettext_lazy("Statement received")
STATEMENT_BODY = gettext_lazy("%(enterprise)s stated its case on the proposal under %(article)s.")
DECISION_SUBJECT = gettext_lazy("Decision: determined dishonest")
DECISION_BODY = gettext_lazy(
    "Customs has determined %(enterprise)s dishonest under %(article)s (%(criterion)s), "
    "decision %(number)s. The credit grade and the measures that follow from it apply from today."
)
# The written decision, which the link opens, states them in full (`decision_notice`).
DECISION_REMEDIES = gettext_lazy("%(remedies)s The written decision can be opened and printed from the link.")
DROP_SUBJECT = gettext_lazy("The intended dishonest determination is dropped")
DROP_BODY = gettext_lazy(
    "Customs will not determine %(enterprise)s dishonest under %(article)s (%(criterion)s). "
    "Reason: %(reason)s"
)


# --- writes ----------------------------------------------------------------------------------------


def proposal_create(*, actor, enterprise, criterion, grounds, evidence=()):
    """Propose a determination; an open proposal for the same criterion is returned instead of a second."""
    if actor is not None:
        if actor.role not in DECIDERS:
            raise NotPermitted(_("Only customs officers propose determinations."))
        if not offices_in_jurisdiction(actor).filter(pk=enterprise.customs_office_id).exists():
            raise NotPermitted(_("This enterprise is outside your jurisdiction."))
    today = timezone.localdate()
    rulebook = rulebook_in_force(today)
    if criterion.rulebook_id != rulebook.pk:
        raise ValidationError(
            {
                "criterion": _("Choose a criterion of %(rulebook)s, the rulebook in force.")
                % {"rulebook": rulebook}
            }
        )
    grounds = required_text(grounds, "grounds", _("State the grounds of the proposal."))
    with transaction.atomic():
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        existing = DishonestProposal.objects.filter(
            enterprise=enterprise, criterion=criterion, status__in=DishonestProposal.OPEN_STATUSES
        ).first()
        if existing:
            return existing
        proposal = DishonestProposal.objects.create(
            enterprise=enterprise,
            rulebook=rulebook,
            criterion=criterion,
            grounds=grounds,
            evidence=[str(item) for item in evidence],
            evidence_date=today,
            created_by=actor,
        )
        record_activity(actor=actor, verb="proposal.created", target=proposal, note=grounds)
    return proposal


def proposal_notify(*, actor, proposal, grounds=None):
    """The officer has reviewed the proposal: send the written pre-notice and open the statement period."""
    with transaction.atomic():
        proposal = _locked(proposal)
        WORKFLOW.check_permission(actor, proposal, "notify")
        if proposal.status == Status.NOTIFIED:
            return proposal
        WORKFLOW.check_state(proposal, "notify")
        if grounds is not None:
            proposal.grounds = grounds.strip()
        required_text(proposal.grounds, "grounds", _("The notice must state the grounds."))
        today = timezone.localdate()
        proposal.status = Status.NOTIFIED
        proposal.notified_by = actor
        proposal.notified_at = timezone.now()
        proposal.notice_number = document_number_issue(
            office=proposal.enterprise.customs_office, year=today.year
        )
        proposal.statement_due = add_working_days(today, proposal.rulebook.statement_period_working_days)
        proposal.save(
            update_fields=[
                "status",
                "grounds",
                "notified_by",
                "notified_at",
                "notice_number",
                "statement_due",
            ]
        )
        record_activity(
            actor=actor,
            verb="proposal.notified",
            target=proposal,
            changes={
                "status": [Status.PROPOSED, Status.NOTIFIED],
                "statement_due": [None, str(proposal.statement_due)],
            },
            note=proposal.notice_number,
        )
        _notify_enterprise(
            proposal, NOTICE_SUBJECT, NOTICE_BODY, due=format_date_lazy(proposal.statement_due)
        )
    return proposal


def statement_submit(*, actor, proposal, text, files=(), final=False):
    """The enterprise states its case within the statement period, with supporting documents; the
    same statement sent twice is recorded (and the officer told) once. `final`: the enterprise has
    nothing more to state, so customs may decide before the period ends."""
    text = required_text(text, "text", _("Write the statement."))
    files = validate_uploads(files, max_files=ATTACHMENT_MAX_FILES)
    with transaction.atomic():
        proposal = _locked(proposal)
        WORKFLOW.check_permission(actor, proposal, "statement")
        sent_before = proposal.statements.filter(submitted_by=actor, text=text).first()
        if sent_before:  # the same statement sent twice
            return sent_before
        WORKFLOW.check_state(proposal, "statement")
        statement = DishonestStatement.objects.create(
            proposal=proposal, submitted_by=actor, text=text, final=final
        )
        for upload in files:
            StatementAttachment.objects.create(
                statement=statement, file=upload, original_name=stored_name(upload), size=upload.size
            )
        record_activity(
            actor=actor,
            verb="proposal.statement_submitted",
            target=proposal,
            changes={"attachments": [upload.name for upload in files]},
        )
        if proposal.notified_by_id:
            notify_users(
                [proposal.notified_by],
                subject=STATEMENT_SUBJECT,
                body=STATEMENT_BODY,
                context=lambda: _context(proposal),
                link=reverse("proposal-detail", args=[proposal.pk]),
            )
    return statement


def proposal_decide(*, actor, proposal, decision_number="", note=""):
    """Determine the enterprise dishonest: a ledger entry, then publication for the level's period.

    The decision takes the next number of its customs' register (`accounts.numbering`), unless the
    caller gives the number of a decision already numbered elsewhere. A repeated request returns the
    decision made.
    """
    decision_number = (decision_number or "").strip()
    with transaction.atomic():
        proposal = _locked(proposal)
        WORKFLOW.check_permission(actor, proposal, "decide")
        if proposal.status == Status.DETERMINED and decision_number in ("", proposal.decision_number):
            return proposal
        WORKFLOW.check_state(proposal, "decide")
        criterion, rulebook = proposal.criterion, proposal.rulebook
        today = timezone.localdate()
        decision_number = decision_number or document_number_issue(
            office=proposal.enterprise.customs_office, year=today.year
        )
        published_until = _published_until(rulebook, criterion, today)
        grade = _grade_after_determination(
            rulebook, proposal.enterprise.credit_grade, criterion.resulting_grade
        )
        entry = ledger_record(
            actor=actor,
            enterprise=proposal.enterprise,
            grade=grade,
            cause=LedgerEntry.Cause.DETERMINATION,
            reason=(note or "").strip() or proposal.grounds,
            effective_from=today,
            rulebook=rulebook,
            criterion=criterion,
            decision_number=decision_number,
        )
        proposal.status = Status.DETERMINED
        proposal.ledger_entry = entry
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.decision_number = decision_number
        proposal.publication_level = criterion.publication_level
        proposal.published_until = published_until
        proposal.save()
        record_activity(
            actor=actor,
            verb="proposal.determined",
            target=proposal,
            changes={"status": [Status.NOTIFIED, Status.DETERMINED], "grade": [entry.previous_grade, grade]},
            note=decision_number,
        )
        _notify_enterprise(
            proposal,
            DECISION_SUBJECT,
            format_lazy("{} {}", DECISION_BODY, DECISION_REMEDIES),
            number=decision_number,
            remedies=lazy(lambda: decision_remedies(proposal), str)(),
        )
    return proposal


def _published_until(rulebook, criterion, decided_on):
    period = rulebook.publication_periods.filter(level=criterion.publication_level).first()
    if period is None:
        raise InvalidState(
            _("%(rulebook)s sets no publication period for this level.") % {"rulebook": rulebook}
        )
    return decided_on + relativedelta(months=period.max_months)


def _grade_after_determination(rulebook, current, resulting):
    """The resulting grade, unless the enterprise already has it or a worse one: then it keeps its grade."""
    order = dict(rulebook.grades.values_list("grade", "order"))
    return current if order.get(current, -1) >= order[resulting] else resulting


def proposal_drop(*, actor, proposal, reason):
    """Close a proposal without a determination; an enterprise already notified is told why."""
    reason = required_text(reason, "reason", _("Give the reason for dropping the proposal."))
    with transaction.atomic():
        proposal = _locked(proposal)
        if actor is not None:  # None: the scheduled evaluation, when a criterion no longer holds
            WORKFLOW.check_permission(actor, proposal, "drop")
        if proposal.status == Status.DROPPED:
            return proposal
        WORKFLOW.check_state(proposal, "drop")
        previous = proposal.status
        proposal.status = Status.DROPPED
        proposal.drop_reason = reason
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "drop_reason", "decided_by", "decided_at"])
        record_activity(
            actor=actor,
            verb="proposal.dropped",
            target=proposal,
            changes={"status": [previous, Status.DROPPED]},
            note=reason,
        )
        if previous == Status.NOTIFIED:
            _notify_enterprise(proposal, DROP_SUBJECT, DROP_BODY, reason=reason)
    return proposal


def determination_take_over(
    *, actor, enterprise, criterion, decided_on, decision_number, grounds, evidence_date
):
    """Record a determination made before this system, as an earlier system or a paper file holds it.

    Go-live brings existing dishonest listings along: the ledger gets the decision with its original
    date and basis, and publication runs from that date, as it would have.
    """
    if actor is not None and actor.role != Role.ADMINISTRATOR:
        raise NotPermitted(_("Only administrators take over determinations from an earlier system."))
    rulebook = criterion.rulebook
    if not rulebook.covers(decided_on):
        raise ValidationError({"decided_on": _("The criterion's rulebook was not in force on that day.")})
    with transaction.atomic():
        # A second take-over of the same decision waits for the first, then finds it.
        Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        existing = DishonestProposal.objects.filter(
            enterprise=enterprise, criterion=criterion, decision_number=decision_number
        ).first()
        if existing:
            return existing
        entry = ledger_record(
            actor=actor,
            enterprise=enterprise,
            grade=_grade_after_determination(rulebook, enterprise.credit_grade, criterion.resulting_grade),
            cause=LedgerEntry.Cause.MIGRATION,
            reason=grounds,
            effective_from=decided_on,
            rulebook=rulebook,
            criterion=criterion,
            decision_number=decision_number,
        )
        proposal = DishonestProposal.objects.create(
            enterprise=enterprise,
            rulebook=rulebook,
            criterion=criterion,
            status=Status.DETERMINED,
            grounds=grounds,
            evidence_date=evidence_date,
            decided_at=timezone.make_aware(datetime.datetime.combine(decided_on, datetime.time(9))),
            decision_number=decision_number,
            ledger_entry=entry,
            publication_level=criterion.publication_level,
            published_until=_published_until(rulebook, criterion, decided_on),
        )
        record_activity(actor=actor, verb="proposal.taken_over", target=proposal, note=decision_number)
    return proposal

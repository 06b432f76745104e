"""The state machine of an application: one transition table, one way to move.

`ACTIONS` says for every action which statuses it starts from, where it leads and who may take
it: the enterprise's own users, officers with the enterprise in their jurisdiction, or the
members of the certification team. Services call `check` inside their transaction after locking
the application with `locked`, and `move` to change the status, which records who, when and why.
Pages and the API show exactly `allowed_actions`.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.audit import record_activity
from accounts.models import CustomsOffice, Role
from accounts.selectors import offices_in_jurisdiction
from certification.handoffs import ENTERPRISE, OFFICE, TEAM, hand_off
from certification.models import Application, Transition
from core import workflow
from core.errors import InvalidState, NotPermitted
from enterprises.permissions import is_enterprise_user_of

Status = Application.Status
OFFICER = "officer"  # an officer of the enterprise's customs may act (the enterprise, the team: handoffs)
# The decision is the directly-under customs': a certification-qualified officer of one whose
# jurisdiction holds the enterprise (a subordinate customs' officers audit but do not decide).
DECIDER = "decider"
CERTIFICATION, RE_REVIEW = Application.Kind.CERTIFICATION, Application.Kind.RE_REVIEW
RUNNING = (Status.SUBMITTED, Status.ACCEPTED, Status.UNDER_AUDIT, Status.RECTIFICATION)
AFTER_ACCEPTANCE = (Status.ACCEPTED, Status.UNDER_AUDIT, Status.RECTIFICATION)


@dataclass(frozen=True)
class Action(workflow.Action):
    """An application's step (`tells`: who acts next, told by `move` through `certification.handoffs`),
    open to the kinds of application in `kinds`."""

    kinds: tuple = (CERTIFICATION, RE_REVIEW)


ACTIONS = {
    "edit": Action(
        gettext_lazy("Edit the self-assessment"), (Status.DRAFT, Status.RETURNED), None, ENTERPRISE
    ),
    "submit": Action(
        gettext_lazy("Submit the application"),
        (Status.DRAFT, Status.RETURNED),
        Status.SUBMITTED,
        ENTERPRISE,
        kinds=(CERTIFICATION,),
        tells=(OFFICE,),
    ),
    "withdraw": Action(
        gettext_lazy("Withdraw the application"),
        (Status.DRAFT, Status.RETURNED, *RUNNING, Status.PAUSED),
        Status.WITHDRAWN,
        ENTERPRISE,
        kinds=(CERTIFICATION,),
        tells=(OFFICE, TEAM),
    ),
    "accept": Action(
        gettext_lazy("Accept"),
        (Status.SUBMITTED,),
        Status.ACCEPTED,
        OFFICER,
        kinds=(CERTIFICATION,),
        tells=(ENTERPRISE,),
    ),
    "return": Action(
        gettext_lazy("Return for more material"),
        (Status.SUBMITTED,),
        Status.RETURNED,
        OFFICER,
        kinds=(CERTIFICATION,),
        tells=(ENTERPRISE,),
    ),
    "team": Action(
        gettext_lazy("Form the certification team"), AFTER_ACCEPTANCE, None, OFFICER, tells=(TEAM,)
    ),
    "audit": Action(
        gettext_lazy("Plan an on-site audit"),
        (Status.ACCEPTED, Status.UNDER_AUDIT),
        Status.UNDER_AUDIT,
        TEAM,
        tells=(ENTERPRISE, TEAM),
    ),
    "finding": Action(gettext_lazy("Record findings"), (Status.UNDER_AUDIT,), None, TEAM),
    "rectification": Action(
        gettext_lazy("Ask for rectification"),
        (Status.UNDER_AUDIT,),
        Status.RECTIFICATION,
        TEAM,
        tells=(ENTERPRISE,),
    ),
    "answer": Action(
        gettext_lazy("Answer the rectification"), (Status.RECTIFICATION,), None, ENTERPRISE, tells=(TEAM,)
    ),
    "review": Action(
        gettext_lazy("Review rectification answers"), (Status.RECTIFICATION,), None, TEAM, tells=(ENTERPRISE,)
    ),
    "close_rectification": Action(
        gettext_lazy("End the rectification"),
        (Status.RECTIFICATION,),
        Status.UNDER_AUDIT,
        TEAM,
        tells=(ENTERPRISE, TEAM),
    ),
    "extend": Action(
        gettext_lazy("Extend the period once"), (*RUNNING, Status.PAUSED), None, OFFICER, tells=(ENTERPRISE,)
    ),
    "pause": Action(
        gettext_lazy("Pause: a case is filed"), RUNNING, Status.PAUSED, OFFICER, tells=(ENTERPRISE, TEAM)
    ),
    "resume": Action(gettext_lazy("Resume"), (Status.PAUSED,), None, OFFICER, tells=(ENTERPRISE, TEAM)),
    "terminate": Action(
        gettext_lazy("Terminate"), (Status.PAUSED,), Status.TERMINATED, OFFICER, tells=(ENTERPRISE, TEAM)
    ),
    "certify": Action(
        gettext_lazy("Certify"), (Status.UNDER_AUDIT,), Status.CERTIFIED, DECIDER, tells=(ENTERPRISE, TEAM)
    ),
    "refuse": Action(
        pgettext_lazy("certification decision", "Refuse"),
        (Status.UNDER_AUDIT,),
        Status.REFUSED,
        DECIDER,
        tells=(ENTERPRISE, TEAM),
    ),
}


# Steps that are not actions of the table: how an application begins.
OPENING_STEPS = {
    "create": gettext_lazy("Draft created"),
    "start": gettext_lazy("Re-review opened"),
}
# Who is told of an opening step: a re-review is opened by customs (or the scheduled job), and both
# the enterprise and the officers who form its team act next.
OPENING_TELLS = {"create": (), "start": (ENTERPRISE, OFFICE)}


def tells(name):
    return OPENING_TELLS[name] if name in OPENING_TELLS else ACTIONS[name].tells


def step_label(name):
    return OPENING_STEPS[name] if name in OPENING_STEPS else ACTIONS[name].label


def _on_team(actor, application):
    return application.team.filter(officer=actor).exists()


class ApplicationWorkflow(workflow.Workflow):
    actions = ACTIONS
    wrong_state_message = gettext_lazy("An application that is %(status)s cannot be changed this way.")

    def not_permitted(self, actor, application, action):
        if actor is None:  # the system, from a scheduled job
            return None
        if action.actor == ENTERPRISE:
            if not is_enterprise_user_of(actor, application.enterprise):
                return NotPermitted(_("Only the enterprise's own users may do this."))
            return None
        if action.actor == TEAM:
            # Appointed by the competent office, a member may sit in an office below it.
            if actor.role != Role.OFFICER or not _on_team(actor, application):
                return NotPermitted(_("Only members of the certification team may do this."))
            return None
        if actor.role not in (Role.OFFICER, Role.ADMINISTRATOR) or not (
            offices_in_jurisdiction(actor).filter(pk=application.enterprise.customs_office_id).exists()
        ):
            return NotPermitted(_("Only officers of the enterprise's customs may do this."))
        if action.actor == DECIDER and not may_decide(actor):
            return NotPermitted(
                _("Only a certification-qualified officer of the directly-under customs takes the decision.")
            )
        return None

    def wrong_state(self, application, name, **context):
        if application.kind not in self.actions[name].kinds:
            return InvalidState(
                _("A %(kind)s cannot be changed this way.") % {"kind": application.get_kind_display().lower()}
            )
        return super().wrong_state(application, name, **context)

    def condition(self, application, name, **context):
        if name == "extend" and application.extended:
            return InvalidState(_("The period has already been extended once."))
        return None


def may_decide(actor):
    """The decision right: the office level and the officer's qualification (the jurisdiction apart)."""
    return actor.certification_qualified and actor.office.level == CustomsOffice.Level.DIRECTLY_UNDER


WORKFLOW = ApplicationWorkflow()
refusal = WORKFLOW.refusal
allowed_actions = WORKFLOW.allowed_actions
check = WORKFLOW.check


def locked(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("enterprise", "rulebook")
        .get(pk=application.pk)
    )


def move(application, name, actor, *, reason="", to_status=None, note=None, enterprise_body=None, **values):
    """Record the step of action `name` (who, when, why), move to its target status and tell whoever
    acts next (`note` defaults to the reason; `enterprise_body` and `values`: `handoffs.hand_off`)."""
    from_status = application.status
    to_status = to_status or ACTIONS[name].target or from_status
    application.status = to_status
    if to_status in Application.CLOSED_STATUSES:
        application.decided_at = timezone.now()
    application.save()
    Transition.objects.create(
        application=application,
        action=name,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )
    record_activity(
        actor=actor,
        verb=f"application.{name}",
        target=application,
        changes={"status": [from_status, to_status]} if from_status != to_status else {},
        note=reason,
    )
    hand_off(
        application,
        name,
        step_label(name),
        tells(name),
        actor,
        note=reason if note is None else note,
        enterprise_body=enterprise_body,
        **values,
    )
    return application

"""The enterprise's "What to do next": every action customs waits for, soonest deadline first.

The home page reads the enterprise's records once, through each app's selectors (the visibility
gate); this module turns those rows into steps, each with its deadline, a one-line reason and the
page where it is done, and lists what the enterprise in turn waits for customs to answer. It lives
on the top floor (`portal`) because it draws on every app.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.models import Application
from coordination.models import Case
from coordination.selectors import visible_cases
from core.deadlines import deadline_state
from enterprises.repair import DISHONEST_GRADES, repair_eligibility

# A deadline this close is shown as due soon (amber, with the days left).
DUE_SOON_DAYS = 7
# Milestones further ahead are the plan's business, not today's.
MILESTONE_AHEAD_DAYS = 30
# A case closed longer ago than this is no longer put forward for rating.
RATING_DAYS = 30
# The enterprise's cases read at most: its open cases and those closed lately.
CASES_SHOWN = 20
REASON_CHARS = 140


@dataclass
class Step:
    """One thing to do (or, in `waiting`, to expect from customs), with where to do it."""

    title: str
    url: str
    due: datetime.date | None = None
    why: str = ""
    action: str = ""
    kind: str = ""
    urgency: str = "none"  # overdue, soon, later or none: the template words it, colour only adds
    days: int = 0  # days left, or days overdue

    def date(self, today):
        state = deadline_state(self.due, today, soon_days=DUE_SOON_DAYS)
        self.urgency, self.days = state.urgency, state.days
        return self


def by_deadline(steps, today):
    """Dated steps first, soonest (most overdue) first; undated ones after, in the order given."""
    dated = [step.date(today) for step in steps]
    return sorted(dated, key=lambda step: (step.due is None, step.due or datetime.date.max))


def _statements(proposals, today):
    for proposal in proposals:
        if proposal.status != proposal.Status.NOTIFIED or proposal.stated or proposal.statement_due < today:
            continue
        criterion = proposal.criterion
        yield Step(
            kind="statement",
            title=_("Submit a statement on the notice of intended dishonest determination (%(article)s)")
            % {"article": criterion.display_article},
            why=_(
                "Customs intends to determine your enterprise dishonest: %(criterion)s. After the deadline "
                "it decides without hearing you."
            )
            % {"criterion": criterion.display_title},
            action=_("Write the statement"),
            url=reverse("proposal-detail", args=[proposal.pk]) + "#action-statement",
            due=proposal.statement_due,
        )


def _certification(steps):
    application = steps["application"]
    for row in steps["rectification"]:
        yield Step(
            kind="rectification",
            title=_("Rectify %(code)s %(title)s") % {"code": row.item.code, "title": row.item.display_title},
            why=_("The certification team asks: %(request)s")
            % {"request": Truncator(row.rectification_request).chars(REASON_CHARS)}
            if row.rectification_request
            else _("The certification team found this item short of the standard."),
            action=_("Answer with evidence"),
            url=reverse("application-item", args=[application.pk, row.pk]),
            due=row.rectification_due,
        )
    if application is None or application.status not in (
        Application.Status.DRAFT,
        Application.Status.RETURNED,
    ):
        return
    returned = steps.get("returned")
    if returned is not None:
        yield Step(
            kind="returned",
            title=_("Add the material customs asked for and submit again"),
            why=_("Customs returned the application: %(reason)s")
            % {"reason": Truncator(returned.reason).chars(REASON_CHARS)}
            if returned.reason
            else _("Customs returned the application for more material."),
            action=_("Open the application"),
            url=application.get_absolute_url(),
        )
    if steps["unassessed"]:
        yield Step(
            kind="self_assessment",
            title=ngettext(
                "Self-assess the %(count)d remaining standard item",
                "Self-assess the %(count)d remaining standard items",
                steps["unassessed"],
            )
            % {"count": steps["unassessed"]},
            why=_("The application can be submitted once every item is assessed."),
            action=_("Continue the self-assessment"),
            url=reverse("application-item", args=[application.pk, steps["next_item"].pk]),
        )
    elif returned is None and not application.is_re_review:
        yield Step(
            kind="submit",
            title=_("Submit your application"),
            why=_("Every item is self-assessed: customs starts its review once you submit."),
            action=_("Review and submit"),
            url=reverse("application-submit", args=[application.pk]),
        )


def _cultivation(cultivation, today):
    if not cultivation:
        return
    for gap in sorted(cultivation["my_gaps"], key=lambda gap: (gap.due_on is None, gap.due_on or today)):
        yield Step(
            kind="gap",
            title=_("Close the gap %(code)s %(title)s")
            % {"code": gap.item.code, "title": gap.item.display_title},
            why=_(
                "Assigned to you in your cultivation plan: record your progress for your guidance officer."
            ),
            action=_("Record progress"),
            url=reverse("gap-detail", args=[gap.pk]),
            due=gap.due_on,
        )
    horizon = today + datetime.timedelta(days=MILESTONE_AHEAD_DAYS)
    plan = cultivation["plan"]
    for milestone in cultivation["milestones"]:
        if milestone.due_on <= horizon:
            yield Step(
                kind="milestone",
                title=_("Cultivation milestone: %(title)s") % {"title": milestone.title},
                why=_(
                    "A milestone of your plan (%(phase)s): your guidance officer records it when it is met."
                )
                % {"phase": milestone.get_phase_display()},
                action=_("See the plan"),
                url=plan.get_absolute_url(),
                due=milestone.due_on,
            )


def _arrears(arrears, enterprise):
    for arrear in arrears:
        yield Step(
            kind="arrear",
            title=_("Pay the outstanding %(kind)s: RMB %(amount)s (%(reference)s)")
            % {
                "kind": arrear.get_kind_display().lower(),
                "amount": formats.number_format(arrear.amount, 2, force_grouping=True),
                "reference": arrear.reference,
            },
            why=_("Tax or fines left unpaid long after they fall due can make the enterprise dishonest."),
            action=_("See your credit records"),
            url=enterprise.get_absolute_url() + "#records",
            due=arrear.due_on,
        )


def _repair(enterprise, pending_repair, today):
    if enterprise.credit_grade not in DISHONEST_GRADES or pending_repair is not None:
        return
    if repair_eligibility(enterprise, today).eligible:
        yield Step(
            kind="repair",
            title=_("Apply for credit repair"),
            why=_(
                "The waiting period after the determination has passed: once customs approves, the "
                "grade is regular again."
            ),
            action=_("Apply for credit repair"),
            url=reverse("repair-apply", args=[enterprise.pk]),
        )


def _ratings(cases):
    for case in cases:
        if not case.is_open and case.rating is None:
            yield Step(
                kind="rating",
                title=_("Rate the service on your case “%(subject)s”") % {"subject": case.subject},
                why=_(
                    "Your coordinator has closed the case: your rating tells customs how the service went."
                ),
                action=_("Rate the service"),
                url=case.get_absolute_url() + "#rate-heading",
            )


def _waiting(portal, certification, cases, today):
    """What customs owes the enterprise an answer on, with the day it is due."""
    for proposal in portal["open_proposals"]:
        if proposal.status == proposal.Status.NOTIFIED and (
            proposal.stated or proposal.statement_due < today
        ):
            yield Step(
                kind="decision",
                title=_("Customs decides on the intended determination (%(article)s)")
                % {"article": proposal.criterion.display_article},
                url=reverse("proposal-detail", args=[proposal.pk]),
            )
    application = certification["application"]
    if (
        application is not None
        and application.status in Application.OPEN_STATUSES
        and not certification["rectification"]
    ):
        yield Step(
            kind="application",
            title=_("Your application %(number)s: %(status)s")
            % {"number": application, "status": application.get_status_display()},
            url=application.get_absolute_url(),
        )
    for objection in portal["open_objections"]:
        yield Step(
            kind="objection",
            title=_("Customs re-checks the record you objected to (%(record)s)")
            % {"record": objection.record},
            url=reverse("objection-detail", args=[objection.pk]),
            due=objection.recheck_due,
        )
    repair = portal["pending_repair"]
    if repair is not None:
        yield Step(
            kind="repair",
            title=_("Customs answers your credit repair application"),
            url=reverse("repair-detail", args=[repair.pk]),
            due=repair.answer_due,
        )
    for case in cases:
        if case.is_open:
            yield Step(
                kind="case",
                title=_("Your coordinator serves your case “%(subject)s”") % {"subject": case.subject},
                url=case.get_absolute_url(),
                due=case.due_on,
            )


def what_to_do_next(user, enterprise, *, portal, certification, cultivation, today=None):
    """{"steps": what the enterprise must do, "waiting": what customs must answer}, by deadline.

    `portal`, `certification` and `cultivation` are what the home page read already
    (`enterprise_portal`, certification's `enterprise_next_steps`, `enterprise_cultivation`); the
    enterprise's cases are read here, in one query however many there are (a dishonest enterprise
    adds the repair rules' own reads).
    """
    today = today or timezone.localdate()
    closed_lately = timezone.now() - datetime.timedelta(days=RATING_DAYS)
    cases = list(
        visible_cases(user)
        .filter(enterprise=enterprise)
        .filter(~Q(status=Case.Status.CLOSED) | Q(rating__isnull=True, closed_at__gte=closed_lately))
        .order_by("due_on", "id")[:CASES_SHOWN]
    )
    steps = [
        *_statements(portal["open_proposals"], today),
        *_certification(certification),
        *_cultivation(cultivation, today),
        *_arrears(portal["unpaid_arrears"], enterprise),
        *_repair(enterprise, portal["pending_repair"], today),
        *_ratings(cases),
    ]
    return {
        "steps": by_deadline(steps, today),
        "waiting": by_deadline(list(_waiting(portal, certification, cases, today)), today),
        "today": today,
    }

"""Officers' and coordinators' "My work": everything waiting for this person or their office, across
the modules, with its legal deadline, soonest first (the enterprise portal's "What to do next" is the
model, and its `Step` is reused).

"Their office" is the office each hand-off tells (`enterprises.notices.officers_of`): the enterprise's
own customs and the directly-under customs above it. Work a person does as a member (a certification
team, a coordinator's cases, a cultivation gap they own) is theirs wherever they sit. Each source is
one query through the visibility gate, capped at `PER_SOURCE` rows, most urgent first, so the page
costs the same for ten items or ten thousand.
"""

import contextlib

import redis
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_safe

from accounts.models import Role
from certification.clock import clock
from certification.models import Application, ApplicationItem, TeamMember
from certification.selectors import visible_applications
from coordination.models import Case
from coordination.selectors import visible_cases
from cultivation.models import CultivationPlan, Gap
from cultivation.selectors import visible_plans
from enterprises.models import DishonestProposal, DishonestStatement, Objection, RepairApplication
from enterprises.selectors import visible_objections, visible_proposals, visible_repair_applications
from portal.next_steps import Step, by_deadline

PER_SOURCE = 50
# The header's count, as the home page or the list last counted it, is shown for this long.
COUNT_SECONDS = 300
STAFF = (Role.OFFICER, Role.ADMINISTRATOR)
Status = Application.Status

# An application's status, whether the user is on its team -> (what to do, the button).
APPLICATION_STEPS = {
    (Status.SUBMITTED, False): (
        gettext_lazy("Accept or return the application of %(enterprise)s"),
        gettext_lazy("Check the application"),
    ),
    (Status.PAUSED, False): (
        gettext_lazy("Resume or terminate the paused application of %(enterprise)s"),
        gettext_lazy("Open the application"),
    ),
    (Status.ACCEPTED, False): (
        gettext_lazy("Form the certification team for %(enterprise)s"),
        gettext_lazy("Form the team"),
    ),
    (Status.ACCEPTED, True): (
        gettext_lazy("Plan the on-site audit of %(enterprise)s"),
        gettext_lazy("Plan the audit"),
    ),
    (Status.UNDER_AUDIT, True): (
        gettext_lazy("Record the findings on %(enterprise)s and propose the decision"),
        gettext_lazy("Open the audit"),
    ),
    (Status.RECTIFICATION, True): (
        gettext_lazy("Review the rectification answers of %(enterprise)s"),
        gettext_lazy("Review the answers"),
    ),
}


def _of_my_office(user, prefix="enterprise__"):
    """Records of enterprises whose hand-offs reach `user`'s office (`officers_of`)."""
    office = user.office
    if office is None:
        return Q(pk__in=[])
    mine = Q(**{f"{prefix}customs_office": office})
    if office.directly_under_code == office.code:
        mine |= Q(**{f"{prefix}customs_office__path__startswith": office.path})
    return mine


def _applications(user, today):
    on_team = Exists(TeamMember.objects.filter(application=OuterRef("pk"), officer=user))
    has_team = Exists(TeamMember.objects.filter(application=OuterRef("pk")))
    answered = Exists(
        ApplicationItem.objects.filter(
            application=OuterRef("pk"), rectification=ApplicationItem.Rectification.ANSWERED
        )
    )
    office_work = Q(status__in=(Status.SUBMITTED, Status.PAUSED)) | Q(status=Status.ACCEPTED, has_team=False)
    team_work = Q(status__in=(Status.ACCEPTED, Status.UNDER_AUDIT)) | Q(
        status=Status.RECTIFICATION, answered=True
    )
    rows = (
        visible_applications(user)
        .annotate(on_team=on_team, has_team=has_team, answered=answered)
        .filter((_of_my_office(user) & office_work) | (Q(on_team=True) & team_work))
        .select_related("enterprise", "rulebook")
        .order_by("clock_started_on", "pk")[:PER_SOURCE]
    )
    for application in rows:
        mine = application.on_team and application.status not in (Status.SUBMITTED, Status.PAUSED)
        if (application.status, mine) not in APPLICATION_STEPS:
            continue  # accepted with a team the user is not on: the team's work
        title, action = APPLICATION_STEPS[application.status, mine]
        timing = clock(application, today)
        yield Step(
            kind="application",
            title=title % {"enterprise": application.enterprise.display_name},
            why=_("Certification application %(number)s: %(status)s.")
            % {"number": application.receipt_number, "status": application.get_status_display()},
            action=str(action),
            url=reverse("application-detail", args=[application.pk]),
            due=timing.pause_ends_application_on if application.status == Status.PAUSED else timing.deadline,
        )


def _proposals(user, today):
    final = Exists(DishonestStatement.objects.filter(proposal=OuterRef("pk"), final=True))
    rows = (
        visible_proposals(user)
        .annotate(final=final)
        .filter(_of_my_office(user))
        .filter(
            Q(status=DishonestProposal.Status.PROPOSED)
            | Q(status=DishonestProposal.Status.NOTIFIED) & (Q(statement_due__lt=today) | Q(final=True))
        )
        .select_related("enterprise", "criterion")
        .order_by("statement_due", "pk")[:PER_SOURCE]
    )
    for proposal in rows:
        names = {
            "enterprise": proposal.enterprise.display_name,
            "article": proposal.criterion.display_article,
        }
        if proposal.status == DishonestProposal.Status.PROPOSED:
            title = _(
                "Review the dishonest proposal for %(enterprise)s (%(article)s) and send the pre-notice"
            )
            why, action = proposal.criterion.display_title, _("Review the proposal")
        else:
            title = _("Decide on the dishonest proposal for %(enterprise)s (%(article)s)")
            why = _("The statement period is over, or the enterprise has nothing more to state.")
            action = _("Decide")
        yield Step(
            kind="proposal",
            title=title % names,
            why=why,
            action=action,
            url=reverse("proposal-detail", args=[proposal.pk]),
        )


def _repairs(user):
    rows = (
        visible_repair_applications(user)
        .filter(_of_my_office(user), status=RepairApplication.Status.SUBMITTED)
        .select_related("enterprise")
        .order_by("answer_due", "pk")[:PER_SOURCE]
    )
    for repair in rows:
        yield Step(
            kind="repair",
            title=_("Decide the credit repair application of %(enterprise)s")
            % {"enterprise": repair.enterprise.display_name},
            why=_("The enterprise asks to have its dishonest grade lifted."),
            action=_("Decide"),
            url=reverse("repair-detail", args=[repair.pk]),
            due=repair.answer_due,
        )


def _objections(user):
    rows = (
        visible_objections(user)
        .filter(_of_my_office(user), status=Objection.Status.OPEN)
        .select_related("enterprise")
        .order_by("recheck_due", "pk")[:PER_SOURCE]
    )
    for objection in rows:
        yield Step(
            kind="objection",
            title=_("Re-check the objection %(reference)s to the credit information of %(enterprise)s")
            % {"reference": objection.reference, "enterprise": objection.enterprise.display_name},
            why=objection.get_item_display(),
            action=_("Re-check"),
            url=reverse("objection-detail", args=[objection.pk]),
            due=objection.recheck_due,
        )


def _cases(user):
    """A coordinator's own cases; for officers, their office's cases that have no coordinator."""
    serving = Q(coordinator=user)
    if user.role in STAFF:
        serving |= Q(coordinator__isnull=True) & _of_my_office(user)
    rows = (
        visible_cases(user)
        .filter(serving)
        .exclude(status=Case.Status.CLOSED)
        .select_related("enterprise")
        .order_by("due_on", "pk")[:PER_SOURCE]
    )
    for case in rows:
        yield Step(
            kind="case",
            title=_("Serve the case of %(enterprise)s: %(subject)s")
            % {"enterprise": case.enterprise.display_name, "subject": case.subject},
            why=case.get_status_display(),
            action=pgettext("work list", "Open the case"),
            url=case.get_absolute_url(),
            due=case.due_on,
        )


def _gaps(user):
    rows = (
        Gap.objects.filter(
            plan__in=visible_plans(user), plan__status=CultivationPlan.Status.ACTIVE, owner=user
        )
        .exclude(status=Gap.Status.CLOSED)
        .select_related("plan__enterprise", "item")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:PER_SOURCE]
    )
    for gap in rows:
        yield Step(
            kind="gap",
            title=_("Close the cultivation gap %(item)s of %(enterprise)s")
            % {"item": gap.item, "enterprise": gap.plan.enterprise.display_name},
            why=gap.progress or gap.get_status_display(),
            action=pgettext("work list", "Open the plan"),
            url=gap.plan.get_absolute_url(),
            due=gap.due_on,
        )


def my_work(user, today=None):
    """Every item waiting for `user` or their office, soonest deadline (most overdue) first."""
    today = today or timezone.localdate()
    steps = [*_cases(user), *_gaps(user)]
    if user.role in STAFF:
        steps += [*_applications(user, today), *_proposals(user, today), *_repairs(user), *_objections(user)]
    return by_deadline(steps, today)


def _count_key(user):
    return f"my-work-count:{user.pk}"


def remember_count(user, count):
    """A page that listed the work anyway keeps the header's count fresh (Redis down: no count)."""
    with contextlib.suppress(redis.RedisError):  # the header goes without a count until Redis is back
        cache.set(_count_key(user), count, COUNT_SECONDS)


def _remembered_count(user):
    try:
        return cache.get(_count_key(user))
    except redis.RedisError:
        return None


def header_count(request):
    """Context processor: the header's count of "My work" as the home page or the list last counted it
    (at most `COUNT_SECONDS` ago); other pages never run its queries, and show no count without one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role == Role.ENTERPRISE:
        return {}
    return {"my_work_count": lambda: _remembered_count(user)}


@login_required
@require_safe
def my_work_page(request):
    if request.user.role == Role.ENTERPRISE:
        raise PermissionDenied  # an enterprise's work is its home page's "What to do next"
    steps = my_work(request.user)
    remember_count(request.user, len(steps))
    return render(request, "accounts/my_work.html", {"steps": steps, "per_source": PER_SOURCE})

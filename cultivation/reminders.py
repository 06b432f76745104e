"""Milestones of cultivation plans the schedule watches: a week ahead, and once overdue."""

import datetime

from django.utils.translation import gettext_lazy

from core.display import format_date
from cultivation.models import CultivationPlan, Milestone
from enterprises.notices import enterprise_users
from enterprises.reminders import LOOK_BACK_DAYS
from notifications.services import reminder_key, reminder_send, reminders_sent

MILESTONE_NOTICE_DAYS = 7

AHEAD_TITLE = gettext_lazy("Cultivation milestone due on %(due)s: %(milestone)s")
AHEAD_BODY = gettext_lazy(
    'The milestone "%(milestone)s" of the cultivation plan of %(enterprise)s is due on %(due)s.'
)
OVERDUE_TITLE = gettext_lazy("Cultivation milestone overdue: %(milestone)s")
OVERDUE_BODY = gettext_lazy(
    'The milestone "%(milestone)s" of the cultivation plan of %(enterprise)s was due on %(due)s and is '
    "not completed. Complete it, move it or review the plan."
)


def milestone_reminders(*, as_of):
    """A week before a milestone, to the plan's officers and the enterprise; once overdue, to the officers."""
    since = as_of - datetime.timedelta(days=LOOK_BACK_DAYS)
    sent = reminders_sent(["milestone-ahead", "milestone-overdue"], since)
    milestones = (
        Milestone.objects.filter(
            plan__status=CultivationPlan.Status.ACTIVE,
            completed_on__isnull=True,
            due_on__gte=since,
            due_on__lte=as_of + datetime.timedelta(days=MILESTONE_NOTICE_DAYS),
        )
        .select_related("plan__enterprise")
        .prefetch_related("plan__officers")
        .order_by("due_on", "pk")
    )
    created = 0
    for milestone in milestones:
        overdue = milestone.due_on < as_of
        kind = "milestone-overdue" if overdue else "milestone-ahead"
        if (kind, reminder_key(milestone), milestone.due_on) in sent:
            continue
        plan = milestone.plan
        recipients = list(plan.officers.all())
        if not overdue:
            recipients += list(enterprise_users(plan.enterprise_id))
        created += reminder_send(
            kind=kind,
            subject=milestone,
            due_on=milestone.due_on,
            recipients=recipients,
            title=OVERDUE_TITLE if overdue else AHEAD_TITLE,
            body=OVERDUE_BODY if overdue else AHEAD_BODY,
            context=lambda milestone=milestone: {
                "milestone": milestone.title,
                "enterprise": milestone.plan.enterprise.display_name,
                "due": format_date(milestone.due_on),
            },
            link=plan.get_absolute_url(),
        )
    return {"created": created}

"""Deadlines of credit work the schedule watches: statement periods, repair eligibility, publication.

Sent once per key through `notifications.services.reminder_send`, like every reminder job.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.display import format_date
from enterprises.models import DishonestProposal, Enterprise, RepairApplication
from enterprises.notices import enterprise_users, officers_of
from enterprises.repair import DISHONEST_GRADES, repair_eligibility
from notifications.services import reminder_key, reminder_send, reminders_sent

STATEMENT_TITLE = gettext_lazy("Statement period ended: %(enterprise)s")
STATEMENT_BODY = gettext_lazy(
    "The statement period of %(enterprise)s on the intended determination under %(article)s ended on "
    "%(due)s. Decide the proposal or drop it."
)


def statement_period_reminders(*, as_of):
    """Tell the officer who sent a pre-notice that the enterprise's statement period is over."""
    sent = reminders_sent(["statement-period-ended"], as_of - datetime.timedelta(days=366))
    proposals = DishonestProposal.objects.filter(
        status=DishonestProposal.Status.NOTIFIED, statement_due__lt=as_of
    ).select_related("enterprise__customs_office", "criterion", "notified_by")
    created = 0
    for proposal in proposals.order_by("statement_due", "pk"):
        if ("statement-period-ended", reminder_key(proposal), proposal.statement_due) in sent:
            continue
        officer = proposal.notified_by
        created += reminder_send(
            kind="statement-period-ended",
            subject=proposal,
            due_on=proposal.statement_due,
            recipients=[officer] if officer else officers_of(proposal.enterprise),
            title=STATEMENT_TITLE,
            body=STATEMENT_BODY,
            context=lambda proposal=proposal: {
                "enterprise": proposal.enterprise.display_name,
                "article": proposal.criterion.display_article,
                "due": format_date(proposal.statement_due),
            },
            link=reverse("proposal-detail", args=[proposal.pk]),
        )
    return {"created": created}


# Reminders about a day that has passed reach back this far, so a missed night still sends them
# but the first run does not notify the whole history.
LOOK_BACK_DAYS = 30

REPAIR_TITLE = gettext_lazy("Credit repair can now be applied for")
REPAIR_BODY = gettext_lazy(
    "%(enterprise)s may apply for credit repair from %(day)s: the waiting period of its dishonesty "
    "determination has passed. Apply from the enterprise's page."
)
PUBLICATION_TITLE = gettext_lazy("Dishonesty record no longer published")
PUBLICATION_BODY = gettext_lazy(
    "The publication period of the dishonesty record of %(enterprise)s under %(article)s ended on %(day)s; "
    "it is no longer shown on the public credit pages."
)


def repair_eligibility_reminders(*, as_of):
    """Tell a dishonest enterprise's users on the day credit repair becomes possible."""
    since = as_of - datetime.timedelta(days=LOOK_BACK_DAYS)
    sent = reminders_sent(["repair-eligible"], since)
    applied = RepairApplication.objects.filter(status=RepairApplication.Status.SUBMITTED).values("enterprise")
    created = 0
    determined = DishonestProposal.objects.filter(
        status=DishonestProposal.Status.DETERMINED, repaired_by__isnull=True
    ).values("enterprise")
    dishonest = Enterprise.objects.filter(credit_grade__in=DISHONEST_GRADES, pk__in=determined)
    for enterprise in dishonest.exclude(pk__in=applied).order_by("pk"):
        eligibility = repair_eligibility(enterprise, as_of)
        day = eligibility.earliest
        if not eligibility.eligible or day is None or day < since:
            continue
        if ("repair-eligible", reminder_key(enterprise), day) in sent:
            continue
        created += reminder_send(
            kind="repair-eligible",
            subject=enterprise,
            due_on=day,
            recipients=enterprise_users(enterprise.pk),
            title=REPAIR_TITLE,
            body=REPAIR_BODY,
            context=lambda enterprise=enterprise, day=day: {
                "enterprise": enterprise.display_name,
                "day": format_date(day),
            },
            link=reverse("repair-apply", args=[enterprise.pk]),
        )
    return {"created": created}


def publication_end_reminders(*, as_of):
    """Tell the enterprise when a dishonesty record's publication period has ended."""
    since = as_of - datetime.timedelta(days=LOOK_BACK_DAYS)
    sent = reminders_sent(["publication-ended"], since)
    ended = DishonestProposal.objects.filter(
        status=DishonestProposal.Status.DETERMINED,
        published_until__gte=since,
        published_until__lt=as_of,
        publication_withdrawn_at__isnull=True,
    ).select_related("enterprise", "criterion")
    created = 0
    for record in ended.order_by("published_until", "pk"):
        if ("publication-ended", reminder_key(record), record.published_until) in sent:
            continue
        created += reminder_send(
            kind="publication-ended",
            subject=record,
            due_on=record.published_until,
            recipients=enterprise_users(record.enterprise_id),
            title=PUBLICATION_TITLE,
            body=PUBLICATION_BODY,
            context=lambda record=record: {
                "enterprise": record.enterprise.display_name,
                "article": record.criterion.display_article,
                "day": format_date(record.published_until),
            },
            link=reverse("enterprise-detail", args=[record.enterprise_id]),
        )
    return {"created": created}

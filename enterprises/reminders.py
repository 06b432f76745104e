"""Deadlines of credit work the schedule watches: the end of a statement period.

Sent once per key through `notifications.services.reminder_send`, like every reminder job.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy

from enterprises.models import DishonestProposal
from enterprises.notices import officers_of
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
                "article": proposal.criterion.article,
                "due": proposal.statement_due.isoformat(),
            },
            link=reverse("proposal-detail", args=[proposal.pk]),
        )
    return {"created": created}

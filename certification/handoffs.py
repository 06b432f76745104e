"""Who is told when an application moves: each step of `workflow.ACTIONS` names the parties who act
next (`tells`), and `workflow.move` tells them, in each reader's language, in the step's transaction.

The parties are the enterprise's users, the officers of its customs (who accept, decide and form the
team) and the certification team; whoever took the step is never told of it. Steps taken item by item
(an answer, a review) tell once the last item is done, so thirty answers make one notice.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from certification.models import ApplicationItem
from enterprises.notices import enterprise_users, officers_of
from notifications.services import notify_users

ENTERPRISE, OFFICE, TEAM = "enterprise", "office", "team"
Rectification = ApplicationItem.Rectification

STATUS_SUBJECT = gettext_lazy("Certification application %(number)s: %(status)s")
STATUS_BODY = gettext_lazy(
    "The certification application %(number)s of %(enterprise)s is now: %(status)s. %(note)s"
)
CUSTOMS_SUBJECT = gettext_lazy("%(enterprise)s: %(step)s")
CUSTOMS_BODY = gettext_lazy(
    "Certification application %(number)s of %(enterprise)s: %(step)s (%(actor)s). "
    "The application is now: %(status)s. %(note)s"
)


def _still_due(application, name):
    """Whether a step taken item by item has reached the point where the next party acts."""
    if name == "answer":  # the team reviews once no requested item waits for an answer
        return not application.items.filter(rectification=Rectification.REQUESTED).exists()
    if name == "review":  # the enterprise hears once every answer is reviewed
        return not application.items.filter(rectification=Rectification.ANSWERED).exists()
    if name == "withdraw":  # customs never saw a draft that was not submitted
        return bool(application.receipt_number)
    return True


def _customs(application, parties):
    """Officers of the enterprise's customs and members of the team, as `parties` asks."""
    wanted = Q(pk__in=[])
    if OFFICE in parties:
        wanted |= Q(pk__in=officers_of(application.enterprise).values("pk"))
    if TEAM in parties:
        wanted |= Q(pk__in=application.team.values("officer"))
    return User.objects.filter(wanted, is_active=True)


def hand_off(application, name, step, parties, actor, *, note="", enterprise_body=None, **values):
    """Tell `parties` that `step` (the label of action `name`) was taken; `enterprise_body` and `values`
    give the enterprise a step's own words (a rectification, a decision)."""
    if not parties or not _still_due(application, name):
        return
    link = reverse("application-detail", args=[application.pk])
    acting = getattr(actor, "pk", None)

    def context():
        return {
            "enterprise": application.enterprise.display_name,
            "number": application.receipt_number or "",
            "status": application.get_status_display(),
            "step": step,
            "actor": str(actor) if acting else _("scheduled job"),
            "note": note,
            **values,
        }

    if ENTERPRISE in parties:
        readers = enterprise_users(application.enterprise_id).exclude(pk=acting)
        body = enterprise_body or STATUS_BODY
        notify_users(readers, subject=STATUS_SUBJECT, body=body, context=context, link=link)
    if OFFICE in parties or TEAM in parties:
        officers = _customs(application, parties).exclude(pk=acting)
        notify_users(officers, subject=CUSTOMS_SUBJECT, body=CUSTOMS_BODY, context=context, link=link)

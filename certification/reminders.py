"""Deadlines of certification the schedule watches: re-reviews, the decision clock, rectification.

Each job sends a reminder once per key (kind, subject, due date) through
`notifications.services.reminder_send`; keys already sent are read in one query first, so a
rerun costs one query per job rather than one per certificate.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils.translation import gettext_lazy

from certification.certificates import IN_FORCE
from certification.clock import clock
from certification.eligibility import DISHONEST_GRADES, bars_started_between, latest_bar_end
from certification.models import Application, ApplicationItem, Certificate
from core.display import format_date
from enterprises.models import Enterprise
from enterprises.notices import enterprise_users, officers_of
from enterprises.reminders import LOOK_BACK_DAYS
from notifications.services import reminder_key, reminder_send, reminders_sent
from rulebooks.selectors import rulebook_in_force

RE_REVIEW_NOTICE_DAYS = (180, 90, 30)
CLOCK_WARNING_DAYS = 15
RECTIFICATION_NOTICE_DAYS = 3

RE_REVIEW_TITLE = gettext_lazy("Re-review of certificate %(number)s due on %(due)s")
RE_REVIEW_BODY = gettext_lazy(
    "The periodic re-review of the AEO certificate %(number)s of %(enterprise)s is due on %(due)s "
    "(in %(days)s days). Keep the self-assessment and its evidence up to date."
)
RE_REVIEW_OVERDUE_BODY = gettext_lazy(
    "The periodic re-review of certificate %(number)s of %(enterprise)s was due on %(due)s and has not "
    "been opened: another application of the enterprise is in progress. Decide it or open the re-review."
)
CLOCK_TITLE = gettext_lazy("Application %(number)s: decide by %(due)s")
CLOCK_BODY = gettext_lazy(
    "Customs must decide on the certification application %(number)s of %(enterprise)s by %(due)s; "
    "%(days)s days are left."
)
CLOCK_OVERDUE_BODY = gettext_lazy(
    "The decision on the certification application %(number)s of %(enterprise)s was due on %(due)s."
)
RECTIFICATION_TITLE = gettext_lazy("Rectification of %(item)s due on %(due)s")
RECTIFICATION_BODY = gettext_lazy(
    "Answer the rectification of item %(item)s of application %(number)s by %(due)s, with evidence."
)

BAR_TITLE = gettext_lazy("%(enterprise)s may apply for AEO certification again")
BAR_BODY = gettext_lazy(
    "The one-year bar on applying for certification ended on %(day)s: %(enterprise)s may apply again "
    "from the Certification page."
)


def _send(sent, *, kind, subject, due_on, recipients, title, body, context, link):
    if (kind, reminder_key(subject), due_on) in sent:
        return 0
    return int(
        reminder_send(
            kind=kind,
            subject=subject,
            due_on=due_on,
            recipients=recipients,
            title=title,
            body=body,
            context=context,
            link=link,
        )
    )


def re_review_reminders(*, as_of):
    """180, 90 and 30 days before a certificate's periodic re-review, the most urgent one not sent
    yet, to the enterprise's users; once overdue without a re-review, to its officers."""
    kinds = [f"re-review-{days}" for days in RE_REVIEW_NOTICE_DAYS] + ["re-review-overdue"]
    sent = reminders_sent(kinds, as_of - datetime.timedelta(days=366))
    horizon = as_of + datetime.timedelta(days=max(RE_REVIEW_NOTICE_DAYS))
    in_progress = set(
        Application.objects.exclude(status__in=Application.CLOSED_STATUSES).values_list(
            "enterprise", flat=True
        )
    )
    created = 0
    for certificate in (
        Certificate.objects.filter(status__in=IN_FORCE, re_review_due__lte=horizon)
        .select_related("enterprise__customs_office")
        .order_by("re_review_due", "pk")
    ):
        days = (certificate.re_review_due - as_of).days
        enterprise = certificate.enterprise
        if days > 0:
            ahead = min(limit for limit in RE_REVIEW_NOTICE_DAYS if days <= limit)
            kind, recipients, body = f"re-review-{ahead}", enterprise_users(enterprise.pk), RE_REVIEW_BODY
        elif enterprise.pk in in_progress:
            kind, recipients, body = "re-review-overdue", officers_of(enterprise), RE_REVIEW_OVERDUE_BODY
        else:
            continue  # the periodic re-review job opens it
        created += _send(
            sent,
            kind=kind,
            subject=certificate,
            due_on=certificate.re_review_due,
            recipients=recipients,
            title=RE_REVIEW_TITLE,
            body=body,
            context=lambda certificate=certificate, days=days: {
                "number": certificate.number,
                "enterprise": certificate.enterprise.display_name,
                "due": format_date(certificate.re_review_due),
                "days": days,
            },
            link=reverse("certificate-detail", args=[certificate.pk]),
        )
    return {"created": created}


def certification_clock_reminders(*, as_of):
    """Warn the team (or the enterprise's officers) 15 days before the decision is due, and when late."""
    sent = reminders_sent(["clock-warning", "clock-overdue"], as_of - datetime.timedelta(days=366))
    created = 0
    running = Application.objects.filter(
        status__in=(
            Application.Status.SUBMITTED,
            Application.Status.ACCEPTED,
            Application.Status.UNDER_AUDIT,
            Application.Status.RECTIFICATION,
        )
    ).select_related("enterprise__customs_office", "rulebook")
    for application in running.prefetch_related("team__officer"):
        state = clock(application, as_of)
        if state.days_left > CLOCK_WARNING_DAYS:
            continue
        team = [member.officer for member in application.team.all()]
        created += _send(
            sent,
            kind="clock-overdue" if state.overdue else "clock-warning",
            subject=application,
            due_on=state.deadline,
            recipients=team or officers_of(application.enterprise),
            title=CLOCK_TITLE,
            body=CLOCK_OVERDUE_BODY if state.overdue else CLOCK_BODY,
            context=lambda application=application, state=state: {
                "number": application.receipt_number,
                "enterprise": application.enterprise.display_name,
                "due": format_date(state.deadline),
                "days": state.days_left,
            },
            link=application.get_absolute_url(),
        )
    return {"created": created}


def rectification_reminders(*, as_of):
    """Three days before a rectification deadline, remind the enterprise of each unanswered item."""
    sent = reminders_sent(["rectification-due"], as_of - datetime.timedelta(days=366))
    rows = ApplicationItem.objects.filter(
        application__status=Application.Status.RECTIFICATION,
        rectification=ApplicationItem.Rectification.REQUESTED,
        rectification_due__gte=as_of,
        rectification_due__lte=as_of + datetime.timedelta(days=RECTIFICATION_NOTICE_DAYS),
    ).select_related("item", "application")
    created = 0
    for row in rows.order_by("rectification_due", "pk"):
        created += _send(
            sent,
            kind="rectification-due",
            subject=row,
            due_on=row.rectification_due,
            recipients=enterprise_users(row.application.enterprise_id),
            title=RECTIFICATION_TITLE,
            body=RECTIFICATION_BODY,
            context=lambda row=row: {
                "item": f"{row.item.code} {row.item.display_title}",
                "number": row.application.receipt_number,
                "due": format_date(row.rectification_due),
            },
            link=reverse("application-item", args=[row.application_id, row.pk]),
        )
    return {"created": created}


def application_bar_reminders(*, as_of):
    """Tell an enterprise's users that its one-year bar on applying has ended (30-day look-back).

    Only enterprises with a bar-starting event in the window that ends now are read, so the job
    costs a few queries a night rather than one per enterprise.
    """
    months = relativedelta(months=rulebook_in_force(as_of).application_bar_months)
    since = as_of - datetime.timedelta(days=LOOK_BACK_DAYS)
    sent = reminders_sent(["application-bar-ended"], since)
    candidates = Enterprise.objects.filter(pk__in=bars_started_between(since - months, as_of - months))
    created = 0
    for enterprise in candidates.exclude(credit_grade__in=DISHONEST_GRADES).order_by("pk"):
        day = latest_bar_end(enterprise)
        if not since <= day <= as_of:
            continue  # a later event barred it again
        created += _send(
            sent,
            kind="application-bar-ended",
            subject=enterprise,
            due_on=day,
            recipients=enterprise_users(enterprise.pk),
            title=BAR_TITLE,
            body=BAR_BODY,
            context=lambda enterprise=enterprise, day=day: {
                "enterprise": enterprise.display_name,
                "day": format_date(day),
            },
            link=reverse("application-create"),
        )
    return {"created": created}

"""The visibility gate of certification: applications and certificates of visible enterprises.

Customs staff do not see an enterprise's drafts; an application outside the gate answers 404.
"""

from django.db.models import Count, Q

from accounts.models import Role
from certification.clock import clock
from certification.models import Application, Certificate, TeamMember
from enterprises.selectors import visible_enterprises


def visible_applications(user):
    """Applications of visible enterprises, and those the user audits as a team member.

    A team may include officers of an office below the one supervising the enterprise.
    """
    visible = Q(enterprise__in=visible_enterprises(user))
    if user.is_authenticated and user.role == Role.OFFICER:
        visible |= Q(pk__in=TeamMember.objects.filter(officer=user).values("application"))
    applications = Application.objects.filter(visible)
    if not (user.is_authenticated and user.role == Role.ENTERPRISE):
        applications = applications.exclude(status=Application.Status.DRAFT)
    return applications


def visible_certificates(user):
    return Certificate.objects.filter(enterprise__in=visible_enterprises(user))


def application_list(user, *, status="", query="", kind=""):
    """Visible applications for the queue, soonest deadline first."""
    applications = visible_applications(user)
    if status:
        applications = applications.filter(status=status)
    if kind:
        applications = applications.filter(kind=kind)
    query = (query or "").strip()
    if query:
        code = query.upper()
        applications = applications.filter(
            Q(enterprise__name__contains=query)
            | Q(enterprise__uscc=code)
            | Q(enterprise__customs_code=code)
            | Q(receipt_number=code)
        )
    return applications.select_related("enterprise__customs_office", "rulebook").order_by(
        "clock_started_on", "-created_at"
    )


def enterprise_next_steps(enterprise):
    """What the enterprise has to do about certification now, for its home page."""
    application = enterprise.applications.exclude(status__in=Application.CLOSED_STATUSES).first()
    steps = {"application": application, "unassessed": 0, "rectification": []}
    if application is not None:
        steps["unassessed"] = application.items.filter(self_assessment="").count()
        steps["rectification"] = list(
            application.items.filter(rectification="requested")
            .select_related("item")
            .order_by("rectification_due")
        )
    steps["certificate"] = enterprise.certificates.filter(status__in=("active", "suspended")).first()
    return steps


def officer_queue_summary(user, today, *, shown=5):
    """Applications awaiting customs, by status, and those whose decision is due soonest."""
    waiting = visible_applications(user).filter(status__in=Application.OPEN_STATUSES)
    counts = dict(waiting.values_list("status").annotate(n=Count("id")).order_by())
    soonest = waiting.select_related("enterprise", "rulebook").order_by("clock_started_on")[:shown]
    return {
        "counts": [
            (label, counts.get(status, 0)) for status, label in Application.Status.choices if status in counts
        ],
        "soonest": [(application, clock(application, today)) for application in soonest],
        "total": sum(counts.values()),
    }

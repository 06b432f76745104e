"""The visibility gate of certification: applications and certificates of visible enterprises.

Customs staff do not see an enterprise's drafts; an application outside the gate answers 404.
"""

from django.db.models import Q

from accounts.models import Role
from certification.models import Application, Certificate
from enterprises.selectors import visible_enterprises


def visible_applications(user):
    applications = Application.objects.filter(enterprise__in=visible_enterprises(user))
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

"""The home page: each role's summary, composed from every app.

It lives in the project package because it reads from apps below `accounts` in the layers.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from accounts.models import CustomsOffice, Role, User
from certification import selectors as certification_selectors
from coordination.selectors import coordinator_workspace
from cultivation.selectors import enterprise_cultivation, officer_summary
from enterprises.selectors import enterprise_portal, visible_enterprises
from notifications.models import Notification
from rulebooks.models import AEO_GRADES, CreditGrade


def _grade_counts(enterprises):
    counts = dict(enterprises.values_list("credit_grade").annotate(n=Count("id")).order_by())
    return [(grade, counts.get(grade.value, 0)) for grade in CreditGrade]


@login_required
def home(request):
    """One home page, shaped by the user's role."""
    user = request.user
    context = {"recent_notifications": Notification.objects.filter(recipient=user)[:5]}
    if user.role == Role.ENTERPRISE:
        context.update(enterprise_portal(user))
        if context.get("enterprise"):
            context["certification"] = certification_selectors.enterprise_next_steps(context["enterprise"])
            context["cultivation"] = enterprise_cultivation(user, context["enterprise"])
        template = "accounts/home_enterprise.html"
    elif user.role == Role.COORDINATOR:
        context.update(coordinator_workspace(user))
        template = "accounts/home_coordinator.html"
    else:
        enterprises = visible_enterprises(user)
        grade_counts = _grade_counts(enterprises)
        context.update(
            grade_counts=grade_counts,
            enterprise_total=sum(n for _grade, n in grade_counts),
            aeo_total=sum(n for grade, n in grade_counts if grade in AEO_GRADES),
            certification=certification_selectors.officer_queue_summary(user, timezone.localdate()),
            cultivation=officer_summary(user),
            offices=(
                CustomsOffice.objects.filter(parent=user.office)
                .annotate(enterprise_count=Count("enterprises"))
                .order_by("code")
            ),
        )
        if user.role == Role.ADMINISTRATOR:
            context["users_by_role"] = [
                (Role(role).label, n)
                for role, n in User.objects.values_list("role").annotate(n=Count("id")).order_by("role")
            ]
        template = "accounts/home_officer.html"
    return render(request, template, context)

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.models import CustomsOffice, Role, User
from accounts.services import user_set_language
from enterprises.selectors import enterprise_list, enterprise_portal, visible_enterprises
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
        template = "accounts/home_enterprise.html"
    elif user.role == Role.COORDINATOR:
        context["enterprises"] = enterprise_list(user)[:50]
        template = "accounts/home_coordinator.html"
    else:
        enterprises = visible_enterprises(user)
        grade_counts = _grade_counts(enterprises)
        context.update(
            grade_counts=grade_counts,
            enterprise_total=sum(n for _grade, n in grade_counts),
            aeo_total=sum(n for grade, n in grade_counts if grade in AEO_GRADES),
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


class SignInView(auth_views.LoginView):
    """Sign in, then show the UI in the language the user chose last time."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


@require_POST
def switch_language(request):
    """Django's set_language, plus remembering the choice for the user's notices."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(User._meta.get_field("preferred_language").choices):
        user_set_language(user=request.user, language=language)
    return response

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.models import User
from accounts.services import user_set_language


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

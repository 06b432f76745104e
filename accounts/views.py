from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from accounts import lockout, two_factor
from accounts.forms import CodeForm
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


def _next_url(request):
    """Where the sign-in was going, if that is a page of this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def two_factor_verify(request):
    """The second step of signing in: the code from the app set up before (or its set-up, if none)."""
    next_url = _next_url(request)
    if not two_factor.second_step_due(request):
        return redirect(next_url)
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('two-factor-enrol')}?{urlencode({'next': next_url})}")
    if not lockout.sign_in_allowed(request, request.user.get_username()):
        return lockout.lockout_response(request)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if two_factor.code_sign_in(request, device, form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error("code", two_factor.CODE_REFUSED)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
def two_factor_enrol(request):
    """Set up an authenticator app: scan the QR code (or type the secret), then confirm with a code."""
    user = request.user
    next_url = _next_url(request)
    if not user.uses_two_factor or two_factor.confirmed_device(user) is not None:
        return redirect("two-factor-status")
    key = two_factor.enrolment_key(request)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = two_factor.device_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            two_factor.sign_in_complete(request, device)
            messages.success(
                request, _("Two-factor sign-in is on: from now on you also enter a code from the app.")
            )
            return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": two_factor.enrolment_qr_svg(user, key),
        "secret": two_factor.enrolment_secret(key),
        "required": two_factor.two_factor_required(user),
    }
    return render(request, "registration/two_factor_enrol.html", context)


@login_required
@require_GET
def two_factor_status(request):
    user = request.user
    context = {
        "device": two_factor.confirmed_device(user) if user.uses_two_factor else None,
        "required": two_factor.two_factor_required(user),
    }
    return render(request, "accounts/two_factor_status.html", context)

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
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from accounts import lockout, two_factor
from accounts.forms import CodeForm, RecoveryCodeForm
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
    if request.GET.get("recovery") or request.POST.get("recovery"):
        return _recovery_sign_in(request, next_url)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if two_factor.code_sign_in(request, device, form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error("code", two_factor.CODE_REFUSED)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


def _recovery_sign_in(request, next_url):
    """The second step with a recovery code instead of the app's code; each code works once."""
    form = RecoveryCodeForm(request.POST or None)
    if form.is_valid():
        left = two_factor.recovery_sign_in(request, form.cleaned_data["code"])
        if left is not None:
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code, which now no longer works; %(left)d code is left. "
                    "Make new ones on the two-factor page if you are running out.",
                    "You signed in with a recovery code, which now no longer works; %(left)d codes are "
                    "left. Make new ones on the two-factor page if you are running out.",
                    left,
                )
                % {"left": left},
            )
            return redirect(next_url)
        form.add_error("code", _("That recovery code is not valid or was used already."))
    context = {"form": form, "next": next_url, "recovery": True}
    return render(request, "registration/two_factor_verify.html", context)


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
            request.session[two_factor.RECOVERY_CODES_TO_SHOW] = two_factor.recovery_codes_make(user=user)
            return redirect(f"{reverse('two-factor-recovery-codes')}?{urlencode({'next': next_url})}")
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
    device = two_factor.confirmed_device(user) if user.uses_two_factor else None
    context = {
        "device": device,
        "required": two_factor.two_factor_required(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user) if device else 0,
    }
    return render(request, "accounts/two_factor_status.html", context)


@login_required
def two_factor_recovery_codes(request):
    """The recovery codes just made, shown this once; a POST makes new ones (the old ones end)."""
    if request.method == "POST":
        try:
            codes = two_factor.recovery_codes_make(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("two-factor-status")
    else:
        codes = request.session.pop(two_factor.RECOVERY_CODES_TO_SHOW, None)
        if not codes:
            return redirect("two-factor-status")
    context = {"codes": codes, "next": _next_url(request)}
    return render(request, "registration/two_factor_recovery_codes.html", context)

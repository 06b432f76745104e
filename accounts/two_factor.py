"""Two-factor sign-in for officers and administrators: a code from an authenticator app (TOTP).

A session signed in with the password is held on the second step while one is due: the role requires
it (`settings.OFFICER_2FA_REQUIRED`) or the user has an app set up. `TwoFactorMiddleware` keeps such a
session on the step; django-otp's middleware marks it verified once a code was accepted
(`request.user.is_verified()`), and forgets that when the device is reset. Each code is accepted once:
the device remembers the last time step it accepted (`TOTPDevice.last_t`) and slows down guessing after
each wrong code, and every wrong code counts towards the sign-in lockout (`accounts.lockout`).

Recovery codes (django-otp's static device) sign in once each when the phone is lost or out of
reach: ten are made when the app is set up, shown once, and made anew (the old ones ending) from
the two-factor page; an administrator's reset removes them with the app.
"""

import time
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts import lockout
from accounts.audit import record_activity
from accounts.models import User
from core.errors import NotPermitted

SECOND_STEP_DUE = "two_factor_due"
ENROLMENT_KEY = "two_factor_enrolment_key"
DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
RECOVERY_CODES_TO_SHOW = "two_factor_recovery_codes"
CODE_REFUSED = gettext_lazy("That code is not valid or was used already: enter the code the app shows now.")


def two_factor_required(user):
    return settings.OFFICER_2FA_REQUIRED and user.uses_two_factor


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_step_due(request):
    """Whether this signed-in session still has to give a code (or set up the app) before anything else."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not (two_factor_required(user) or request.session.get(SECOND_STEP_DUE)):
        return False
    return not user.is_verified()


def password_signed_in(sender, request, user, **kwargs):
    """Every password sign-in (the sign-in page, the admin's) passes here, from `user_logged_in`.

    If a code is due, the session is marked so (and any earlier verification dropped); otherwise the
    sign-in is complete and the failed attempts are forgotten.
    """
    if request is None:
        return
    if user.uses_two_factor and (two_factor_required(user) or confirmed_device(user) is not None):
        request.session[SECOND_STEP_DUE] = True
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    else:
        lockout.forget_failures(request, user.get_username())


def sign_in_complete(request, device):
    """The code was accepted: the session is verified, under a new id, and the failed attempts forgotten."""
    django_otp.login(request, device)
    request.session.pop(SECOND_STEP_DUE, None)
    request.session.pop(ENROLMENT_KEY, None)
    request.session.cycle_key()
    lockout.forget_failures(request, request.user.get_username())


def code_sign_in(request, device, code):
    """Finish a sign-in with the app's code; a wrong or reused code counts as a failed sign-in."""
    if django_otp.verify_token(request.user, device.persistent_id, code) is None:
        lockout.count_failure(request, request.user.get_username())
        return False
    sign_in_complete(request, device)
    return True


def enrolment_key(request):
    """The secret offered until the user confirms it, kept in the session so a reload shows the same one."""
    if not request.session.get(ENROLMENT_KEY):
        request.session[ENROLMENT_KEY] = random_hex(20)
    return request.session[ENROLMENT_KEY]


def enrolment_secret(key):
    """The secret as an authenticator app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(bytes.fromhex(key)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def enrolment_qr_svg(user, key):
    """The QR code an authenticator app scans, as inline SVG (dark on white, whatever the page's theme)."""
    url = TOTPDevice(user=user, key=key).config_url
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, border=2, dark="#000", light="#fff", title=_("QR code"))


def device_enrol(*, user, key, code):
    """Set up the user's app whose secret is `key`, proven by its current code.

    The device remembers the code's time step, so the same code cannot sign in again.
    """
    totp = TOTP(bytes.fromhex(key))
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise ValidationError(_("An authenticator app is already set up for this account."))
        totp.time = time.time()
        if not totp.verify(int(code), tolerance=1):
            raise ValidationError(CODE_REFUSED)
        device = TOTPDevice.objects.create(
            user=user, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
        )
        record_activity(actor=user, verb="two_factor.enrolled", target=user)
    return device


def device_reset(*, actor, user):
    """Remove the user's authenticator app (lost or replaced) and recovery codes; they set up a new
    app at their next sign-in."""
    if not actor.is_administrator:
        raise NotPermitted(_("Only administrators reset two-factor sign-in."))
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user=user)
        if not devices:
            return 0
        removed, _by_model = devices.delete()
        StaticDevice.objects.filter(user=user).delete()
        record_activity(actor=actor, verb="two_factor.reset", target=user)
    return removed


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True).first()


def recovery_codes_left(user):
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_DEVICE_NAME, device__confirmed=True
    ).count()


def recovery_codes_make(*, user):
    """Ten new recovery codes for a user with an app set up, the old ones ending; the codes, to be
    shown once."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        if confirmed_device(user) is None:
            raise ValidationError(_("Set up an authenticator app first: recovery codes stand in for it."))
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _code in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        record_activity(actor=user, verb="two_factor.recovery_codes_made", target=user)
    return codes


def recovery_sign_in(request, code):
    """Finish a sign-in with a recovery code, which then ends; a wrong one counts as a failed sign-in.
    How many codes are left, or None when the code was refused."""
    device = recovery_device(request.user)
    code = "".join(code.split()).lower()
    if device is None or django_otp.verify_token(request.user, device.persistent_id, code) is None:
        lockout.count_failure(request, request.user.get_username())
        return None
    record_activity(actor=request.user, verb="two_factor.recovery_code_used", target=request.user)
    sign_in_complete(request, device)
    return device.token_set.count()


def api_code_check(request, user, code):
    """The token endpoint's second factor: the app's code once set up; refused until set up if required."""
    if not user.uses_two_factor:
        return
    device = confirmed_device(user)
    if device is None:
        if two_factor_required(user):
            raise ValidationError(
                _(
                    "Your role signs in with two factors: sign in on the web once to set up an "
                    "authenticator app, then send its code in the field otp."
                )
            )
        return
    if not code:
        raise ValidationError({"otp": _("Send the 6-digit code from your authenticator app.")})
    if django_otp.verify_token(user, device.persistent_id, code) is None:
        lockout.count_failure(request, user.get_username())
        raise ValidationError({"otp": CODE_REFUSED})

"""Failed sign-ins: counted per username and client address, refused for a while past the limit.

django-axes keeps the count in the database (`axes.AccessAttempt`, shown in the admin, where deleting
a row unlocks at once). Every way in counts towards the same limit: the sign-in page and the admin's
(through Django's `authenticate`, guarded by the axes backend), the API's token endpoint, and wrong
two-factor codes (`count_failure`). The count is forgotten once a sign-in is complete
(`forget_failures`), which for a second step is after the code, not after the password.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.client import client_address


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username and address before the password is checked.

    A check without a request comes from code on the server (a command, a test), not from a client:
    there is no address to count, so it is left to the password backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def sign_in_allowed(request, username):
    return AxesProxyHandler.is_allowed(request, {"username": username})


def count_failure(request, username):
    """One more failed sign-in of `username` from this client (a wrong code, say); may lock it out."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def forget_failures(request, username):
    address = client_address(request)
    if address:
        AxesProxyHandler.reset_attempts(ip_address=address, username=username)


def lockout_response(request, original_response=None, credentials=None):
    """429 with the reason: JSON under /api/, else a page; on the web the half-open session also ends."""
    cool_off = settings.AXES_COOLOFF_TIME
    message = _(
        "Too many failed sign-in attempts: signing in is paused for %(minutes)d minutes. Try again later, "
        "or ask an administrator to unlock your account."
    ) % {"minutes": cool_off.total_seconds() // 60}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        if request.user.is_authenticated:
            logout(request)
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response

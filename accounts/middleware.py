"""Hold half-signed-in sessions on the second step of signing in."""

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.two_factor import second_step_due


class TwoFactorMiddleware:
    """Keep a session that gave its password but not yet its code on the second step, admin included.

    Only the step itself, signing out and the language switch stay open; the API answers 403 in JSON.
    The token endpoint is a sign-in of its own and asks for the code itself.
    """

    OPEN_VIEWS = {"two-factor-verify", "two-factor-enrol", "logout", "switch-language", "api-token"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in self.OPEN_VIEWS or not second_step_due(request):
            return None
        if request.path.startswith("/api/"):
            message = _("Finish signing in with your authenticator app first.")
            return JsonResponse({"detail": message}, status=403)
        return redirect_to_login(request.get_full_path(), reverse("two-factor-verify"))

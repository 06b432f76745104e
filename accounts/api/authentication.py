"""Token authentication that reads the caller together with their office."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """REST framework's token authentication, loading the token, its user and the user's office in one query.

    Every read of the API narrows what the caller sees by their office (`offices_in_jurisdiction`), so
    the token lookup was always followed by a second query for the office. The messages are REST
    framework's own (and its translations).
    """

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user__office").get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token

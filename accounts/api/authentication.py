"""Token authentication against the stored digests, reading the caller together with their office."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.models import ApiToken
from accounts.tokens import digest


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`: the key's digest finds the token, its user and the user's office
    in one query (every read of the API narrows what the caller sees by their office)."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user__office").filter(digest=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("The token has expired: ask for a new one."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token

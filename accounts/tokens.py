"""API tokens that a stolen database copy cannot use and that end by themselves.

The caller receives a random key once; the database keeps its SHA-256 digest (the key has 256 bits
of entropy, so a fast digest is as good as a slow one) and an expiry. A new password ends every
token of the user (`User.save`); the daily housekeeping deletes the expired ones.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from accounts.models import ApiToken


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(user):
    """A new token for `user` (signed in by the caller's check); the key, shown only now."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        digest=digest(key),
        expires_at=timezone.now() + datetime.timedelta(hours=settings.API_TOKEN_HOURS),
    )
    return key


def tokens_delete_expired(now=None):
    """How many expired tokens were deleted."""
    deleted, _by_model = ApiToken.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted

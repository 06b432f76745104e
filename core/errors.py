"""Domain errors raised by services, mapped by web and API views.

A service raises these instead of returning error codes, so every caller
(web view, API view, admin action, task, command) reports the same problem the
same way: a form error, a 400, a 403 or a 409.
"""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """Base of every error a service raises on purpose."""


class NotPermitted(DomainError):
    """The actor's role may never do this (403)."""


class InvalidState(DomainError):
    """The object's current state does not allow the action (409)."""


class InvariantViolation(RuntimeError):
    """A write a model refuses whoever asks: a credit grade set outside the credit ledger, an
    append-only row (ledger entry, activity entry, issued certificate) changed or deleted. A
    programming error, never the user's: no page or API answer offers it as something to correct."""


def required_text(value, field, message):
    """`value` without surrounding spaces; a ValidationError on `field` saying `message` when blank."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


__all__ = [
    "DomainError",
    "InvalidState",
    "InvariantViolation",
    "NotPermitted",
    "ValidationError",
    "required_text",
]

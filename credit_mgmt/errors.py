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


__all__ = ["DomainError", "InvalidState", "NotPermitted", "ValidationError"]

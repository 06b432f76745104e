"""Who may act for an enterprise: its own users, or the officers whose jurisdiction it is in."""

from accounts.models import Role
from accounts.selectors import offices_in_jurisdiction
from core.errors import NotPermitted


def is_enterprise_user_of(actor, enterprise):
    membership = getattr(actor, "enterprise_membership", None)
    return (
        actor.role == Role.ENTERPRISE and membership is not None and membership.enterprise_id == enterprise.pk
    )


def require_enterprise_user(actor, enterprise, message):
    if actor is None or not is_enterprise_user_of(actor, enterprise):
        raise NotPermitted(message)


def require_officer_of(actor, enterprise, message):
    """An officer or administrator with the enterprise's office in their jurisdiction; None is the system."""
    if actor is None:
        return
    if actor.role not in (Role.OFFICER, Role.ADMINISTRATOR) or not (
        offices_in_jurisdiction(actor).filter(pk=enterprise.customs_office_id).exists()
    ):
        raise NotPermitted(message)

"""Telling an enterprise's users, or the officers who look after it, about a decision or a deadline."""

from django.db.models import Q

from accounts.models import Role, User
from notifications.services import notify_users


def enterprise_users(enterprise_id):
    return User.objects.filter(enterprise_membership__enterprise_id=enterprise_id, is_active=True)


def officers_of(enterprise):
    """Active officers of the enterprise's own office and of the directly-under customs above it."""
    office = enterprise.customs_office
    offices = Q(office=office) | Q(office__code=office.directly_under_code)
    return User.objects.filter(offices, role=Role.OFFICER, is_active=True)


def notify_enterprise_users(*, enterprise_id, subject, body, context, link):
    """Inbox and e-mail to every active user of the enterprise, in their language.

    `context` is a function returning the placeholders, called in each reader's language.
    """
    notify_users(enterprise_users(enterprise_id), subject=subject, body=body, context=context, link=link)

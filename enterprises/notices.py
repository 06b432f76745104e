"""Telling an enterprise's users about a decision, each in their own language."""

from django.utils import translation

from accounts.models import User
from notifications.services import notification_send


def notify_enterprise_users(*, enterprise_id, subject, body, context, link):
    """Inbox and e-mail to every active user of the enterprise, in their language.

    `context` is a function returning the placeholders, called in each reader's language.
    """
    users = User.objects.filter(enterprise_membership__enterprise_id=enterprise_id, is_active=True)
    for user in users:
        with translation.override(user.preferred_language):
            values = context()
            notification_send(
                recipient=user, subject=str(subject) % values, body=str(body) % values, link=link
            )

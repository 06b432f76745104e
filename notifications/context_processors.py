from notifications.models import Notification


def unread_notifications(request):
    """Unread count for the header badge, computed only when a page renders it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notification_count": count}

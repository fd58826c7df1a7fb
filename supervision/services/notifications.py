from django.utils import timezone

from ..models import Notification


def mark_notifications_read(user, *, notification_ids=None):
    """Mark the user's unread notifications read (all, or those in `notification_ids`). Returns the count."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())

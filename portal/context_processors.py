from django.utils.functional import SimpleLazyObject

from members.scopes import scope_for


def portal(request):
    """The user's scope, and the count of their unread notifications for the bell: counted only if a page
    shows it without having counted it (the home page reads it with its latest notifications)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None, "unread_count": 0}
    from supervision.models import Notification

    return {
        "scope": scope_for(user),
        "unread_count": SimpleLazyObject(Notification.objects.filter(user=user, read_at__isnull=True).count),
    }

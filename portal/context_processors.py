from members.scopes import scope_for


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None, "unread_count": 0}
    from supervision.models import Notification

    return {
        "scope": scope_for(user),
        "unread_count": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }

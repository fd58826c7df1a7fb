"""Writers for the audit log and the state timeline. Call inside the transaction that changes state."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent, AuditLog, StateChange


def client_ip(request):
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit(event: str, *, request=None, user=None, username: str = "", detail: str = ""):
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditLog.objects.create(
        event=event,
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=username or (user.get_username() if user is not None and getattr(user, "pk", None) else ""),
        ip_address=client_ip(request),
        detail=detail[:500],
    )


def audit_export(request, what: str, count: int):
    return audit(AuditEvent.EXPORT, request=request, detail=f"{what}: {count} 行")


def record_transition(obj, *, actor=None, action: str, from_state: str = "", to_state: str = "", note: str = ""):
    """Write one timeline row for `obj`. Use inside the same transaction as the change."""
    return StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        note=note or "",
    )


def timeline(obj):
    return (
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
        )
        .select_related("actor")
        .order_by("at", "id")
    )

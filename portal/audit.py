"""Writers for the audit log and the state timeline. Call inside the transaction that changes state."""

import contextlib
import contextvars
import datetime

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


# ---------------------------------------------------------------- field-level change records
#
# Every create, update and delete of a people or organisation record (AUDITED_MODELS) is written as one
# ChangeRecord — who, when, by which path, which fields from what to what — whatever path made it: the
# receivers in portal/change_audit.py catch every save and delete (admin, API, pages, services, shell),
# bulk writes call record_change themselves (the member import). The acting user and the path come from
# `acting()`: the middleware opens it for each request; services and the import open it with their actor.

AUDITED_MODELS = (
    "members.committee", "members.term", "members.session", "members.sector", "members.specialcommittee",
    "members.membergroup", "members.member", "members.sectorgroup", "members.studio", "members.receptionduty",
    "members.handlingunit", "members.roleassignment", "auth.user", "auth.group",
)
NEVER_STORED = {"password"}  # a change shows, its values never do
STORED_MASKED = {"id_number"}  # ID numbers are kept masked (3401**********1234)
NOT_TRACKED = {"last_login", "path"}  # bookkeeping, derived
HIDDEN_VALUE = "******"

_acting = contextvars.ContextVar("portal_acting", default=None)


@contextlib.contextmanager
def acting(actor=None, *, via="", request=None):
    """Attribute the changes made inside to `actor` (or to the request's user) and a path (admin, api,
    page, import, service). What is not given is inherited from an enclosing `acting()` (a service
    called by an admin page keeps the path "admin")."""
    outer = _acting.get() or {}
    token = _acting.set({
        "actor": actor if actor is not None else outer.get("actor"),
        "via": via or outer.get("via", ""),
        "request": request if request is not None else outer.get("request"),
    })
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor():
    """(user or None, via) for the change being written."""
    context = _acting.get()
    if context is None:
        return None, "system"
    actor = context["actor"]
    if actor is None and context["request"] is not None:
        user = getattr(context["request"], "user", None)
        actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    return actor, context["via"] or ("service" if actor is not None else "system")


def is_audited(model) -> bool:
    return model._meta.label_lower in AUDITED_MODELS


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def tracked_fields(model, only=None):
    """Concrete fields of `model` a ChangeRecord compares (not the primary key nor bookkeeping)."""
    return [
        f for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in NOT_TRACKED and (only is None or f.name in only or f.attname in only)
    ]


def snapshot(obj, only=None) -> dict:
    """{field name: raw value} of `obj` as it is in memory (foreign keys as ids)."""
    return {f.name: getattr(obj, f.attname) for f in tracked_fields(type(obj), only)}


def stored_snapshot(obj, only=None):
    """The same for the row as it is in the database (None when it is not there)."""
    fields = tracked_fields(type(obj), only)
    if obj.pk is None or not fields:
        return None
    row = type(obj)._base_manager.filter(pk=obj.pk).values(*[f.attname for f in fields]).first()
    if row is None:
        return None
    return {f.name: row[f.attname] for f in fields}


def _shown(model, name, value):
    """A value as the record keeps it: secrets hidden, ID numbers masked, related records named."""
    if value in (None, ""):
        return value
    if name in NEVER_STORED:
        return HIDDEN_VALUE
    if name in STORED_MASKED:
        from members.privacy import mask_id_number

        return mask_id_number(str(value))
    field = model._meta.get_field(name)
    if field.is_relation and field.many_to_one:
        related = field.related_model._base_manager.filter(pk=value).first()
        return f"{related} (#{value})" if related is not None else f"#{value}"
    return _plain(value)


def diff(model, before, after) -> dict:
    """{field: [old, new]} of the fields that differ (before/after: snapshots, either may be None)."""
    before, after = before or {}, after or {}
    changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in NEVER_STORED:
            changes[name] = [HIDDEN_VALUE, HIDDEN_VALUE]
            continue
        if isinstance(old, list) or isinstance(new, list):  # many-to-many: lists of names
            changes[name] = [old, new]
            continue
        changes[name] = [_shown(model, name, old), _shown(model, name, new)]
    return changes


def record_change(obj, action, changes, *, actor=None, via=None, model=None, object_id=None):
    """Write one ChangeRecord (nothing when an update changed nothing). Call in the writing transaction."""
    from .models import ChangeAction, ChangeRecord

    if action == ChangeAction.UPDATE and not changes:
        return None
    context_actor, context_via = current_actor()
    actor = actor if actor is not None else context_actor
    has_pk = actor is not None and getattr(actor, "pk", None)
    return ChangeRecord.objects.create(
        actor=actor if has_pk else None,
        actor_name=actor.get_username() if has_pk else "",
        via=(via or context_via)[:20],
        model=model or obj._meta.label_lower,
        object_id=str(object_id if object_id is not None else obj.pk)[:64],
        object_repr=str(obj)[:200],
        action=action,
        changes=changes,
    )


def record_created(obj, **kwargs):
    """A ChangeRecord "create" listing every filled field (for bulk inserts that send no signals)."""
    from .models import ChangeAction

    return record_change(obj, ChangeAction.CREATE, diff(type(obj), None, snapshot(obj)), **kwargs)

"""Change records of people and organisation records on every save path, and staff rights that follow roles.

- `ChangeAuditMiddleware` attributes the changes a request makes to its user and path (admin, api, page).
- Receivers on pre_save / post_save / post_delete / m2m_changed of portal.audit.AUDITED_MODELS write one
  ChangeRecord per create, update (only when a tracked field changed) and delete.
- Revoking a staff role (deleting its RoleAssignment) recomputes the account's `is_staff`: without another
  staff role (or superuser rights) it loses the admin at once.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .audit import AUDITED_MODELS, acting, diff, is_audited, record_change, snapshot, stored_snapshot
from .models import ChangeAction


def _via(path):
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "page"


class ChangeAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting(request=request, via=_via(request.path)):
            return self.get_response(request)


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    instance._audit_before = None if instance._state.adding else stored_snapshot(instance, update_fields)


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    after = snapshot(instance, update_fields)
    before = None if created else getattr(instance, "_audit_before", None)
    action = ChangeAction.CREATE if created else ChangeAction.UPDATE
    record_change(instance, action, diff(sender, before, after))
    instance._audit_before = None


def _after_delete(sender, instance, **kwargs):
    record_change(instance, ChangeAction.DELETE, diff(sender, snapshot(instance), None))


def _names(objects):
    return sorted(str(o) for o in objects)


def _m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Many-to-many edits (界别活动组的界别、召集人, 工作室的入驻委员) recorded as [old names, new names]."""
    if reverse or not is_audited(type(instance)):
        return
    field = next((f for f in type(instance)._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        instance._audit_m2m_before = _names(getattr(instance, field.name).all())
    elif action in ("post_add", "post_remove", "post_clear"):
        before = getattr(instance, "_audit_m2m_before", None)
        after = _names(getattr(instance, field.name).all())
        if before != after:
            record_change(instance, ChangeAction.UPDATE, {field.name: [before, after]})


def _staff_role_revoked(sender, instance, **kwargs):
    """A deleted staff RoleAssignment takes the admin away unless another staff role (or superuser) remains."""
    from django.contrib.auth import get_user_model

    from members.enums import Role

    if instance.role != Role.STAFF:
        return
    user = get_user_model()._base_manager.filter(pk=instance.user_id).first()
    if user is None or not user.is_staff or user.is_superuser:
        return
    if not user.roles.filter(role=Role.STAFF).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def connect():
    for label in AUDITED_MODELS:
        model = apps.get_model(label)
        uid = f"portal-change-audit-{label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            m2m_changed.connect(_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")
    post_delete.connect(_staff_role_revoked, sender=apps.get_model("members.roleassignment"),
                        dispatch_uid="portal-staff-role-revoked")

"""The admin side of the one permission layer: every ModelAdmin scopes by the same `Scope`.

A model admin names the path from its model to the owning committee (`committee_field`); the
queryset, the object permissions and the foreign-key choices all follow the user's scope, so a
county's staff never see or pick another county's rows.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .scopes import scope_for


def committee_of(obj, field_path):
    """Follow "a__b__committee" from obj to the committee (None if a link is empty)."""
    current = obj
    for part in field_path.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


class NoWritesAdminMixin:
    """Records nobody adds, changes or deletes through the admin, not even a superuser: audit rows, sent
    reminders, sweeps, and every workflow record (see ReadOnlyScopedAdmin). Put it first in the bases."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedAdminMixin:
    committee_field = "committee"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = scope_for(request.user)
        if scope.is_superuser:
            return qs
        return qs.filter(scope.committee_q(self.committee_field))

    def has_module_permission(self, request):
        scope = scope_for(request.user)
        return request.user.is_active and request.user.is_staff and (scope.is_superuser or bool(scope.read_paths))

    def has_view_permission(self, request, obj=None):
        scope = scope_for(request.user)
        if not self.has_module_permission(request):
            return False
        return obj is None or scope.can_read(committee_of(obj, self.committee_field))

    def has_add_permission(self, request, *args):
        scope = scope_for(request.user)
        return request.user.is_staff and scope.is_staff

    def has_change_permission(self, request, obj=None):
        scope = scope_for(request.user)
        if not (request.user.is_staff and scope.is_staff):
            return False
        return obj is None or scope.can_manage(committee_of(obj, self.committee_field))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only choices inside the user's managed subtree."""
        scope = scope_for(request.user)
        if not scope.is_superuser:
            from .models import Committee

            related = db_field.related_model
            if related is Committee:
                kwargs["queryset"] = Committee.objects.filter(scope.committee_q("", manage=True))
            elif any(f.name == "committee" for f in related._meta.get_fields()):
                kwargs["queryset"] = related._default_manager.filter(scope.committee_q("committee", manage=True))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scope = scope_for(request.user)
        related = db_field.related_model
        if not scope.is_superuser and any(f.name == "committee" for f in related._meta.get_fields()):
            kwargs["queryset"] = related._default_manager.filter(scope.committee_q("committee", manage=True))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def delete_queryset(self, request, queryset):
        """Bulk delete only what the user manages (they may read more than they manage)."""
        scope = scope_for(request.user)
        if not scope.is_superuser and queryset.exclude(scope.committee_q(self.committee_field, manage=True)).exists():
            raise PermissionDenied(_("所选记录中有您无权删除的记录。"))
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        scope = scope_for(request.user)
        committee = committee_of(obj, self.committee_field)
        if not scope.can_manage(committee):
            raise PermissionDenied(_("不能在您管理范围以外的政协组织中保存记录。"))
        super().save_model(request, obj, form, change)


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_per_page = 50


class ReadOnlyScopedAdmin(NoWritesAdminMixin, ScopedAdmin):
    """A workflow record (anything with a state, and what its services write: ratings, contact logs,
    requests, sent reminders…): staff in scope view it; nobody adds, changes or deletes it here, so the
    admin is no back door around the services' checks and the timeline. Admin actions on such records
    call the same services as the pages and the API (with the same scope check): declare them with
    `permissions=["act"]`, allowed to staff by `has_act_permission`."""

    workflow_record = True

    def has_act_permission(self, request):
        return request.user.is_active and request.user.is_staff and scope_for(request.user).is_staff

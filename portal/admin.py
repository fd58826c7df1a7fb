"""The audit trail in the admin: readable, never editable through the portal (DESIGN §6).

Nobody — not even a superuser — can add, change or delete audit or timeline rows here. Staff see the
rows of accounts that belong to the subtree they manage; superusers see everything.
"""

from functools import reduce
from operator import or_

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from members.admin_mixins import NoWritesAdminMixin
from members.scopes import scope_for

from .models import AuditLog, ChangeRecord, StateChange


def users_in_scope_q(scope, user_field):
    """Rows whose account holds a role or a member record inside the staff member's subtree."""
    if not scope.staff_paths:
        return Q(pk__in=[])
    return reduce(or_, (
        Q(**{f"{user_field}__roles__committee__path__startswith": p})
        | Q(**{f"{user_field}__member__committee__path__startswith": p})
        for p in scope.staff_paths
    ))


class ReadOnlyScopedAdmin(NoWritesAdminMixin, admin.ModelAdmin):
    user_field = "user"
    list_per_page = 100

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = scope_for(request.user)
        if scope.is_superuser:
            return qs
        ids = qs.filter(users_in_scope_q(scope, self.user_field)).values("pk")
        return qs.filter(pk__in=ids)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and scope_for(request.user).is_staff

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyScopedAdmin):
    list_display = ("at", "event", "username", "ip_address", "detail")
    list_filter = ("event", "at")
    search_fields = ("username", "detail", "ip_address")
    date_hierarchy = "at"
    actions = None


@admin.register(StateChange)
class StateChangeAdmin(ReadOnlyScopedAdmin):
    user_field = "actor"
    list_display = ("at", "content_type", "object_id", "action", "from_state", "to_state", "actor")
    list_filter = ("action", "content_type", "at")
    search_fields = ("actor__username", "action", "note")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "at"
    actions = None


@admin.register(ChangeRecord)
class ChangeRecordAdmin(NoWritesAdminMixin, admin.ModelAdmin):
    """Who changed which fields of people and organisation records: superusers read it, nobody edits it."""

    list_display = ("at", "actor_name", "via", "action", "model", "object_repr", "changed_fields")
    list_filter = ("action", "via", "model", "at")
    search_fields = ("actor_name", "object_repr", "object_id")
    readonly_fields = ("at", "actor", "actor_name", "via", "model", "object_id", "object_repr", "action", "changes_table")
    fields = readonly_fields
    date_hierarchy = "at"
    actions = None
    list_per_page = 100

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    @admin.display(description=_("变更字段"))
    def changed_fields(self, obj):
        return "、".join(obj.changes)

    @admin.display(description=_("变更内容"))
    def changes_table(self, obj):
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                                ((name, _cell(values, 0), _cell(values, 1)) for name, values in obj.changes.items()))
        return format_html("<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
                           _("字段"), _("原值"), _("新值"), rows)


def _cell(values, index):
    value = values[index] if isinstance(values, list | tuple) and len(values) > index else values
    return "—" if value in (None, "", []) else value


from .jobs import admin as jobs_admin  # noqa: E402, F401 - export jobs, read-only for superusers

"""The Chinese admin for the organisation of a committee. Every admin is scoped by `ScopedAdmin`:
staff manage their committee's subtree and never see or pick another county's rows."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import admin_views, privacy
from .admin_mixins import ReadOnlyScopedAdmin, ScopedAdmin, ScopedAdminMixin
from .excel.exporting import export_members
from .forms import CommitteeAdminForm, MemberAdminForm, SectorGroupAdminForm
from .models import (
    Committee,
    HandlingUnit,
    Member,
    MemberGroup,
    ReceptionDuty,
    RoleAssignment,
    Sector,
    SectorGroup,
    Session,
    SpecialCommittee,
    Studio,
    Term,
)
from .scopes import scope_for


class ScopedInline(ScopedAdminMixin):
    """Inline permissions mirror the parent admin's (the parent object is already scoped); foreign-key
    choices are limited to the managed subtree like every scoped admin's."""

    def get_queryset(self, request):
        return super(ScopedAdminMixin, self).get_queryset(request)

    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        parent = self._parent_admin()
        return parent.has_change_permission(request, obj) if obj else parent.has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class PersonalDataAdminMixin:
    """Personal fields shown as members.privacy declares for the viewer: in full, masked (138****1234, as a
    read-only column) or not at all — the same as the API and the exports show them."""

    def field_access(self, request, obj=None) -> dict:
        return {}

    def _hidden(self, request, obj=None):
        return {name for name, level in self.field_access(request, obj).items() if level != privacy.FULL}

    def _masked(self, request, obj=None):
        return [name for name, level in self.field_access(request, obj).items() if level == privacy.MASKED]

    def get_list_display(self, request):
        access = self.field_access(request)
        columns = []
        for column in super().get_list_display(request):
            level = access.get(column, privacy.FULL)
            if level == privacy.MASKED:
                columns.append(f"masked_{column}")
            elif level == privacy.FULL:
                columns.append(column)
        return columns

    def get_exclude(self, request, obj=None):
        return list(super().get_exclude(request, obj) or []) + sorted(self._hidden(request, obj))

    def get_search_fields(self, request):
        hidden = self._hidden(request)
        return [f for f in super().get_search_fields(request) if f not in hidden]

    def get_readonly_fields(self, request, obj=None):
        return list(super().get_readonly_fields(request, obj)) + [f"masked_{c}" for c in self._masked(request, obj)]


def _masked(field, label):
    def column(self, obj):
        return privacy.mask_phone(getattr(obj, field))

    column.short_description = label
    column.__name__ = f"masked_{field}"
    return column


# ---------------------------------------------------------------- the committee tree


@admin.register(Committee)
class CommitteeAdmin(ScopedAdmin):
    """Scoped by path: staff see their subtree, add children under it and move committees within it."""

    form = CommitteeAdminForm
    list_display = ("indented_name", "level", "parent", "code", "order")
    list_filter = ("level",)
    search_fields = ("name", "code")
    list_select_related = ("parent",)
    ordering = ("path",)

    @admin.display(description=_("名称"), ordering="path")
    def indented_name(self, obj):
        return format_html('<span style="padding-left:{}em">{}</span>', max(obj.depth, 0) * 1.5, obj.name)

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs.filter(scope_for(request.user).committee_q(""))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or scope_for(request.user).can_read(obj))

    def has_change_permission(self, request, obj=None):
        scope = scope_for(request.user)
        return request.user.is_staff and scope.is_staff and (obj is None or scope.can_manage(obj))

    def has_delete_permission(self, request, obj=None):
        """Staff delete below their own committee, never the committee they were given."""
        if obj is None:
            return self.has_change_permission(request)
        return self.has_change_permission(request, obj) and self._manages_parent(request, obj)

    def _manages_parent(self, request, obj):
        scope = scope_for(request.user)
        return scope.is_superuser or (obj.parent_id is not None and scope.can_manage(obj.parent))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self._manages_parent(request, obj):
            return ("parent",)  # the top of a staff member's subtree stays where it is
        return ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "parent" in form.base_fields and not scope_for(request.user).is_superuser:
            form.base_fields["parent"].required = True
        return form

    def save_model(self, request, obj, form, change):
        scope = scope_for(request.user)
        if change and not scope.can_manage(Committee.objects.get(pk=obj.pk)):
            raise PermissionDenied(_("不能修改您管理范围以外的政协组织。"))
        if "parent" in form.changed_data or not change:
            if not (scope.is_superuser or (obj.parent is not None and scope.can_manage(obj.parent))):
                raise PermissionDenied(_("只能在您管理的政协组织之下新建或移动政协组织。"))
        admin.ModelAdmin.save_model(self, request, obj, form, change)


class SessionInline(ScopedInline, admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Term)
class TermAdmin(ScopedAdmin):
    list_display = ("name", "committee", "number", "start_date", "end_date", "is_current")
    list_filter = ("is_current", ("committee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "committee__name")
    list_select_related = ("committee",)
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(ScopedAdmin):
    committee_field = "term__committee"
    list_display = ("name", "term", "number", "start_date", "end_date")
    list_filter = (("term__committee", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "term__name")
    list_select_related = ("term__committee",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "term" and not scope_for(request.user).is_superuser:
            kwargs["queryset"] = Term.objects.filter(scope_for(request.user).committee_q(manage=True))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Sector)
class SectorAdmin(ScopedAdmin):
    list_display = ("name", "committee", "order")
    list_filter = (("committee", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name",)
    list_select_related = ("committee",)


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(ScopedAdmin):
    list_display = ("name", "committee", "handles_proposals", "order")
    list_filter = ("handles_proposals", ("committee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name",)
    list_select_related = ("committee",)


@admin.register(MemberGroup)
class MemberGroupAdmin(ScopedAdmin):
    list_display = ("name", "committee", "community", "leader")
    list_filter = (("committee", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "community")
    list_select_related = ("committee", "leader")
    autocomplete_fields = ("leader",)


@admin.register(SectorGroup)
class SectorGroupAdmin(ScopedAdmin):
    form = SectorGroupAdminForm
    list_display = ("name", "committee", "special_committee")
    list_filter = (("committee", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name",)
    list_select_related = ("committee", "special_committee")
    filter_horizontal = ("sectors",)
    autocomplete_fields = ("convenors",)


class ReceptionDutyInline(ScopedInline, admin.TabularInline):
    """The roster, shown on the studio (read-only: it is planned and changed by consult.reception's services)."""

    model = ReceptionDuty
    extra = 0
    fields = ("date", "member", "state", "note")
    readonly_fields = fields
    can_delete = False
    ordering = ("-date",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Studio)
class StudioAdmin(ScopedAdmin):
    list_display = ("name", "kind", "committee", "sector", "address", "opening_hours", "reception_day", "duty_size",
                    "active")
    list_filter = ("kind", "active", ("committee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "address")
    list_select_related = ("committee", "sector")
    autocomplete_fields = ("members",)
    inlines = [ReceptionDutyInline]


@admin.register(ReceptionDuty)
class ReceptionDutyAdmin(ReadOnlyScopedAdmin):
    """接待日值班: planned, confirmed, swapped and recorded through consult.reception's services only."""

    committee_field = "studio__committee"
    list_display = ("date", "studio", "member", "state", "confirmed_at", "note")
    list_filter = ("state", "date", ("studio", admin.RelatedOnlyFieldListFilter))
    search_fields = ("member__name", "studio__name")
    list_select_related = ("studio", "member")
    date_hierarchy = "date"


# ---------------------------------------------------------------- members


@admin.register(Member)
class MemberAdmin(PersonalDataAdminMixin, ScopedAdmin):
    form = MemberAdminForm
    masked_phone = _masked("phone", _("手机号码"))
    list_display = (
        "name", "committee", "party", "sector", "special_committee", "township", "roles", "phone", "active",
    )
    list_filter = (
        "active", "party", "is_standing", "is_chair_member", "is_convenor", "is_info_officer",
        ("committee", admin.RelatedOnlyFieldListFilter),
        ("sector", admin.RelatedOnlyFieldListFilter),
        ("special_committee", admin.RelatedOnlyFieldListFilter),
        ("township", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "phone", "employer")
    list_select_related = ("committee", "sector", "special_committee", "township")
    readonly_fields = ("user",)
    actions = ["export_selected", "create_accounts"]
    change_list_template = "admin/members/member/change_list.html"

    def field_access(self, request, obj=None):
        return privacy.member_field_access(request.user, obj)

    @admin.display(description=_("身份"))
    def roles(self, obj):
        return obj.roles_display or "—"

    @admin.action(description=_("导出所选委员到 Excel"))
    def export_selected(self, request, queryset):
        return export_members(request, queryset)

    @admin.action(description=_("为所选委员创建登录账号"))
    def create_accounts(self, request, queryset):
        return admin_views.create_member_accounts(self, request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            actions.pop("create_accounts", None)
        return actions

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(admin_views.MemberImportView.as_view(model_admin=self)), name="members_member_import"),
            path("import/template.xlsx", wrap(admin_views.import_template_view), name="members_member_import_template"),
            path("export.xlsx", wrap(self.export_view), name="members_member_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The current changelist (its filters and search) as an .xlsx download."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return export_members(request, changelist.get_queryset(request))


# ---------------------------------------------------------------- units and roles


class LiaisonInline(ScopedInline, admin.TabularInline):
    """The unit's liaison accounts; new ones are made with "创建联络员账号" (random initial password)."""

    model = RoleAssignment
    fields = ("user", "role", "committee")
    readonly_fields = fields
    extra = 0
    verbose_name = _("联络员账号")
    verbose_name_plural = _("联络员账号")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self._parent_admin().has_change_permission(request, obj)


@admin.register(HandlingUnit)
class HandlingUnitAdmin(PersonalDataAdminMixin, ScopedAdmin):
    masked_leader_phone = _masked("leader_phone", _("负责人电话"))
    masked_contact_phone = _masked("contact_phone", _("联络员电话"))
    list_display = ("name", "short_name", "committee", "leader_name", "contact_name", "contact_phone", "active")
    list_filter = ("active", ("committee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "short_name", "contact_name")
    list_select_related = ("committee",)
    inlines = [LiaisonInline]
    change_form_template = "admin/members/handlingunit/change_form.html"

    def field_access(self, request, obj=None):
        return privacy.unit_field_access(request.user, obj)

    def get_urls(self):
        view = admin_views.LiaisonAccountView.as_view(model_admin=self)
        return [
            path("<int:unit_id>/liaison/", self.admin_site.admin_view(view), name="members_handlingunit_liaison"),
            *super().get_urls(),
        ]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    """Staff give roles inside their subtree. Assignments are added or removed, not edited."""

    list_display = ("user", "role", "committee", "unit")
    list_filter = ("role", ("committee", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__username", "user__first_name", "unit__name")
    list_select_related = ("user", "committee", "unit")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return ScopedAdmin.has_change_permission(self, request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        return admin_views.RoleAssignmentAddView.as_view(model_admin=self)(request)

"""Export jobs in the admin: a read-only list for superusers (who asked for what, its state and progress).
The file itself is not offered here: only its requester downloads it, from 我的导出."""

from django.contrib import admin

from members.admin_mixins import NoWritesAdminMixin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(NoWritesAdminMixin, admin.ModelAdmin):
    list_display = ("id", "kind", "requester", "state", "progress_done", "progress_total", "created_at",
                    "finished_at", "expires_at")
    list_filter = ("state", "kind", "created_at")
    search_fields = ("requester__username", "file_name", "kind")
    date_hierarchy = "created_at"
    list_select_related = ("requester",)
    actions = None

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

"""委员接待日 in the admin: the days, issues, swap requests and unavailable dates are written by the services
only (read-only here; approving accepted swaps is an admin action calling the same service). Studios and the
roster rows are in the members admin (studios editable, duties read-only)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from members.admin_mixins import ReadOnlyScopedAdmin
from members.scopes import scope_for

from ..errors import ConsultError
from . import services
from .models import DutySwap, ReceptionDay, ReceptionIssue, Unavailability


@admin.register(ReceptionDay)
class ReceptionDayAdmin(ReadOnlyScopedAdmin):
    committee_field = "studio__committee"
    list_display = ("date", "studio", "state", "visitors", "recorded_at")
    list_filter = ("state", ("studio", admin.RelatedOnlyFieldListFilter))
    search_fields = ("studio__name", "summary")
    list_select_related = ("studio",)
    date_hierarchy = "date"


@admin.register(ReceptionIssue)
class ReceptionIssueAdmin(ReadOnlyScopedAdmin):
    committee_field = "day__studio__committee"
    list_display = ("title", "day", "case_id", "created_at")
    search_fields = ("title", "description")
    list_select_related = ("day__studio",)
    date_hierarchy = "created_at"

    def get_exclude(self, request, obj=None):
        """The resident's name and phone only to staff who manage the studio's committee (as for cases)."""
        if obj is not None and scope_for(request.user).can_manage(obj.day.studio.committee):
            return ()
        return ("resident_name", "resident_phone")


@admin.register(DutySwap)
class DutySwapAdmin(ReadOnlyScopedAdmin):
    committee_field = "duty__studio__committee"
    list_display = ("__str__", "duty", "other_duty", "state", "created_at")
    list_filter = ("state",)
    search_fields = ("requester__name", "other_member__name", "reason")
    list_select_related = ("duty__studio", "other_duty__studio", "requester", "other_member")
    actions = ["approve"]

    @admin.action(description=_("批准所选的换班申请（对方已同意）"), permissions=["act"])
    def approve(self, request, queryset):
        done = 0
        for swap in queryset.select_related("duty__studio__committee"):
            try:
                services.approve_swap(actor=request.user, swap=swap)
                done += 1
            except ConsultError as exc:
                self.message_user(request, f"{swap}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("已批准 %(n)d 个换班申请。") % {"n": done}, messages.SUCCESS)


@admin.register(Unavailability)
class UnavailabilityAdmin(ReadOnlyScopedAdmin):
    committee_field = "member__committee"
    list_display = ("member", "start_date", "end_date", "reason", "created_at")
    search_fields = ("member__name", "reason")
    list_select_related = ("member",)
    date_hierarchy = "start_date"

"""社情民意信息 in the admin: every record here is written by the services (reports, bulletins, sending up,
adoption by level, instructions, forwarding), so all are read-only (ReadOnlyScopedAdmin), scoped to the
viewer's subtree. Registered from consult/admin.py."""

from django.contrib import admin

from members.admin_mixins import ReadOnlyScopedAdmin

from ..models import Bulletin, LevelAdoption, OpinionReport, ReportForward, ReportInstruction, ReportSending


@admin.register(OpinionReport)
class OpinionReportAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "submitter", "committee", "state", "bulletin", "submitted_at", "decided_at")
    list_filter = ("state",)
    search_fields = ("title", "edited_title", "submitter__name")
    list_select_related = ("submitter", "committee", "bulletin")
    date_hierarchy = "created_at"
    raw_id_fields = ("merged_into", "bulletin", "submitter")


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyScopedAdmin):
    list_display = ("__str__", "committee", "kind", "year", "number", "state", "published_at")
    list_filter = ("kind", "state", "year")
    search_fields = ("title", "committee__name")
    list_select_related = ("committee",)


@admin.register(ReportSending)
class ReportSendingAdmin(ReadOnlyScopedAdmin):
    committee_field = "report__committee"
    list_display = ("report", "target", "recipient", "sent_on")
    list_filter = ("target",)
    search_fields = ("report__title", "recipient")
    list_select_related = ("report",)
    date_hierarchy = "sent_on"


@admin.register(LevelAdoption)
class LevelAdoptionAdmin(ReadOnlyScopedAdmin):
    committee_field = "report__committee"
    list_display = ("report", "level", "adopted_on", "adopted_by")
    list_filter = ("level",)
    search_fields = ("report__title", "adopted_by")
    list_select_related = ("report",)
    date_hierarchy = "adopted_on"


@admin.register(ReportInstruction)
class ReportInstructionAdmin(ReadOnlyScopedAdmin):
    committee_field = "report__committee"
    list_display = ("report", "leader", "instructed_on", "departments")
    search_fields = ("report__title", "leader", "text", "departments")
    list_select_related = ("report",)
    date_hierarchy = "instructed_on"


@admin.register(ReportForward)
class ReportForwardAdmin(ReadOnlyScopedAdmin):
    committee_field = "report__committee"
    list_display = ("report", "unit", "state", "sent_at", "replied_at")
    list_filter = ("state",)
    search_fields = ("report__title", "unit__name")
    list_select_related = ("report", "unit")
    date_hierarchy = "sent_at"

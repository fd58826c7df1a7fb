"""Grassroots cases in the admin (imported by consult/admin.py). The cases and what the services write
(claims, micro-consultations, follow-ups) are read-only (ReadOnlyScopedAdmin); the rules (settings, days per
grade) are edited freely. The resident's name and phone show only to staff who manage the case's committee."""

from django.contrib import admin

from members.admin_mixins import ReadOnlyScopedAdmin, ScopedAdmin
from members.scopes import scope_for

from .models import CaseClaim, CaseConsultation, CaseDeadlineRule, CaseFollowUp, CaseSettings, CommunityCase

CONTACT = ("resident_name", "resident_phone", "code")


@admin.register(CommunityCase)
class CommunityCaseAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "committee", "member_group", "source", "grade", "theme", "state", "created_at")
    list_filter = ("state", "source", "grade", "theme")
    search_fields = ("title",)
    list_select_related = ("committee", "member_group")
    date_hierarchy = "created_at"

    def get_exclude(self, request, obj=None):
        if obj is not None and scope_for(request.user).can_manage(obj.committee):
            return ()
        return CONTACT


@admin.register(CaseClaim)
class CaseClaimAdmin(ReadOnlyScopedAdmin):
    committee_field = "case__committee"
    list_display = ("case", "member", "lead", "created_at")
    list_filter = ("lead",)
    search_fields = ("case__title", "member__name")
    list_select_related = ("case", "member")


@admin.register(CaseConsultation)
class CaseConsultationAdmin(ReadOnlyScopedAdmin):
    committee_field = "case__committee"
    list_display = ("case", "held_on", "place")
    search_fields = ("case__title", "place", "result")
    list_select_related = ("case",)
    date_hierarchy = "held_on"


@admin.register(CaseFollowUp)
class CaseFollowUpAdmin(ReadOnlyScopedAdmin):
    committee_field = "case__committee"
    list_display = ("case", "on", "note")
    search_fields = ("case__title", "note")
    list_select_related = ("case",)


@admin.register(CaseSettings)
class CaseSettingsAdmin(ScopedAdmin):
    list_display = ("committee", "accepts_public", "check_workdays")
    list_filter = ("accepts_public",)
    search_fields = ("committee__name",)
    list_select_related = ("committee",)


@admin.register(CaseDeadlineRule)
class CaseDeadlineRuleAdmin(ScopedAdmin):
    list_display = ("committee", "grade", "claim_workdays", "consult_workdays", "resolve_workdays")
    list_filter = ("grade",)
    search_fields = ("committee__name",)
    list_select_related = ("committee",)

"""Consultation in the admin. Workflow records (topics, research, meetings, invitations, attendance,
outcomes, sendings, replies, instructions, plan items) are read-only here for everyone
(ReadOnlyScopedAdmin): they change only through the services, so the action tables and the timeline stay
the one truth. The plan, the frequency requirement and a committee's settings are edited freely."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from members.admin_mixins import ReadOnlyScopedAdmin, ScopedAdmin

from .cases import admin as _cases_admin  # noqa: F401  (registers the grassroots cases' admins)
from .errors import ConsultError
from .models import (
    Attendance,
    ConsultationPlan,
    ConsultSettings,
    FrequencyRule,
    Instruction,
    Invitation,
    Meeting,
    Outcome,
    OutcomeSending,
    PlanItem,
    Recommendation,
    RecommendationReply,
    Research,
    Speech,
    Topic,
)
from .reception import admin as _reception_admin  # noqa: F401  (registers the 委员接待日 admins)
from .reports import admin as _reports_admin  # noqa: F401  (registers the 社情民意 admins)


@admin.register(Topic)
class TopicAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "committee", "source", "proposer", "resident_name", "state", "created_at")
    list_filter = ("state", "source")
    search_fields = ("title", "reason", "proposer__name", "resident_name")
    list_select_related = ("committee", "proposer")
    date_hierarchy = "created_at"


@admin.register(Research)
class ResearchAdmin(ReadOnlyScopedAdmin):
    list_display = ("topic", "kind", "start_date", "end_date", "places", "committee")
    list_filter = ("kind",)
    search_fields = ("topic__title", "places", "report")
    list_select_related = ("topic", "committee")
    date_hierarchy = "start_date"


@admin.register(ConsultationPlan)
class ConsultationPlanAdmin(ScopedAdmin):
    list_display = ("__str__", "committee", "year", "created_at")
    list_filter = ("year",)
    search_fields = ("title", "committee__name")
    list_select_related = ("committee",)


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyScopedAdmin):
    committee_field = "plan__committee"
    list_display = ("title", "plan", "meeting_type", "quarter", "month", "lead_special_committee", "topic")
    list_filter = ("meeting_type", "quarter", "plan__year")
    search_fields = ("title", "topic__title")
    list_select_related = ("plan__committee", "lead_special_committee", "topic")


@admin.register(FrequencyRule)
class FrequencyRuleAdmin(ScopedAdmin):
    list_display = ("level", "committee", "meeting_type", "per_year", "note")
    list_filter = ("level", "meeting_type")
    search_fields = ("committee__name", "note")
    list_select_related = ("committee",)


@admin.register(ConsultSettings)
class ConsultSettingsAdmin(ScopedAdmin):
    list_display = ("committee", "leave_cap", "reply_months", "instructed_reply_months", "lookback_months")
    search_fields = ("committee__name",)
    list_select_related = ("committee",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "committee", "meeting_type", "mode", "starts_at", "venue", "state")
    list_filter = ("state", "meeting_type", "mode")
    search_fields = ("title", "venue", "topic__title")
    list_select_related = ("committee",)
    date_hierarchy = "starts_at"


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyScopedAdmin):
    committee_field = "meeting__committee"
    list_display = ("member", "meeting", "compulsory", "state", "leave_reason", "answered_at")
    list_filter = ("state", "compulsory")
    search_fields = ("member__name", "meeting__title", "leave_reason")
    list_select_related = ("member", "meeting")
    actions = ["approve_leave"]

    @admin.action(description=_("准假（所选请假申请）"), permissions=["act"])
    def approve_leave(self, request, queryset):
        from .meetings import services

        done = 0
        for invitation in queryset.select_related("meeting__committee", "member"):
            try:
                services.decide_leave(invitation=invitation, actor=request.user, approve=True)
                done += 1
            except ConsultError as exc:
                self.message_user(request, f"{invitation}：{exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("已准假 %(n)d 项。") % {"n": done}, messages.SUCCESS)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyScopedAdmin):
    committee_field = "meeting__committee"
    list_display = ("member", "meeting", "status", "corrected", "note", "recorded_at")
    list_filter = ("status", "corrected")
    search_fields = ("member__name", "meeting__title")
    list_select_related = ("member", "meeting")


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "committee", "kind", "topic", "meeting", "state", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("title", "text", "topic__title")
    list_select_related = ("committee", "topic", "meeting")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyScopedAdmin):
    committee_field = "outcome__committee"
    list_display = ("outcome", "number", "text")
    search_fields = ("text", "outcome__title")
    list_select_related = ("outcome",)


@admin.register(OutcomeSending)
class OutcomeSendingAdmin(ReadOnlyScopedAdmin):
    committee_field = "outcome__committee"
    list_display = ("outcome", "unit", "state", "sent_at", "replied_at")
    list_filter = ("state", "unit")
    search_fields = ("outcome__title", "unit__name", "measures")
    list_select_related = ("outcome", "unit")


@admin.register(RecommendationReply)
class RecommendationReplyAdmin(ReadOnlyScopedAdmin):
    committee_field = "sending__outcome__committee"
    list_display = ("sending", "recommendation", "adoption", "measures")
    list_filter = ("adoption",)
    search_fields = ("sending__unit__name", "recommendation__text")
    list_select_related = ("sending__outcome", "sending__unit", "recommendation")


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyScopedAdmin):
    committee_field = "outcome__committee"
    list_display = ("leader", "instructed_on", "outcome", "text")
    search_fields = ("leader", "text", "outcome__title")
    list_select_related = ("outcome",)
    date_hierarchy = "instructed_on"


@admin.register(Speech)
class SpeechAdmin(ReadOnlyScopedAdmin):
    committee_field = "meeting__committee"
    list_display = ("title", "member", "meeting", "kind", "state", "created_at")
    list_filter = ("state", "kind")
    search_fields = ("title", "member__name", "meeting__title")
    list_select_related = ("member", "meeting")

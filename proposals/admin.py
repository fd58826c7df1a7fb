"""Admin for every proposals model, scoped to the staff member's committee subtree (ScopedAdmin).

States are not editable here: transitions go through the services (pages, API), so the table and
the timeline stay the one truth. Reference lists and settings are edited freely.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.admin_mixins import ScopedAdmin

from .models import (
    AdjustmentRequest,
    Assignment,
    Attachment,
    CoHandlerOpinion,
    ContactLog,
    CoSignature,
    DeclineGround,
    ExtensionRequest,
    Proposal,
    ProposalCategory,
    ProposalSettings,
    Rating,
    Reply,
    ReplyCategory,
    ReviewReport,
    StagedDecision,
)


class ReadOnlyStateMixin:
    """The state (and numbering) changes only through the services."""

    state_fields = ("state",)

    def get_readonly_fields(self, request, obj=None):
        return tuple(super().get_readonly_fields(request, obj)) + self.state_fields


class SignatureInline(admin.TabularInline):
    model = CoSignature
    extra = 0
    fields = ("member", "is_initiator", "order", "state", "due_date", "responded_at")
    readonly_fields = ("state", "responded_at")
    raw_id_fields = ("member",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ("unit", "role", "state", "round", "assigned_at", "due_date")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyStateMixin, ScopedAdmin):
    committee_field = "committee"
    state_fields = ("state", "number", "sequence", "submitted_at", "accepted_at", "closed_at", "merged_into")
    list_display = ("number", "title", "kind", "category", "proposer", "state", "is_key", "disclosure_consent", "submitted_at")
    list_filter = ("state", "kind", "period", "is_key", "disclosure_consent", "category", "session")
    search_fields = ("number", "title", "reason", "suggestions", "proposer__name", "collective_name")
    raw_id_fields = ("proposer", "merged_into")
    filter_horizontal = ("supervising_leaders",)
    date_hierarchy = "created_at"
    list_select_related = ("category", "proposer", "committee")
    inlines = [SignatureInline, AssignmentInline]

    def get_queryset(self, request):
        """Staff never see members' unsubmitted drafts, here as elsewhere."""
        from .selectors import PRE_SUBMISSION

        return super().get_queryset(request).exclude(PRE_SUBMISSION)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyStateMixin, ScopedAdmin):
    committee_field = "proposal__committee"
    state_fields = ("state", "round", "original_due_date", "acknowledged_at", "closed_at")
    list_display = ("proposal", "unit", "role", "state", "round", "assigned_at", "due_date")
    list_filter = ("state", "role", "unit")
    search_fields = ("proposal__title", "proposal__number", "unit__name")
    raw_id_fields = ("proposal",)
    list_select_related = ("proposal", "unit")


class ProposalChildAdmin(ScopedAdmin):
    committee_field = "proposal__committee"
    raw_id_fields = ("proposal",)
    search_fields = ("proposal__title", "proposal__number")


class AssignmentChildAdmin(ScopedAdmin):
    committee_field = "assignment__proposal__committee"
    raw_id_fields = ("assignment",)
    search_fields = ("assignment__proposal__title", "assignment__proposal__number", "assignment__unit__name")


@admin.register(CoSignature)
class CoSignatureAdmin(ReadOnlyStateMixin, ProposalChildAdmin):
    list_display = ("proposal", "member", "is_initiator", "state", "due_date", "responded_at")
    list_filter = ("state", "is_initiator")
    search_fields = ProposalChildAdmin.search_fields + ("member__name",)
    raw_id_fields = ("proposal", "member")


@admin.register(Attachment)
class AttachmentAdmin(ProposalChildAdmin):
    list_display = ("original_name", "proposal", "purpose", "content_type", "size", "uploaded_at")
    list_filter = ("purpose", "content_type")
    search_fields = ProposalChildAdmin.search_fields + ("original_name",)
    readonly_fields = ("file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    raw_id_fields = ("proposal", "reply", "opinion")

    def has_add_permission(self, request, *args):
        return False  # uploads go through the checked service (pages, API)


@admin.register(StagedDecision)
class StagedDecisionAdmin(ProposalChildAdmin):
    list_display = ("proposal", "action", "staged_by", "staged_at")
    list_filter = ("action",)
    raw_id_fields = ("proposal", "merge_into")


@admin.register(Reply)
class ReplyAdmin(ReadOnlyStateMixin, AssignmentChildAdmin):
    state_fields = ("state", "reviewer", "reviewed_at", "submitted_category")
    list_display = ("assignment", "round", "category", "state", "submitted_at", "reviewed_at")
    list_filter = ("state", "category")
    list_select_related = ("assignment__proposal", "assignment__unit", "category")


@admin.register(Rating)
class RatingAdmin(ScopedAdmin):
    committee_field = "reply__assignment__proposal__committee"
    list_display = ("reply", "rater", "attitude", "relevance", "result", "rated_at")
    list_filter = ("result", "attitude", "relevance")
    search_fields = ("rater__name", "reply__assignment__proposal__title")
    raw_id_fields = ("reply", "rater")

    def has_change_permission(self, request, obj=None):
        return False  # a member's rating is theirs


@admin.register(ContactLog)
class ContactLogAdmin(AssignmentChildAdmin):
    list_display = ("assignment", "date", "way", "recorded_by")
    list_filter = ("way",)


@admin.register(ReviewReport)
class ReviewReportAdmin(AssignmentChildAdmin):
    list_display = ("assignment", "progress", "reported_by", "reported_at")


@admin.register(CoHandlerOpinion)
class CoHandlerOpinionAdmin(AssignmentChildAdmin):
    list_display = ("assignment", "sent_by", "sent_at")


@admin.register(AdjustmentRequest)
class AdjustmentRequestAdmin(ReadOnlyStateMixin, AssignmentChildAdmin):
    list_display = ("assignment", "state", "requested_at", "decided_at", "new_unit")
    list_filter = ("state",)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyStateMixin, AssignmentChildAdmin):
    list_display = ("assignment", "requested_due_date", "state", "granted_due_date", "requested_at")
    list_filter = ("state",)


class CommitteeListAdmin(ScopedAdmin):
    list_display = ("name", "committee", "order", "active")
    list_filter = ("active", "committee")
    search_fields = ("name",)
    list_editable = ("order", "active")


admin.site.register(ProposalCategory, CommitteeListAdmin)
admin.site.register(DeclineGround, CommitteeListAdmin)


@admin.register(ReplyCategory)
class ReplyCategoryAdmin(CommitteeListAdmin):
    list_display = ("code", "name", "committee", "triggers_review", "order", "active")


@admin.register(ProposalSettings)
class ProposalSettingsAdmin(ScopedAdmin):
    list_display = ("committee", "reply_months", "plenary_reply_months", "rating_working_days", "review_after_months")
    fieldsets = (
        (None, {"fields": ("committee",)}),
        (_("提出与审查"), {"fields": ("cosign_working_days", "review_working_days")}),
        (_("交办与办理"), {"fields": ("adjust_working_days", "contact_working_days", "co_opinion_working_days",
                                  "reply_months", "plenary_reply_months", "max_extension_months",
                                  "extension_review_working_days")}),
        (_("审核、评价与回头看"), {"fields": ("reply_review_working_days", "rating_working_days", "rehandle_months",
                                       "review_after_months")}),
    )


from . import admin_evaluation  # noqa: E402,F401  民主评议 and yearly awards

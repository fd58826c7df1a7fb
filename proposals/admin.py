"""Admin for every proposals model, scoped to the staff member's committee subtree.

Workflow records (proposals, signatures, assignments, replies, ratings, contacts, requests, opinions,
回头看 reports, staged marks, attachments) are read-only here for everyone (ReadOnlyScopedAdmin): they
change only through the services (pages, API, the admin actions below), so the action tables and the
timeline stay the one truth. Reference lists and settings are edited freely.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from members.admin_mixins import ReadOnlyScopedAdmin, ScopedAdmin

from . import services
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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignatureInline(ReadOnlyInline):
    model = CoSignature
    fields = ("member", "is_initiator", "order", "state", "due_date", "responded_at")


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = ("unit", "role", "state", "round", "assigned_at", "due_date")
    show_change_link = True


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyScopedAdmin):
    committee_field = "committee"
    list_display = ("number", "title", "kind", "category", "proposer", "state", "is_key", "disclosure_consent", "submitted_at")
    list_filter = ("state", "kind", "period", "is_key", "disclosure_consent", "category", "session")
    search_fields = ("number", "title", "reason", "suggestions", "proposer__name", "collective_name")
    date_hierarchy = "created_at"
    list_select_related = ("category", "proposer", "committee")
    inlines = [SignatureInline, AssignmentInline]

    def get_queryset(self, request):
        """Staff never see members' unsubmitted drafts, here as elsewhere."""
        from .selectors import PRE_SUBMISSION

        return super().get_queryset(request).exclude(PRE_SUBMISSION)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyScopedAdmin):
    committee_field = "proposal__committee"
    list_display = ("proposal", "unit", "role", "state", "round", "assigned_at", "due_date")
    list_filter = ("state", "role", "unit")
    search_fields = ("proposal__title", "proposal__number", "unit__name")
    list_select_related = ("proposal", "unit")

    def get_queryset(self, request):
        from .due_dates import with_assignment_due_dates  # the due date is the reply obligation's

        return with_assignment_due_dates(super().get_queryset(request))


class ProposalChildAdmin(ReadOnlyScopedAdmin):
    committee_field = "proposal__committee"
    search_fields = ("proposal__title", "proposal__number")


class AssignmentChildAdmin(ReadOnlyScopedAdmin):
    committee_field = "assignment__proposal__committee"
    search_fields = ("assignment__proposal__title", "assignment__proposal__number", "assignment__unit__name")


@admin.register(CoSignature)
class CoSignatureAdmin(ProposalChildAdmin):
    list_display = ("proposal", "member", "is_initiator", "state", "due_date", "responded_at")
    list_filter = ("state", "is_initiator")
    search_fields = ProposalChildAdmin.search_fields + ("member__name",)

    def get_queryset(self, request):
        from .due_dates import with_signature_due_dates  # the due date is the co-signing obligation's

        return with_signature_due_dates(super().get_queryset(request))


@admin.register(Attachment)
class AttachmentAdmin(ProposalChildAdmin):
    """Uploads go through the checked service (pages, API); removing one is the proposer's, on the page."""

    list_display = ("original_name", "proposal", "purpose", "content_type", "size", "uploaded_at")
    list_filter = ("purpose", "content_type")
    search_fields = ProposalChildAdmin.search_fields + ("original_name",)


@admin.register(StagedDecision)
class StagedDecisionAdmin(ProposalChildAdmin):
    list_display = ("proposal", "action", "staged_by", "staged_at")
    list_filter = ("action",)
    actions = ["apply_marks"]

    @admin.action(description=_("执行所选的拟处理意见"), permissions=["act"])
    def apply_marks(self, request, queryset):
        """The review page's bulk apply (services.apply_staged_decisions: the actor's scope, one
        transaction per proposal, a timeline row each)."""
        result = services.apply_staged_decisions(actor=request.user,
                                                 proposals=[mark.proposal for mark in queryset.select_related("proposal")])
        for proposal, message in result["failed"]:
            self.message_user(request, f"《{proposal.title}》：{message}", messages.ERROR)
        self.message_user(request, _("已执行 %(count)s 件提案的拟处理意见。") % {"count": len(result["applied"])}, messages.SUCCESS)


@admin.register(Reply)
class ReplyAdmin(AssignmentChildAdmin):
    list_display = ("assignment", "round", "category", "state", "submitted_at", "reviewed_at")
    list_filter = ("state", "category")
    list_select_related = ("assignment__proposal", "assignment__unit", "category")


@admin.register(Rating)
class RatingAdmin(ReadOnlyScopedAdmin):
    """A member's rating is theirs."""

    committee_field = "reply__assignment__proposal__committee"
    list_display = ("reply", "rater", "attitude", "relevance", "result", "rated_at")
    list_filter = ("result", "attitude", "relevance")
    search_fields = ("rater__name", "reply__assignment__proposal__title")


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
class AdjustmentRequestAdmin(AssignmentChildAdmin):
    list_display = ("assignment", "state", "requested_at", "decided_at", "new_unit")
    list_filter = ("state",)


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(AssignmentChildAdmin):
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
                                  "reply_months", "plenary_reply_months", "max_handling_months",
                                  "extension_review_working_days")}),
        (_("审核、评价与回头看"), {"fields": ("reply_review_working_days", "rating_working_days", "rehandle_months",
                                       "review_after_months")}),
    )


from .evaluation import admin as evaluation_admin  # noqa: E402,F401  民主评议 and yearly awards

"""API serializers: output shapes, and input validation for each action (the services decide)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.models import HandlingUnit, Member, session_code
from members.scopes import scope_for
from portal import limits
from portal.api import DisplayField
from portal.filters import ID_MAX

from . import selectors
from .enums import (
    CollectiveKind,
    ContactWay,
    ConvertTarget,
    ProposalKind,
    ProposalPeriod,
    Relevance,
    Satisfaction,
    StagedAction,
)
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
    Rating,
    Reply,
    ReplyCategory,
    ReviewReport,
)


class NamedListSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalCategory
        fields = ["id", "name", "committee", "order"]


class DeclineGroundSerializer(NamedListSerializer):
    class Meta(NamedListSerializer.Meta):
        model = DeclineGround


class ReplyCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyCategory
        fields = ["id", "code", "name", "committee", "triggers_review"]


class AssignmentBriefSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role_display = DisplayField(source="get_role_display")
    state_display = DisplayField(source="get_state_display")
    due_date = serializers.DateField(read_only=True, allow_null=True, help_text="答复截止日期（取自答复办理时限）")

    class Meta:
        model = Assignment
        fields = ["id", "unit", "unit_name", "role", "role_display", "state", "state_display", "round", "due_date"]


class ProposalListSerializer(serializers.ModelSerializer):
    state_display = DisplayField(source="get_state_display")
    kind_display = DisplayField(source="get_kind_display")
    category_name = serializers.CharField(source="category.name", read_only=True, default="")
    proposer_name = serializers.CharField(source="proposer_display", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    session_code = serializers.CharField(source="session.code", read_only=True, default="")
    assignments = AssignmentBriefSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Proposal
        fields = [
            "id", "number", "title", "state", "state_display", "kind", "kind_display", "period", "category",
            "category_name", "proposer", "proposer_name", "committee", "committee_name", "session", "session_code",
            "is_key", "disclosure_consent", "assignments", "is_overdue", "submitted_at", "accepted_at", "closed_at",
        ]

    def to_representation(self, p):
        """What DRF makes of the fields above for a proposal, written out for the API list's rows, which are
        plain values (`selectors.api_rows` and `with_assignment_rows`): a page serialises 50 proposals with
        their assignments, and building them as model instances and walking every field of every row was
        most of the list's time. `tests/proposals/test_api.py` compares the two, for every kind of row and
        in both languages. A model instance (the detail, a subclass with more fields) takes DRF's own way."""
        if not isinstance(p, dict):
            return super().to_representation(p)
        when, due, state, kind, party, role, assignment_state = self._row_tools()
        return {
            "id": p["id"], "number": p["number"], "title": p["title"], "state": p["state"],
            "state_display": state.get(p["state"], p["state"]), "kind": p["kind"],
            "kind_display": kind.get(p["kind"], p["kind"]), "period": p["period"], "category": p["category_id"],
            "category_name": p["category_name"] or "", "proposer": p["proposer_id"],
            "proposer_name": selectors.proposer_display(p, party), "committee": p["committee_id"],
            "committee_name": p["committee_name"], "session": p["session_id"],
            "session_code": "" if p["session_id"] is None else session_code(p["term_number"], p["session_number"]),
            "is_key": p["is_key"], "disclosure_consent": p["disclosure_consent"],
            "assignments": [{
                "id": a["id"], "unit": a["unit_id"], "unit_name": a["unit_name"], "role": a["role"],
                "role_display": role.get(a["role"], a["role"]), "state": a["state"],
                "state_display": assignment_state.get(a["state"], a["state"]), "round": a["round"],
                "due_date": None if a["due_date"] is None else due(a["due_date"]),
            } for a in p["assignments"]],
            "is_overdue": p["is_overdue"],
            "submitted_at": None if p["submitted_at"] is None else when(p["submitted_at"]),
            "accepted_at": None if p["accepted_at"] is None else when(p["accepted_at"]),
            "closed_at": None if p["closed_at"] is None else when(p["closed_at"]),
        }

    def _row_tools(self):
        """The date formatters and the label tables (portal.choices) of the active language and time zone,
        looked up once for the rows this serializer writes, not once per row and column."""
        language, zone = get_language(), timezone.get_current_timezone()
        tools = self.__dict__.get("_tools")
        if tools is None or tools[:2] != (language, zone):
            def when(value):  # DRF's DateTimeField: ISO 8601 in the current time zone, "Z" for UTC
                text = value.astimezone(zone).isoformat()
                return text[:-6] + "Z" if text.endswith("+00:00") else text

            tools = self.__dict__["_tools"] = (language, zone, when, date.isoformat, *selectors.row_labels())
        return tools[2:]


class SignatureSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    state_display = DisplayField(source="get_state_display")
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    due_date = serializers.DateField(read_only=True, allow_null=True, help_text="确认截止日期（取自联名确认办理时限）")

    class Meta:
        model = CoSignature
        fields = ["id", "proposal", "proposal_title", "member", "member_name", "is_initiator", "order", "state",
                  "state_display", "due_date", "responded_at"]


class ProposalDetailSerializer(ProposalListSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)
    merged_into_title = serializers.CharField(source="merged_into.title", read_only=True, default="")

    class Meta(ProposalListSerializer.Meta):
        fields = ProposalListSerializer.Meta.fields + [
            "reason", "suggestions", "collective_kind", "collective_party", "collective_sector",
            "collective_special_committee", "collective_name", "nondisclosure_reason", "merged_into",
            "merged_into_title", "converted_to", "decline_ground", "decision_note", "key_meeting_date",
            "key_meeting_note", "signatures", "created_at", "updated_at",
        ]


class ProposalWriteSerializer(serializers.ModelSerializer):
    """Draft content. Foreign keys are limited to the member's committee (and shared lists)."""

    kind = serializers.ChoiceField(choices=ProposalKind.choices, default=ProposalKind.INDIVIDUAL)
    period = serializers.ChoiceField(choices=ProposalPeriod.choices, default=ProposalPeriod.BETWEEN)
    collective_kind = serializers.ChoiceField(choices=CollectiveKind.choices, required=False, allow_blank=True)

    class Meta:
        model = Proposal
        fields = [
            "title", "kind", "period", "category", "reason", "suggestions", "session", "collective_kind",
            "collective_party", "collective_sector", "collective_special_committee", "collective_name",
            "disclosure_consent", "nondisclosure_reason",
        ]

    def _committee(self):
        member = scope_for(self.context["request"].user).member
        return member.committee if member else None

    def validate_category(self, value):
        committee = self._committee()
        if value is not None and not ProposalCategory.objects.for_committee(committee).filter(pk=value.pk).exists():
            raise serializers.ValidationError(_("请选择本级政协的提案分类。"))
        return value

    def validate_session(self, value):
        committee = self._committee()
        if value is not None and (committee is None or value.term.committee_id != committee.pk):
            raise serializers.ValidationError(_("请选择本级政协的届次会议。"))
        return value


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class RequiredNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=limits.NOTE)


class MergeSerializer(NoteSerializer):
    into = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all())


class ConvertSerializer(NoteSerializer):
    to = serializers.ChoiceField(choices=ConvertTarget.choices, default=ConvertTarget.OPINION)


class DeclineSerializer(NoteSerializer):
    ground = serializers.PrimaryKeyRelatedField(queryset=DeclineGround.objects.all())


class StageSerializer(NoteSerializer):
    action = serializers.ChoiceField(choices=StagedAction.choices)
    merge_into = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all(), required=False, allow_null=True)
    decline_ground = serializers.PrimaryKeyRelatedField(queryset=DeclineGround.objects.all(), required=False, allow_null=True)
    convert_to = serializers.ChoiceField(choices=ConvertTarget.choices, required=False, allow_blank=True, default="")


class ProposalIdsSerializer(serializers.Serializer):
    proposals = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all(), many=True, required=False)


class AssignSerializer(serializers.Serializer):
    lead = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False, allow_null=True)
    co_units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)
    separate_units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)


class BulkAssignSerializer(AssignSerializer):
    proposals = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all(), many=True)


class BulkResultSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField())
    failed = serializers.ListField(child=serializers.DictField())


class InviteSerializer(serializers.Serializer):
    members = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), many=True)


class KeySerializer(serializers.Serializer):
    is_key = serializers.BooleanField(default=True)
    leaders = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX), required=False, default=list)
    meeting_date = serializers.DateField(required=False, allow_null=True)
    meeting_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class DisclosureSerializer(serializers.Serializer):
    consent = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   max_length=Proposal._meta.get_field("nondisclosure_reason").max_length)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class SimilarSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    score = serializers.FloatField()


class AttachmentSerializer(serializers.ModelSerializer):
    purpose_display = DisplayField(source="get_purpose_display")

    class Meta:
        model = Attachment
        fields = ["id", "proposal", "reply", "opinion", "purpose", "purpose_display", "original_name",
                  "content_type", "size", "uploaded_at"]


class AssignmentSerializer(AssignmentBriefSerializer):
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    proposal_number = serializers.CharField(source="proposal.number", read_only=True)
    original_due_date = serializers.DateField(read_only=True, allow_null=True, help_text="延期前的答复截止日期")

    class Meta(AssignmentBriefSerializer.Meta):
        fields = AssignmentBriefSerializer.Meta.fields + [
            "proposal", "proposal_title", "proposal_number", "assigned_at", "acknowledged_at", "original_due_date",
            "closed_at",
        ]


class AdjustmentInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.NOTE)
    suggested_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False, allow_null=True)


class ExtensionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.NOTE)
    requested_due_date = serializers.DateField()


class ContactInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    way = serializers.ChoiceField(choices=ContactWay.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class OpinionInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=limits.LONG_TEXT)
    file = serializers.FileField(required=False)


def _reply_max(name):
    return Reply._meta.get_field(name).max_length


class ReplyInputSerializer(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(queryset=ReplyCategory.objects.all())
    body = serializers.CharField(max_length=limits.LONG_TEXT)
    letter = serializers.FileField(required=False, help_text="答复函（PDF/DOCX）；不上传则按表单生成 DOCX")
    letter_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=_reply_max("letter_number"))
    signed_by = serializers.CharField(required=False, allow_blank=True, default="", max_length=_reply_max("signed_by"))
    contact_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=_reply_max("contact_name"))
    contact_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=_reply_max("contact_phone"))


class ReviewInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    category = serializers.PrimaryKeyRelatedField(queryset=ReplyCategory.objects.all(), required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class ReviewReportInputSerializer(serializers.Serializer):
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text="落实进度（%）")
    note = serializers.CharField(help_text="落实情况", max_length=limits.LONG_TEXT)


class RehandleInputSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="重新办理意见（承办单位可见）", max_length=limits.NOTE)
    rating = serializers.PrimaryKeyRelatedField(
        queryset=Rating.objects.all(), required=False, allow_null=True,
        help_text="依据：联名委员对该单位本轮答复的不满意评价（可选）",
    )


class RateInputSerializer(serializers.Serializer):
    attitude = serializers.ChoiceField(choices=Satisfaction.choices)
    relevance = serializers.ChoiceField(choices=Relevance.choices)
    result = serializers.ChoiceField(choices=Satisfaction.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class DecisionInputSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class AdjustmentDecisionSerializer(DecisionInputSerializer):
    new_unit = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), required=False, allow_null=True)


class ExtensionDecisionSerializer(DecisionInputSerializer):
    granted_due_date = serializers.DateField(required=False, allow_null=True)


class ContactLogSerializer(serializers.ModelSerializer):
    way_display = DisplayField(source="get_way_display")

    class Meta:
        model = ContactLog
        fields = ["id", "assignment", "date", "way", "way_display", "note", "created_at"]


class ReviewReportSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)

    class Meta:
        model = ReviewReport
        fields = ["id", "assignment", "unit_name", "round", "progress", "note", "reported_at"]


class OpinionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)

    class Meta:
        model = CoHandlerOpinion
        fields = ["id", "assignment", "unit_name", "body", "sent_at"]


class RatingSerializer(serializers.ModelSerializer):
    rater_name = serializers.CharField(source="rater.name", read_only=True)
    result_display = DisplayField(source="get_result_display")

    class Meta:
        model = Rating
        fields = ["id", "reply", "rater", "rater_name", "attitude", "relevance", "result", "result_display", "note",
                  "rated_at"]


class ReplySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)
    proposal = serializers.IntegerField(source="assignment.proposal_id", read_only=True)
    category_code = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    state_display = DisplayField(source="get_state_display")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "assignment", "proposal", "unit_name", "round", "category", "category_code", "category_name",
                  "body", "letter_number", "signed_by", "state", "state_display", "submitted_at", "reviewed_at",
                  "review_note", "attachments"]


class UnitRequestSerializer(serializers.ModelSerializer):
    """The common part of a unit's request to staff (see models.UnitRequest)."""

    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)
    proposal = serializers.IntegerField(source="assignment.proposal_id", read_only=True)
    COMMON_FIELDS = ["id", "assignment", "proposal", "unit_name", "reason", "state", "requested_at", "decided_at",
                     "decision_note"]


class AdjustmentRequestSerializer(UnitRequestSerializer):
    class Meta:
        model = AdjustmentRequest
        fields = [*UnitRequestSerializer.COMMON_FIELDS, "suggested_unit", "new_unit"]


class ExtensionRequestSerializer(UnitRequestSerializer):
    class Meta:
        model = ExtensionRequest
        fields = [*UnitRequestSerializer.COMMON_FIELDS, "requested_due_date", "granted_due_date"]


class PublicReplySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)
    category_code = serializers.CharField(source="category.code", read_only=True)

    class Meta:
        model = Reply
        fields = ["id", "unit_name", "round", "category_code", "body", "reviewed_at"]


class PublicProposalSerializer(serializers.ModelSerializer):
    proposer_name = serializers.CharField(source="proposer_display", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True, default="")
    state_display = DisplayField(source="get_state_display")
    replies = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = ["id", "number", "title", "category_name", "proposer_name", "reason", "suggestions", "state_display",
                  "accepted_at", "replies"]

    @extend_schema_field(PublicReplySerializer(many=True))
    def get_replies(self, obj):
        """Approved replies only: the view prefetches `assignments__replies` filtered to approved ones."""
        replies = [r for a in obj.assignments.all() for r in a.replies.all()]
        return PublicReplySerializer(replies, many=True).data


class TimelineRowSerializer(serializers.Serializer):
    """One row of a proposal's timeline (portal.models.StateChange) as the viewer may read it."""

    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None, help_text=_("空：系统自动"))
    subject = serializers.SerializerMethodField(help_text=_("proposal / assignment / cosignature"))
    object_id = serializers.IntegerField()
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()

    def get_subject(self, row) -> str:
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_id(row.content_type_id).model

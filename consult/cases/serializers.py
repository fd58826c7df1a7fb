"""Grassroots cases in the API. The case's serializer carries no contact details: the resident's name and
phone (and the tracking code) come only from the `contact` action, for the case's managers and claimants."""

from rest_framework import serializers

from members.models import Committee, Member, MemberGroup, ReceptionDuty
from portal import limits
from portal.api import DisplayField

from .enums import REGISTER_SOURCES, CaseGrade, CaseOutcome, CaseTheme
from .models import CaseClaim, CaseConsultation, CaseFollowUp, CommunityCase


class CaseClaimSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = CaseClaim
        fields = ["member", "member_name", "lead", "created_at"]


class CaseConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseConsultation
        fields = ["held_on", "place", "participants", "departments", "result"]


class CaseFollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseFollowUp
        fields = ["on", "note"]


class CaseSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    member_group_name = serializers.CharField(source="member_group.name", read_only=True, allow_null=True, default=None)
    community = serializers.CharField(source="member_group.community", read_only=True, allow_null=True, default=None)
    source_display = DisplayField(source="get_source_display")
    state_display = DisplayField(source="get_state_display")
    grade_display = DisplayField(source="get_grade_display")
    theme_display = DisplayField(source="get_theme_display")
    claims = CaseClaimSerializer(many=True, read_only=True)
    consultation = serializers.SerializerMethodField()
    follow_ups = CaseFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = CommunityCase
        fields = ["id", "committee", "committee_name", "member_group", "member_group_name", "community", "source",
                  "source_display", "title", "description", "state", "state_display", "grade", "grade_display",
                  "theme", "theme_display", "decline_reason", "outcome", "answer", "summary", "topic", "proposal", "claims",
                  "consultation", "follow_ups", "created_at", "archived_at"]

    def get_consultation(self, obj) -> CaseConsultationSerializer(allow_null=True):
        found = getattr(obj, "consultation", None)
        return CaseConsultationSerializer(found).data if found is not None else None


class CaseContactSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="查询码（群众凭它查看办理进展）")
    resident_name = serializers.CharField(allow_blank=True)
    resident_phone = serializers.CharField(allow_blank=True)


class CaseCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    member_group = serializers.PrimaryKeyRelatedField(queryset=MemberGroup.objects.all(), required=False, allow_null=True,
                                                      default=None)
    source = serializers.ChoiceField(choices=REGISTER_SOURCES)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=limits.LONG_TEXT)
    resident_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    resident_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    reception_duty = serializers.PrimaryKeyRelatedField(queryset=ReceptionDuty.objects.all(), required=False,
                                                        allow_null=True, default=None)


class CaseAcceptSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=CaseGrade.choices)
    theme = serializers.ChoiceField(choices=CaseTheme.choices)
    member_group = serializers.PrimaryKeyRelatedField(queryset=MemberGroup.objects.all(), required=False, allow_null=True,
                                                      default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class CaseDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.NOTE)


class CaseOfferSerializer(serializers.Serializer):
    member_group = serializers.PrimaryKeyRelatedField(queryset=MemberGroup.objects.all())


class CaseClaimRequestSerializer(serializers.Serializer):
    co_members = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), many=True, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class CaseConsultRequestSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    participants = serializers.CharField(max_length=limits.NOTE)
    departments = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)
    result = serializers.CharField(max_length=limits.LONG_TEXT)


class CaseFollowUpRequestSerializer(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField(max_length=limits.NOTE)


class CaseResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices)
    answer = serializers.CharField(max_length=limits.NOTE)


class CaseArchiveSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=limits.LONG_TEXT)

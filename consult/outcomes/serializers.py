"""Outcomes, sendings with the replies, and instructions in the API."""

from rest_framework import serializers

from members.models import HandlingUnit, Member
from portal import limits
from portal.api import DisplayField

from ..models import Instruction, Meeting, Outcome, OutcomeSending, Recommendation, RecommendationReply, Topic
from .enums import Adoption, OutcomeKind
from .services import MAX_RECOMMENDATIONS


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "number", "text"]


class OutcomeSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    outcome_kind = serializers.ChoiceField(source="kind", choices=OutcomeKind.choices, read_only=True)
    kind_display = DisplayField(source="get_kind_display")
    state_display = DisplayField(source="get_state_display")
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Outcome
        fields = ["id", "committee", "committee_name", "meeting", "topic", "outcome_kind", "kind_display", "title", "text",
                  "state", "state_display", "sent_at", "recommendations", "created_at"]


class OutcomeCreateSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)
    topic = serializers.PrimaryKeyRelatedField(queryset=Topic.objects.all(), required=False, allow_null=True)
    outcome_kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=limits.LONG_TEXT)
    recommendations = serializers.ListField(child=serializers.CharField(max_length=limits.NOTE), required=False,
                                            max_length=MAX_RECOMMENDATIONS, default=list)


class SendSerializer(serializers.Serializer):
    units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True)
    note = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")


class AdoptionSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="recommendation.number", read_only=True)
    adoption_display = DisplayField(source="get_adoption_display")

    class Meta:
        model = RecommendationReply
        fields = ["recommendation", "number", "adoption", "adoption_display", "measures"]


class SendingSerializer(serializers.ModelSerializer):
    outcome_title = serializers.CharField(source="outcome.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    state_display = DisplayField(source="get_state_display")
    due_date = serializers.DateField(read_only=True, allow_null=True, help_text="答复截止日期（取自答复办理时限）")
    adoptions = AdoptionSerializer(many=True, read_only=True)

    class Meta:
        model = OutcomeSending
        fields = ["id", "outcome", "outcome_title", "unit", "unit_name", "state", "state_display", "sent_at", "due_date",
                  "measures", "replied_at", "adoptions", "lookback_report"]


class AdoptionInputSerializer(serializers.Serializer):
    recommendation = serializers.PrimaryKeyRelatedField(queryset=Recommendation.objects.all())
    adoption = serializers.ChoiceField(choices=Adoption.choices)
    measures = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")


class SendingReplySerializer(serializers.Serializer):
    measures = serializers.CharField(max_length=limits.LONG_TEXT)
    adoptions = AdoptionInputSerializer(many=True)


class LookbackInputSerializer(serializers.Serializer):
    report = serializers.CharField(max_length=limits.LONG_TEXT)


class InstructionSerializer(serializers.ModelSerializer):
    outcome_title = serializers.CharField(source="outcome.title", read_only=True)
    units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Instruction
        fields = ["id", "outcome", "outcome_title", "leader", "instructed_on", "text", "units", "created_at"]


class InstructionCreateSerializer(serializers.Serializer):
    outcome = serializers.PrimaryKeyRelatedField(queryset=Outcome.objects.all())
    leader = serializers.CharField(max_length=100)
    instructed_on = serializers.DateField()
    text = serializers.CharField(max_length=limits.NOTE)
    units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True)


class ToReportSerializer(serializers.Serializer):
    """转为社情民意信息: the recommendations of this outcome (ids) and the member in whose name it is submitted."""

    recommendations = serializers.PrimaryKeyRelatedField(queryset=Recommendation.objects.all(), many=True,
                                                         help_text="本成果的建议条目 id")
    submitter = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), help_text="报送人：本政协的在册委员 id")

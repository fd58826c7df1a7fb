"""Topics and research in the API: output shapes, and the input of each action (the services decide)."""

from rest_framework import serializers

from members.models import Committee, HandlingUnit, Member, SectorGroup, SpecialCommittee
from members.scopes import phone_for
from portal import limits
from portal.api import DisplayField

from ..meetings.enums import MeetingType
from ..models import ConsultationPlan, Research, Topic
from .enums import ResearchKind, TopicSource

LONG = dict(required=False, allow_blank=True, default="", max_length=limits.LONG_TEXT)


class TopicSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    source_display = DisplayField(source="get_source_display")
    state_display = DisplayField(source="get_state_display")
    proposer_name = serializers.CharField(source="proposer_display", read_only=True)
    resident_phone = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["id", "committee", "committee_name", "title", "source", "source_display", "reason", "policy_basis",
                  "situation", "problems", "directions", "proposer", "proposer_name", "resident_name", "resident_phone",
                  "state", "state_display", "drop_reason", "created_at", "updated_at"]

    def get_resident_phone(self, obj) -> str:
        request = self.context.get("request")
        return phone_for(request.user, obj.resident_phone) if request else ""


class PrestudySerializer(serializers.Serializer):
    reason = serializers.CharField(**LONG)
    policy_basis = serializers.CharField(**LONG)
    situation = serializers.CharField(**LONG)
    problems = serializers.CharField(**LONG)
    directions = serializers.CharField(**LONG)


class PrestudyUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=limits.LONG_TEXT)
    policy_basis = serializers.CharField(required=False, allow_blank=True, max_length=limits.LONG_TEXT)
    situation = serializers.CharField(required=False, allow_blank=True, max_length=limits.LONG_TEXT)
    problems = serializers.CharField(required=False, allow_blank=True, max_length=limits.LONG_TEXT)
    directions = serializers.CharField(required=False, allow_blank=True, max_length=limits.LONG_TEXT)


class TopicCreateSerializer(PrestudySerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all(), required=False, allow_null=True,
                                                   help_text="机关录入时必填；委员荐题为本人所在政协")
    title = serializers.CharField(max_length=200)
    source = serializers.ChoiceField(choices=TopicSource.choices, default=TopicSource.MEMBER)
    proposer = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), required=False, allow_null=True)
    resident_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    resident_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class ApproveSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ConsultationPlan.objects.all())
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True)
    lead_special_committee = serializers.PrimaryKeyRelatedField(queryset=SpecialCommittee.objects.all(), required=False,
                                                                allow_null=True)
    lead_sector_group = serializers.PrimaryKeyRelatedField(queryset=SectorGroup.objects.all(), required=False,
                                                           allow_null=True)
    units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class ResearchSerializer(serializers.ModelSerializer):
    research_kind = serializers.ChoiceField(source="kind", choices=ResearchKind.choices, read_only=True)
    kind_display = DisplayField(source="get_kind_display")
    topic_title = serializers.CharField(source="topic.title", read_only=True)
    participants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Research
        fields = ["id", "committee", "topic", "topic_title", "research_kind", "kind_display", "start_date", "end_date", "places",
                  "participants", "report", "created_at"]


class ResearchCreateSerializer(serializers.Serializer):
    topic = serializers.PrimaryKeyRelatedField(queryset=Topic.objects.all())
    research_kind = serializers.ChoiceField(source="kind", choices=ResearchKind.choices, default=ResearchKind.RESEARCH)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    places = serializers.CharField(max_length=300)
    participants = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), many=True)
    report = serializers.CharField(max_length=limits.LONG_TEXT)

"""The annual plan in the API: plans with their items, the frequency standing, and the inputs."""

from rest_framework import serializers

from members.models import Committee, HandlingUnit, SectorGroup, SpecialCommittee
from portal import limits
from portal.api import DisplayField

from ..meetings.enums import MeetingType
from ..models import ConsultationPlan, PlanItem


class PlanItemSerializer(serializers.ModelSerializer):
    meeting_type_display = DisplayField(source="get_meeting_type_display")
    when = serializers.CharField(read_only=True)
    units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "topic", "title", "meeting_type", "meeting_type_display", "quarter", "month", "when",
                  "lead_special_committee", "lead_sector_group", "units"]


class PlanSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    items = PlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = ConsultationPlan
        fields = ["id", "committee", "committee_name", "year", "title", "note", "items", "created_at"]


class PlanCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")


class PlanItemCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True)
    lead_special_committee = serializers.PrimaryKeyRelatedField(queryset=SpecialCommittee.objects.all(), required=False,
                                                                allow_null=True)
    lead_sector_group = serializers.PrimaryKeyRelatedField(queryset=SectorGroup.objects.all(), required=False,
                                                           allow_null=True)
    units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True, required=False)


class StandingLineSerializer(serializers.Serializer):
    meeting_type = serializers.CharField(help_text="协商形式（空：各类协商合计）")
    label = serializers.CharField()
    required = serializers.IntegerField(help_text="每年至少次数")
    planned = serializers.IntegerField(help_text="计划次数")
    held = serializers.IntegerField(help_text="已召开次数")
    next_planned = serializers.CharField(help_text="下一次未召开的计划时间")
    plan_meets = serializers.BooleanField()
    done = serializers.BooleanField()
    progress = serializers.CharField()


class StandingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    plan_meets = serializers.BooleanField(help_text="计划是否满足频次要求")
    done = serializers.BooleanField(help_text="是否已全部召开")
    shortfalls = serializers.ListField(child=serializers.CharField())
    lines = StandingLineSerializer(many=True)

"""社情民意信息 in the API: what each list shows, and the small request bodies of the actions (every text
bounded by portal.limits)."""

from rest_framework import serializers

from members.models import Committee, HandlingUnit
from portal import limits
from portal.api import DisplayField

from ..models import Bulletin, LevelAdoption, OpinionReport, ReportForward, ReportInstruction, ReportSending
from .enums import MAX_REPLY_MONTHS, BulletinKind, Level, SendTarget


class LevelAdoptionSerializer(serializers.ModelSerializer):
    adoption_level = serializers.ChoiceField(source="level", choices=Level.choices, read_only=True)
    level_display = DisplayField(source="get_level_display")

    class Meta:
        model = LevelAdoption
        fields = ["adoption_level", "level_display", "adopted_on", "adopted_by"]


class ReportSendingSerializer(serializers.ModelSerializer):
    target_display = DisplayField(source="get_target_display")

    class Meta:
        model = ReportSending
        fields = ["target", "target_display", "recipient", "sent_on"]


class ReportInstructionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportInstruction
        fields = ["leader", "instructed_on", "text", "departments"]


class ReportSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    submitter_name = serializers.CharField(source="submitter.name", read_only=True)
    state_display = DisplayField(source="get_state_display")
    levels = LevelAdoptionSerializer(source="level_adoptions", many=True, read_only=True)
    sendings = ReportSendingSerializer(many=True, read_only=True)
    instructions = ReportInstructionSerializer(many=True, read_only=True)

    class Meta:
        model = OpinionReport
        fields = ["id", "committee", "committee_name", "submitter", "submitter_name", "title", "content", "edited_title",
                  "edited_content", "state", "state_display", "decision_note", "merged_into", "bulletin",
                  "submitted_at", "decided_at", "created_at", "levels", "sendings", "instructions"]


class ReportWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=limits.LONG_TEXT)
    submit = serializers.BooleanField(required=False, default=False, help_text="true：立即报送；false：保存为草稿")


class EditSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=limits.LONG_TEXT)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class ReportMergeSerializer(serializers.Serializer):
    others = serializers.PrimaryKeyRelatedField(queryset=OpinionReport.objects.all(), many=True,
                                                help_text="要合并到本条的信息（本政协组织待处理的信息）")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class SendUpSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=SendTarget.choices)
    recipient = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    sent_on = serializers.DateField()


class LevelSerializer(serializers.Serializer):
    adoption_level = serializers.ChoiceField(choices=Level.choices, help_text="county 区县 / city 市 / province 省 / national 全国")
    adopted_on = serializers.DateField()
    adopted_by = serializers.CharField(max_length=100)


class InstructSerializer(serializers.Serializer):
    leader = serializers.CharField(max_length=100)
    instructed_on = serializers.DateField()
    text = serializers.CharField(max_length=limits.NOTE)
    departments = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ForwardSerializer(serializers.Serializer):
    units = serializers.PrimaryKeyRelatedField(queryset=HandlingUnit.objects.all(), many=True)
    reply_months = serializers.IntegerField(min_value=1, max_value=MAX_REPLY_MONTHS, required=False, default=1)


class BulletinSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    bulletin_kind = serializers.ChoiceField(source="kind", choices=BulletinKind.choices, read_only=True)
    kind_display = DisplayField(source="get_kind_display")
    state_display = DisplayField(source="get_state_display")
    reports = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Bulletin
        fields = ["id", "committee", "committee_name", "bulletin_kind", "kind_display", "year", "number", "title", "state",
                  "state_display", "published_at", "created_at", "reports"]


class BulletinCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    bulletin_kind = serializers.ChoiceField(choices=BulletinKind.choices, help_text="special 专报 / journal 期刊")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100, help_text="默认今年；只能是今年或去年")


class CompileSerializer(serializers.Serializer):
    reports = serializers.PrimaryKeyRelatedField(queryset=OpinionReport.objects.all(), many=True)


class ForwardRecordSerializer(serializers.ModelSerializer):
    report_title = serializers.CharField(source="report.shown_title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    state_display = DisplayField(source="get_state_display")
    due_date = serializers.DateField(read_only=True, allow_null=True, help_text="答复时限（来自督办事项）")

    class Meta:
        model = ReportForward
        fields = ["id", "report", "report_title", "unit", "unit_name", "state", "state_display", "sent_at", "due_date",
                  "reply", "replied_at"]


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=limits.LONG_TEXT)


class ReasonSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=limits.NOTE, help_text="理由（必填，报送人可见）")

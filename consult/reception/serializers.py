"""委员接待日 in the API: studios (staff write through the services), reception days, duties and swaps."""

from rest_framework import serializers

from members.enums import StudioKind
from members.models import Committee, Member, ReceptionDuty, Sector, Studio
from portal import limits
from portal.api import DisplayField

from .enums import MAX_ISSUES
from .models import MAX_VISITORS, DutySwap, ReceptionDay, ReceptionIssue


class ReceptionStudioSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    kind_display = DisplayField(source="get_kind_display")
    members = serializers.SerializerMethodField()

    class Meta:
        model = Studio
        fields = ["id", "committee", "committee_name", "name", "kind", "kind_display", "address", "opening_hours",
                  "phone", "sector", "active", "reception_day", "duty_size", "members"]

    def get_members(self, obj) -> list[int]:
        return sorted(m.pk for m in obj.members.all())


class ReceptionStudioWriteSerializer(serializers.Serializer):
    """Create: committee and name required; update (PATCH): any field; `members` replaces the list."""

    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=StudioKind.choices, required=False)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    opening_hours = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.all(), required=False, allow_null=True)
    active = serializers.BooleanField(required=False)
    reception_day = serializers.IntegerField(min_value=1, max_value=28, required=False)
    duty_size = serializers.IntegerField(min_value=2, max_value=3, required=False, help_text="2 或 3")
    members = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), many=True, required=False,
                                                 help_text="入驻委员 id（最多 200 人）")


class ReceptionStudioUpdateSerializer(ReceptionStudioWriteSerializer):
    committee = None
    name = serializers.CharField(max_length=100, required=False)


class RosterGenerateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class RosterResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    removed = serializers.IntegerField()
    kept = serializers.IntegerField()


class ReceptionDutySerializer(serializers.ModelSerializer):
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    state_display = DisplayField(source="get_state_display")

    class Meta:
        model = ReceptionDuty
        fields = ["id", "studio", "studio_name", "member", "member_name", "date", "state", "state_display",
                  "confirmed_at", "note"]


class ReceptionIssueSerializer(serializers.ModelSerializer):
    """An issue raised on the day, without the resident's name and phone: they go with the grassroots case it
    becomes (consult.cases, shown there only to the case's convenor, claimants and staff), never in a list
    of days every member of the studio and every reader of the committee sees. The day's page shows the
    same fields."""

    class Meta:
        model = ReceptionIssue
        fields = ["id", "title", "description", "case_id"]


class ReceptionDaySerializer(serializers.ModelSerializer):
    studio_name = serializers.CharField(source="studio.name", read_only=True)
    state_display = DisplayField(source="get_state_display")
    issues = ReceptionIssueSerializer(many=True, read_only=True)

    class Meta:
        model = ReceptionDay
        fields = ["id", "studio", "studio_name", "date", "state", "state_display", "visitors", "summary",
                  "recorded_at", "issues"]


class ReceptionIssueInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=limits.LONG_TEXT)
    resident_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    resident_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class ReceptionRecordSerializer(serializers.Serializer):
    visitors = serializers.IntegerField(min_value=0, max_value=MAX_VISITORS)
    summary = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="")
    issues = ReceptionIssueInputSerializer(many=True, required=False, max_length=MAX_ISSUES)
    absent = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False,
                                   max_length=10, help_text="未到岗的值班记录 id")


class DutySwapRequestSerializer(serializers.Serializer):
    other_duty = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="对方委员的值班记录 id")
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DutySwapSerializer(serializers.ModelSerializer):
    state_display = DisplayField(source="get_state_display")
    requester_name = serializers.CharField(source="requester.name", read_only=True)
    other_member_name = serializers.CharField(source="other_member.name", read_only=True)

    class Meta:
        model = DutySwap
        fields = ["id", "duty", "other_duty", "requester", "requester_name", "other_member", "other_member_name",
                  "state", "state_display", "reason", "decision_note", "created_at"]

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api import DisplayField

from .models import CalendarDay, CalendarYear, Notification, Obligation, ReminderPolicy
from .schedule import parse_channels, parse_days


class ObligationSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    kind_display = DisplayField(source="get_kind_display")
    state_display = DisplayField(source="get_state_display")
    owner_display = serializers.CharField(read_only=True)
    days_overdue = serializers.IntegerField(read_only=True)
    title = serializers.CharField(source="display_title", read_only=True, help_text=_("事项（按读者的语言）"))

    class Meta:
        model = Obligation
        fields = [
            "id", "committee", "committee_name", "kind", "kind_display", "title", "owner_kind", "owner_unit",
            "owner_member", "owner_display", "start_date", "due_date", "original_due_date", "state",
            "state_display", "days_overdue", "met_at", "next_reminder_at", "url", "created_at",
        ]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()
    title = serializers.CharField(source="display_title", read_only=True, help_text=_("标题（按读者的语言）"))
    body = serializers.CharField(source="display_body", read_only=True, help_text=_("内容（按读者的语言）"))

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class CalendarDaySerializer(serializers.ModelSerializer):
    provisional = serializers.SerializerMethodField(help_text=_("该年份的放假安排尚未按通知确认（按规则推算）"))

    class Meta:
        model = CalendarDay
        fields = ["id", "date", "is_workday", "name", "provisional"]

    def get_provisional(self, obj) -> bool:
        confirmed = self.context.get("_confirmed_years")
        if confirmed is None:  # once per response
            confirmed = self.context["_confirmed_years"] = set(
                CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
        return obj.date.year not in confirmed


def _parsed(parse):
    def validate(self, value):
        try:
            parse(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value

    return validate


class ReminderPolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReminderPolicy
        fields = ["id", "committee", "kind", "days_before", "on_due_day", "overdue_every_days", "escalate", "channels"]
        validators = []  # the unique (committee, kind) pair is checked below with a Chinese message

    validate_days_before = _parsed(parse_days)
    validate_channels = _parsed(parse_channels)

    def validate(self, attrs):
        committee = attrs.get("committee", getattr(self.instance, "committee", None))
        kind = attrs.get("kind", getattr(self.instance, "kind", ""))
        clash = ReminderPolicy.objects.filter(committee=committee, kind=kind)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(_("该政协组织和事项类型已有提醒规则。"))
        return attrs

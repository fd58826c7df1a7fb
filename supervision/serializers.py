from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import CalendarDay, Notification, Obligation, ReminderPolicy
from .schedule import parse_channels, parse_days


class ObligationSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    owner_display = serializers.CharField(read_only=True)
    days_overdue = serializers.IntegerField(read_only=True)

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

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "is_workday", "name"]


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

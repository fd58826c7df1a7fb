"""Plenary speeches in the API."""

from rest_framework import serializers

from portal import limits
from portal.api import DisplayField

from ..models import Meeting, Speech
from .enums import SpeechKind


class SpeechSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    speech_kind = serializers.ChoiceField(source="kind", choices=SpeechKind.choices, read_only=True)
    kind_display = DisplayField(source="get_kind_display")
    state_display = DisplayField(source="get_state_display")

    class Meta:
        model = Speech
        fields = ["id", "meeting", "meeting_title", "member", "member_name", "speech_kind", "kind_display", "title", "text",
                  "state", "state_display", "decision_note", "created_at"]


class SpeechCreateSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), help_text="全体会议")
    speech_kind = serializers.ChoiceField(choices=SpeechKind.choices, help_text="oral 上台发言 / written 书面发言")
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=limits.LONG_TEXT)

"""Meetings, invitations and attendance in the API."""

from rest_framework import serializers

from members.models import Committee, Member
from portal import limits
from portal.api import DisplayField

from ..models import Attendance, Invitation, Meeting, PlanItem, Topic
from .enums import AttendanceStatus, MeetingMode, MeetingType


class MeetingSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    topic_title = serializers.CharField(source="topic.title", read_only=True, default="")
    meeting_type_display = DisplayField(source="get_meeting_type_display")
    mode_display = DisplayField(source="get_mode_display")
    state_display = DisplayField(source="get_state_display")

    class Meta:
        model = Meeting
        fields = ["id", "committee", "committee_name", "topic", "topic_title", "plan_item", "title", "meeting_type",
                  "meeting_type_display", "mode", "mode_display", "starts_at", "ends_at", "venue", "video_url",
                  "signup_open", "state", "state_display", "cancel_reason", "created_at"]


class MeetingCreateSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    title = serializers.CharField(max_length=200)
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices)
    mode = serializers.ChoiceField(choices=MeetingMode.choices, default=MeetingMode.HALL)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_url = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                      help_text="线上会议的视频会议链接（https://）")
    signup_open = serializers.BooleanField(required=False, default=False)
    topic = serializers.PrimaryKeyRelatedField(queryset=Topic.objects.all(), required=False, allow_null=True)
    plan_item = serializers.PrimaryKeyRelatedField(queryset=PlanItem.objects.all(), required=False, allow_null=True)


class MeetingInviteSerializer(serializers.Serializer):
    members = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), many=True)
    compulsory = serializers.BooleanField(required=False, default=True, help_text="必须参加（否则为报名参加）")


class AttendanceInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all())
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="",
                                   help_text="更正已有记录时必填")


class InvitationSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    starts_at = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    state_display = DisplayField(source="get_state_display")

    class Meta:
        model = Invitation
        fields = ["id", "meeting", "meeting_title", "starts_at", "member", "member_name", "compulsory", "state",
                  "state_display", "leave_reason", "decision_note", "answered_at", "created_at"]


class LeaveDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=limits.NOTE, required=False, allow_blank=True, default="",
                                 help_text="不准假时必填")


class AttendanceSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    status_display = DisplayField(source="get_status_display")

    class Meta:
        model = Attendance
        fields = ["id", "meeting", "meeting_title", "member", "member_name", "status", "status_display", "corrected",
                  "note", "recorded_at"]

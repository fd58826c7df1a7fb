"""Meetings, invitations and attendance in the API."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError

from members.scopes import scope_for

from .. import selectors
from ..api import ERRORS, ConsultViewSet, responses, run, valid, visible
from ..fields import ConsultNoteSerializer, ConsultReasonSerializer
from ..filters import AttendanceFilter, InvitationFilter, MeetingFilter
from . import serializers, services

MEETING = serializers.MeetingSerializer
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
INVITATION = serializers.InvitationSerializer


class MeetingViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """协商活动：筹备、邀请委员、发出通知、记录出勤、标记已召开（不调研不协商）、取消；委员报名。"""

    visible_to = staticmethod(selectors.meetings_visible_to)
    serializer_class = MEETING
    filterset_class = MeetingFilter
    select_related = ("committee", "topic")
    ordering_fields = ["starts_at"]
    ordering = ("-starts_at", "-id")

    @extend_schema(request=serializers.MeetingCreateSerializer, responses=responses(MEETING, 201))
    def create(self, request, *args, **kwargs):
        data = valid(serializers.MeetingCreateSerializer, request)
        visible(selectors.topics_visible_to, request, data.get("topic"), "topic", _("找不到所选的议题。"))
        return self.answer(run(services.create_meeting, actor=request.user, **data), status.HTTP_201_CREATED)

    def _act(self, fn, **kwargs):
        meeting = self.get_object()
        run(fn, meeting=meeting, actor=self.request.user, **kwargs)
        return self.answer(meeting)

    @extend_schema(request=serializers.MeetingInviteSerializer, responses=responses(MEETING))
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """邀请委员（必须参加或报名参加）。"""
        return self._act(services.invite, **valid(serializers.MeetingInviteSerializer, request))

    @extend_schema(request=ConsultNoteSerializer, responses=responses(MEETING))
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        """发出通知：受邀委员须在会前答复。"""
        return self._act(services.notify, **valid(ConsultNoteSerializer, request))

    @extend_schema(request=ConsultNoteSerializer, responses=responses(MEETING))
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """标记为已召开（有议题的须已有调研或视察记录）。"""
        return self._act(services.hold, **valid(ConsultNoteSerializer, request))

    @extend_schema(request=ConsultReasonSerializer, responses=responses(MEETING))
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """取消会议（须说明原因）。"""
        return self._act(services.cancel, **valid(ConsultReasonSerializer, request))

    @extend_schema(request=serializers.AttendanceInputSerializer, responses=responses(serializers.AttendanceSerializer))
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """记录或更正（须说明原因）受邀委员的出勤。"""
        from rest_framework.response import Response

        row = run(services.record_attendance, meeting=self.get_object(), actor=request.user,
                  **valid(serializers.AttendanceInputSerializer, request))
        return Response(serializers.AttendanceSerializer(row).data)

    @extend_schema(request=None, responses=responses(INVITATION, 201))
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        """委员报名参加开放报名的活动。"""
        from rest_framework.response import Response

        invitation = run(services.sign_up, meeting=self.get_object(), actor=request.user)
        return Response(INVITATION(invitation).data, status=status.HTTP_201_CREATED)

    def _document(self, request, make, what, refusal=None):
        from portal.audit import audit_export

        from ..downloads import docx_response

        meeting = self.get_object()
        if refusal is not None:
            reason = refusal(request.user, meeting)
            if reason:
                raise PermissionDenied(reason)
        elif not scope_for(request.user).can_manage(meeting.committee):
            raise PermissionDenied(_("只有本级政协机关工作人员可以下载会议通知和纪要。"))
        content, filename, count = make(meeting)
        audit_export(request, f"{what}《{meeting.title}》", count)
        return docx_response(content, filename)

    @extend_schema(responses={(200, DOCX): OpenApiTypes.BINARY, **ERRORS})
    @action(detail=True, methods=["get"])
    def notice(self, request, pk=None):
        """会议通知（DOCX，GB/T 9704 公文格式；本级机关工作人员随时可下载，通知发出后本级机关、领导和受邀委员也可下载；记入审计日志）。"""
        from ..downloads import notice_file, notice_refusal

        def make(meeting):
            return (*notice_file(meeting, request.user), meeting.invitations.count())

        return self._document(request, make, "会议通知", refusal=notice_refusal)

    @extend_schema(responses={(200, DOCX): OpenApiTypes.BINARY, **ERRORS})
    @action(detail=True, methods=["get"])
    def minutes(self, request, pk=None):
        """会议纪要（DOCX；会议召开后；本级机关工作人员；记入审计日志）。"""
        from ..downloads import NotHeld, minutes_file, not_held_message

        def make(meeting):
            try:
                return (*minutes_file(meeting), meeting.attendance.count())
            except NotHeld:
                raise ValidationError({"detail": not_held_message(meeting)}) from None

        return self._document(request, make, "会议纪要")


class InvitationViewSet(ConsultViewSet):
    """参会邀请：委员答复、请假；机关审批请假。"""

    visible_to = staticmethod(selectors.invitations_visible_to)
    serializer_class = INVITATION
    filterset_class = InvitationFilter
    select_related = ("meeting", "member")
    ordering_fields = ["created_at"]
    ordering = ("-id",)

    def _act(self, fn, **kwargs):
        invitation = self.get_object()
        run(fn, invitation=invitation, actor=self.request.user, **kwargs)
        return self.answer(invitation)

    @extend_schema(request=None, responses=responses(INVITATION))
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """确认参加。"""
        return self._act(services.accept)

    @extend_schema(request=None, responses=responses(INVITATION))
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """不参加（仅报名参加的活动；必须参加的请请假）。"""
        return self._act(services.decline)

    @extend_schema(request=ConsultReasonSerializer, responses=responses(INVITATION))
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """请假（须说明事由；每年次数有上限）。"""
        return self._act(services.ask_leave, **valid(ConsultReasonSerializer, request))

    @extend_schema(request=serializers.LeaveDecisionSerializer, responses=responses(INVITATION))
    @action(detail=True, methods=["post"], url_path="decide-leave")
    def decide_leave(self, request, pk=None):
        """机关审批请假（不准假须说明理由）。"""
        return self._act(services.decide_leave, **valid(serializers.LeaveDecisionSerializer, request))


class AttendanceViewSet(ConsultViewSet):
    """出勤记录（出席、线上出席、请假、缺席）。"""

    visible_to = staticmethod(selectors.attendance_visible_to)
    serializer_class = serializers.AttendanceSerializer
    filterset_class = AttendanceFilter
    select_related = ("meeting", "member")
    ordering = ("-id",)


def register(router):
    router.register("consult-meetings", MeetingViewSet, basename="consult-meeting")
    router.register("consult-invitations", InvitationViewSet, basename="consult-invitation")
    router.register("consult-attendance", AttendanceViewSet, basename="consult-attendance")

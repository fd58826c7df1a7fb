"""Meetings (协商活动), invitations of members (with leave requests) and attendance per person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import AttendanceStatus, InvitationState, MeetingMode, MeetingState, MeetingType


class Meeting(models.Model):
    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="consult_meetings")
    topic = models.ForeignKey("consult.Topic", verbose_name=_("议题"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="meetings")
    plan_item = models.ForeignKey("consult.PlanItem", verbose_name=_("计划事项"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=200)
    meeting_type = models.CharField(_("协商形式"), max_length=16, choices=MeetingType.choices)
    mode = models.CharField(_("方式"), max_length=16, choices=MeetingMode.choices, default=MeetingMode.HALL)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    video_url = models.CharField(_("视频会议链接"), max_length=300, blank=True, help_text=_("https:// 开头"))
    signup_open = models.BooleanField(_("开放报名"), default=False, help_text=_("委员可自行报名参加"))
    state = models.CharField(_("状态"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED,
                             db_index=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True, max_length=limits.NOTE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("协商活动")
        verbose_name_plural = _("协商活动")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["committee", "starts_at"], name="consult_meeting_start")]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """A member invited to a meeting (必须参加) or signed up (报名参加); their answer or leave request."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="consult_invitations")
    compulsory = models.BooleanField(_("必须参加"), default=True)
    state = models.CharField(_("状态"), max_length=16, choices=InvitationState.choices,
                             default=InvitationState.INVITED, db_index=True)
    leave_reason = models.TextField(_("请假事由"), blank=True, max_length=limits.NOTE)
    decision_note = models.TextField(_("审批意见"), blank=True, max_length=limits.NOTE)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("参会邀请")
        verbose_name_plural = _("参会邀请")
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="consult_invitation_unique")]
        indexes = [models.Index(fields=["member", "state"], name="consult_invitation_member")]

    def __str__(self):
        return f"{self.member} · {self.meeting}"


class Attendance(models.Model):
    """Who attended, per person (present, online, on leave, absent); staff correct it with a reason."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("协商活动"), on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="consult_attendance")
    status = models.CharField(_("出勤"), max_length=16, choices=AttendanceStatus.choices)
    corrected = models.BooleanField(_("经更正"), default=False)
    note = models.TextField(_("更正原因"), blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)

    class Meta:
        verbose_name = _("出勤记录")
        verbose_name_plural = _("出勤记录")
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="consult_attendance_unique")]
        indexes = [models.Index(fields=["member", "status"], name="consult_attendance_member")]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"

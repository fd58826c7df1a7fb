"""Meetings (协商活动): types, modes, states, invitations and attendance, with their action tables (leaf)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.workflow import Action


class MeetingType(models.TextChoices):
    """DESIGN §2.2, and 湖州's 1246+X (the leaders' 面对面 consultation is one of its kinds)."""

    PLENARY = "plenary", _("全体会议")
    FACE_TO_FACE = "face_to_face", _("党政领导与委员面对面协商")
    STANDING = "standing", _("常委会议专题协商")
    SPECIAL = "special", _("专题协商")
    COUNTERPART = "counterpart", _("对口协商")
    SECTOR = "sector", _("界别协商")
    PROPOSAL = "proposal", _("提案办理协商")
    BIMONTHLY = "bimonthly", _("双月座谈")
    INVITE_YOU = "invite_you", _("请你来协商")
    LIVELIHOOD = "livelihood", _("民生议事堂")
    GRASSROOTS = "grassroots", _("基层协商/微协商")


class MeetingMode(models.TextChoices):
    HALL = "hall", _("会场")
    SITE = "site", _("现场")
    ONLINE = "online", _("线上")
    HYBRID = "hybrid", _("线上+线下")


ONLINE_MODES = {MeetingMode.ONLINE, MeetingMode.HYBRID}


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    NOTIFIED = "notified", _("已通知")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


M = MeetingState

MEETING_ACTIONS = {
    "notify": Action({M.PLANNED}, M.NOTIFIED, _("发出通知")),
    "hold": Action({M.NOTIFIED}, M.HELD, _("标记为已召开")),
    "cancel": Action({M.PLANNED, M.NOTIFIED}, M.CANCELLED, _("取消会议")),
}


class InvitationState(models.TextChoices):
    INVITED = "invited", _("待答复")
    ACCEPTED = "accepted", _("参加")
    DECLINED = "declined", _("不参加")
    LEAVE_REQUESTED = "leave_requested", _("请假待审批")
    LEAVE_APPROVED = "leave_approved", _("已准假")
    LEAVE_REFUSED = "leave_refused", _("不准假")


i = InvitationState

# Leave counted against the yearly cap: asked (pending) and granted.
LEAVE_COUNTED = {i.LEAVE_REQUESTED, i.LEAVE_APPROVED}

INVITATION_ACTIONS = {
    "accept": Action({i.INVITED, i.LEAVE_REFUSED}, i.ACCEPTED, _("确认参加")),
    "decline": Action({i.INVITED}, i.DECLINED, _("不参加")),
    "ask_leave": Action({i.INVITED, i.ACCEPTED}, i.LEAVE_REQUESTED, _("请假")),
    "approve_leave": Action({i.LEAVE_REQUESTED}, i.LEAVE_APPROVED, _("准假"), log="decide_leave"),
    "refuse_leave": Action({i.LEAVE_REQUESTED}, i.LEAVE_REFUSED, _("不准假"), log="decide_leave"),
}


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    ONLINE = "online", _("线上出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")

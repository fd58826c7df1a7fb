"""Signing in to a meeting: the QR code shown at the venue, and online attendance.

The code encodes a URL with a token signed for one meeting (django.core.signing, salted): it names the
meeting and its start, so another meeting's code, a forged one, or one printed before the meeting was
moved is refused. Signing in is open from an hour before the start to the end (`window`); the member
who opens the link is recorded present — only themselves, only for that meeting, only in the window.
Online meetings (线上, 线上+线下) have a "我已在线参会" action recording 线上出席 in the same window.
Every refusal is a ConsultError with a clear message, and nothing is recorded."""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.audit import record_transition

from ..common import member_of
from ..errors import ConsultError
from ..models import Attendance, Meeting
from .enums import ONLINE_MODES, AttendanceStatus, MeetingState

SALT = "consult.meeting.checkin"
OPENS_BEFORE = dt.timedelta(hours=1)
SIGNED_IN = {AttendanceStatus.PRESENT, AttendanceStatus.ONLINE}


def window(meeting):
    """(opens, closes): signing in is possible from an hour before the start until the end."""
    return meeting.starts_at - OPENS_BEFORE, meeting.ends_at


def make_token(meeting):
    """The token of the meeting's QR code (the same for the whole meeting; a new one if it is moved)."""
    return _signer().sign_object({"m": meeting.pk, "s": int(meeting.starts_at.timestamp())}, compress=True)


def _signer():
    # Signer, not signing.dumps: dumps adds the time of signing, and the code would change every second.
    return signing.Signer(salt=SALT)


def _read_token(token):
    try:
        value = _signer().unsign_object(token or "")
    except signing.BadSignature:
        value = None
    if not isinstance(value, dict) or not isinstance(value.get("m"), int) or not isinstance(value.get("s"), int):
        raise ConsultError(_("签到二维码无效：请扫描会场展示的签到二维码。"), code="bad_token")
    return value


def meeting_for_token(pk, token):
    """The meeting a scanned code is for, or a ConsultError (forged code, another meeting's, an outdated one)."""
    value = _read_token(token)
    if value["m"] != pk:
        raise ConsultError(_("这是另一场活动的签到二维码，不能用于本次活动签到。"), code="other_meeting")
    meeting = Meeting.objects.select_related("committee").filter(pk=pk).first()
    if meeting is None:
        raise ConsultError(_("签到二维码无效：请扫描会场展示的签到二维码。"), code="bad_token")
    if value["s"] != int(meeting.starts_at.timestamp()):
        raise ConsultError(_("会议时间已调整，这个签到二维码已失效：请扫描会场展示的最新二维码。"), code="outdated")
    return meeting


def _when(value):
    return date_format(timezone.localtime(value), "Y-m-d H:i")


def check_window(meeting, now=None):
    now = now or timezone.now()
    if meeting.state == MeetingState.CANCELLED:
        raise ConsultError(_("本次活动已取消，不能签到。"), code="cancelled")
    if meeting.state not in (MeetingState.NOTIFIED, MeetingState.HELD):
        raise ConsultError(_("本次活动尚未发出通知，不能签到。"), code="not_notified")
    opens, closes = window(meeting)
    if now < opens:
        raise ConsultError(_("签到尚未开始：签到时间为 %(opens)s 至 %(closes)s。") % {
            "opens": _when(opens), "closes": _when(closes)}, code="too_early")
    if now > closes:
        raise ConsultError(_("签到已结束：签到时间为 %(opens)s 至 %(closes)s。") % {
            "opens": _when(opens), "closes": _when(closes)}, code="too_late")


def _sign_in(meeting, actor, status):
    member = member_of(actor)
    check_window(meeting)
    invitation = meeting.invitations.filter(member=member).first()
    if invitation is None:
        raise ConsultError(_("您不在本次活动的参加名单中，不能签到。如有疑问请联系会务工作人员。"), code="not_invited")
    with transaction.atomic():
        row = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
        if row is not None and row.status in SIGNED_IN:
            return row, False
        if row is not None and row.corrected:
            raise ConsultError(_("您的出勤记录已由工作人员更正（%(status)s），如有疑问请联系会务工作人员。") % {
                "status": row.get_status_display()}, code="corrected")
        if row is None:
            row = Attendance.objects.create(meeting=meeting, member=member, status=status, recorded_by=actor)
        else:  # recorded absent or on leave when the meeting was marked held: the member came after all
            row.status, row.recorded_by = status, actor
            row.save(update_fields=["status", "recorded_by", "recorded_at"])
        record_transition(invitation, actor=actor, action="sign_in" if status == AttendanceStatus.PRESENT
                          else "sign_in_online", note=row.get_status_display())
    return row, True


def sign_in(*, meeting_pk, token, actor):
    """扫码签到: the member who opened the meeting's code is recorded present (出席).

    Returns (attendance, created); created is False when they had signed in already. Side effects: the
    Attendance row (recorded by the member) and a timeline row on their invitation."""
    meeting = meeting_for_token(meeting_pk, token)
    return _sign_in(meeting, actor, AttendanceStatus.PRESENT)


def attend_online(*, meeting, actor):
    """我已在线参会: the member is recorded 线上出席 at an online (or hybrid) meeting, within the window."""
    if meeting.mode not in ONLINE_MODES:
        raise ConsultError(_("本次活动不是线上会议，请到会场扫码签到。"), code="not_online")
    return _sign_in(meeting, actor, AttendanceStatus.ONLINE)


def is_open(meeting, now=None):
    now = now or timezone.now()
    opens, closes = window(meeting)
    return meeting.state in (MeetingState.NOTIFIED, MeetingState.HELD) and opens <= now <= closes

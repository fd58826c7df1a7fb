"""Meetings: 不调研不协商, invitations and leave (with the yearly cap) as obligations, attendance."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from consult.errors import ConsultError, ConsultPermissionError
from consult.meetings import services as meetings
from consult.meetings.enums import AttendanceStatus, InvitationState, MeetingState
from consult.models import Attendance, ConsultSettings
from consult.topics.enums import TopicState
from portal.audit import timeline
from supervision.enums import ObligationKind as K
from supervision.enums import ObligationState, OwnerKind
from supervision.models import Reminder
from supervision.services import obligations_for, run_sweep
from tests.consult import builders as b


def _started(m):
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    return m


def test_no_meeting_is_held_on_a_topic_without_research(org):
    topic = b.planned(org)
    m = _started(b.notified(org, topic))
    with pytest.raises(ConsultError) as exc:
        meetings.hold(meeting=m, actor=org.staff)
    assert exc.value.message == (
        f"不调研不协商：议题《{topic.title}》还没有调研或视察记录（调研日期、地点、参加委员和调研报告），不能标记为已召开。")
    m.refresh_from_db()
    topic.refresh_from_db()
    assert (m.state, topic.state) == (MeetingState.NOTIFIED, TopicState.PLANNED)
    assert not Attendance.objects.exists()
    b.research(org, topic)
    meetings.hold(meeting=m, actor=org.staff)
    m.refresh_from_db()
    topic.refresh_from_db()
    assert (m.state, topic.state) == (MeetingState.HELD, TopicState.CONSULTED)


def test_a_meeting_without_a_topic_is_held_without_research_but_not_before_it_starts(org):
    m = b.notified(org)
    with pytest.raises(ConsultError) as exc:
        meetings.hold(meeting=m, actor=org.staff)
    assert exc.value.message == "会议尚未开始，不能标记为已召开。"
    meetings.hold(meeting=_started(m), actor=org.staff)
    assert m.state == MeetingState.HELD


def test_a_meeting_needs_an_approved_topic_and_an_online_one_its_video_link(org):
    with pytest.raises(ConsultError) as exc:
        b.meeting(org, b.collected(org))
    assert "定题列入年度计划后才能安排协商活动" in exc.value.message
    with pytest.raises(ConsultError) as exc:
        b.meeting(org, mode="online", video_url="")
    assert exc.value.message == "请填写视频会议链接。"
    with pytest.raises(ConsultError) as exc:
        b.meeting(org, mode="online", video_url="javascript:alert(1)")
    assert exc.value.message == "视频会议链接须以 https:// 开头。"
    m = b.meeting(org, mode="online", venue="")
    assert (m.mode, m.video_url, m.venue) == ("online", "https://meeting.example.cn/room/1", "")


def test_invitations_become_member_obligations_when_the_notice_goes_out(org):
    m = b.meeting(org, days=10)
    meetings.invite(meeting=m, actor=org.staff, members=[org.member])
    inv = m.invitations.get()
    assert not obligations_for(inv).exists()
    meetings.notify(meeting=m, actor=org.staff)
    ob = obligations_for(inv, K.CONSULT_INVITATION).get()
    assert (ob.owner_kind, ob.owner_member, ob.state) == (OwnerKind.MEMBER, org.member, ObligationState.OPEN)
    assert ob.due_date == timezone.localtime(m.starts_at).date() - dt.timedelta(days=1)
    meetings.accept(invitation=inv, actor=org.member_user)
    ob.refresh_from_db()
    inv.refresh_from_db()
    assert (inv.state, ob.state) == (InvitationState.ACCEPTED, ObligationState.MET)


def test_only_the_invited_member_answers(org):
    inv = b.notified(org).invitations.get(member=org.member)
    with pytest.raises(ConsultPermissionError) as exc:
        meetings.accept(invitation=inv, actor=org.other_member_user)
    assert exc.value.message == "只有受邀委员本人可以答复。"


def test_a_compulsory_invitation_cannot_be_declined_only_leave_asked(org):
    inv = b.notified(org).invitations.get(member=org.member)
    with pytest.raises(ConsultError) as exc:
        meetings.decline(invitation=inv, actor=org.member_user)
    assert exc.value.message == "本次活动须参加，不能参加的请请假并说明事由。"
    with pytest.raises(ConsultError) as exc:
        meetings.ask_leave(invitation=inv, actor=org.member_user, reason="")
    assert exc.value.message == "请填写请假事由。"
    meetings.ask_leave(invitation=inv, actor=org.member_user, reason="出差在外")
    inv.refresh_from_db()
    assert (inv.state, inv.leave_reason) == (InvitationState.LEAVE_REQUESTED, "出差在外")
    assert obligations_for(inv, K.CONSULT_INVITATION).get().state == ObligationState.MET
    review = obligations_for(inv, K.CONSULT_LEAVE_REVIEW).get()
    assert (review.owner_kind, review.state) == (OwnerKind.STAFF, ObligationState.OPEN)
    with pytest.raises(ConsultError) as exc:
        meetings.decide_leave(invitation=inv, actor=org.staff, approve=False)
    assert exc.value.message == "请填写审批意见。"
    meetings.decide_leave(invitation=inv, actor=org.staff, approve=True)
    inv.refresh_from_db()
    review.refresh_from_db()
    assert (inv.state, review.state) == (InvitationState.LEAVE_APPROVED, ObligationState.MET)


def test_the_yearly_leave_cap_counts_asked_and_granted_leave(org):
    ConsultSettings.objects.create(committee=org.county, leave_cap=2)
    invitations = [b.notified(org, members=[org.member], days=5 + i).invitations.get() for i in range(3)]
    meetings.ask_leave(invitation=invitations[0], actor=org.member_user, reason="出差")
    meetings.decide_leave(invitation=invitations[0], actor=org.staff, approve=True)
    meetings.ask_leave(invitation=invitations[1], actor=org.member_user, reason="住院")
    year = timezone.localtime(invitations[2].meeting.starts_at).year
    with pytest.raises(ConsultError) as exc:
        meetings.ask_leave(invitation=invitations[2], actor=org.member_user, reason="培训")
    assert exc.value.message == f"{year} 年您已请假 2 次，已达南谯区政协每年 2 次的上限，不能再请假。"
    invitations[2].refresh_from_db()
    assert invitations[2].state == InvitationState.INVITED
    assert not obligations_for(invitations[2], K.CONSULT_LEAVE_REVIEW).exists()
    # a refused request no longer counts
    meetings.decide_leave(invitation=invitations[1], actor=org.staff, approve=False, note="会议重要，请调整行程")
    meetings.ask_leave(invitation=invitations[2], actor=org.member_user, reason="培训")


def test_holding_records_absence_and_granted_leave_and_waives_open_answers(org):
    m = b.notified(org, members=[org.member, org.other_member])
    leave = m.invitations.get(member=org.member)
    meetings.ask_leave(invitation=leave, actor=org.member_user, reason="出差")
    meetings.decide_leave(invitation=leave, actor=org.staff, approve=True)
    silent = m.invitations.get(member=org.other_member)
    meetings.hold(meeting=_started(m), actor=org.staff)
    assert dict(m.attendance.values_list("member__name", "status")) == {"张委员": "leave", "李委员": "absent"}
    assert obligations_for(silent, K.CONSULT_INVITATION).get().state == ObligationState.WAIVED


def test_attendance_is_corrected_only_with_a_reason_and_leaves_a_timeline_row(org):
    m = b.notified(org, mode="hybrid")
    meetings.record_attendance(meeting=m, actor=org.staff, member=org.member, status=AttendanceStatus.ONLINE)
    with pytest.raises(ConsultError) as exc:
        meetings.record_attendance(meeting=m, actor=org.staff, member=org.member, status=AttendanceStatus.ABSENT)
    assert exc.value.message == "更正出勤记录须说明原因。"
    meetings.record_attendance(meeting=m, actor=org.staff, member=org.member, status=AttendanceStatus.PRESENT,
                               reason="本人到场签到，系统误记")
    row = Attendance.objects.get(meeting=m, member=org.member)
    assert (row.status, row.corrected, row.note) == ("present", True, "本人到场签到，系统误记")
    assert timeline(m).last().note == "张委员：线上出席 → 出席（本人到场签到，系统误记）"
    with pytest.raises(ConsultError) as exc:
        meetings.record_attendance(meeting=m, actor=org.staff, member=org.other_member, status=AttendanceStatus.LEAVE)
    assert exc.value.message == "李委员没有获准请假，不能记为请假。"
    with pytest.raises(ConsultError) as exc:
        meetings.record_attendance(meeting=m, actor=org.staff, member=org.far_member, status=AttendanceStatus.PRESENT)
    assert exc.value.message == "赵委员不在本次活动的参加名单中。"


def test_online_attendance_only_at_online_meetings(org):
    m = b.notified(org)
    with pytest.raises(ConsultError) as exc:
        meetings.record_attendance(meeting=m, actor=org.staff, member=org.member, status=AttendanceStatus.ONLINE)
    assert exc.value.message == "本次活动不是线上会议，不能记为线上出席。"


def test_members_sign_up_for_an_open_meeting(org):
    m = b.notified(org, members=[], signup_open=True)
    inv = meetings.sign_up(meeting=m, actor=org.other_member_user)
    assert (inv.member, inv.compulsory, inv.state) == (org.other_member, False, InvitationState.ACCEPTED)
    with pytest.raises(ConsultError) as exc:
        meetings.sign_up(meeting=m, actor=org.other_member_user)
    assert exc.value.message == "您已在本次活动的参加名单中。"
    with pytest.raises(ConsultError) as exc:
        meetings.sign_up(meeting=m, actor=org.far_member_user)
    assert exc.value.message == "所选的委员不属于南谯区政协，不能使用。"
    with pytest.raises(ConsultError) as exc:  # signed up is an answer already: leave is the way out
        meetings.decline(invitation=inv, actor=org.other_member_user)
    assert exc.value.message == "当前状态为“参加”，不能变更为“不参加”。只有处于以下状态时才可以：待答复。"


def test_an_unanswered_invitation_and_an_undecided_leave_request_are_reminded_by_the_sweep(org):
    tz = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=tz), tick=False):  # Monday
        m = b.meeting(org, starts_at=dt.datetime(2027, 3, 12, 9, tzinfo=tz), ends_at=dt.datetime(2027, 3, 12, 11, tzinfo=tz))
        meetings.invite(meeting=m, actor=org.staff, members=[org.member, org.other_member])
        meetings.notify(meeting=m, actor=org.staff)
        silent = m.invitations.get(member=org.member)
        answer = obligations_for(silent, K.CONSULT_INVITATION).get()
        assert answer.due_date == dt.date(2027, 3, 11)
        asking = m.invitations.get(member=org.other_member)
        meetings.ask_leave(invitation=asking, actor=org.other_member_user, reason="出差")
        review = obligations_for(asking, K.CONSULT_LEAVE_REVIEW).get()
        assert review.due_date == dt.date(2027, 3, 3)  # two working days
    with time_machine.travel(dt.datetime(2027, 3, 8, 10, tzinfo=tz), tick=False):  # 3 days before the answer is due
        run_sweep()
    assert set(Reminder.objects.filter(obligation=answer).values_list("stage", flat=True)) == {"before-3"}
    assert "due" in set(Reminder.objects.filter(obligation=review).values_list("stage", flat=True))
    review.refresh_from_db()
    assert review.state == ObligationState.OVERDUE

"""Writes of meetings: organise, invite, notify, answers and leave, attendance, hold (不调研不协商), cancel.

Invitations are obligations of the member (answer by the day before), leave requests obligations of
staff (decide); both are met by the answer or decision and waived when the meeting is held or cancelled."""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import limits
from portal.audit import record_transition

from .. import deadlines
from ..common import member_of, perform, reference, require_manage, require_state, text
from ..errors import ConsultError, ConsultPermissionError
from ..models import Attendance, ConsultSettings, Invitation, Meeting
from ..speeches import services as speech_services
from ..topics.enums import TopicState
from .enums import (
    LEAVE_COUNTED,
    ONLINE_MODES,
    AttendanceStatus,
    InvitationState,
    MeetingMode,
    MeetingState,
    MeetingType,
)

K = deadlines.K
I = InvitationState  # noqa: E741 - the table's own short name
MEETING_TOPIC_STATES = {TopicState.PLANNED, TopicState.RESEARCHING, TopicState.CONSULTED}


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def create_meeting(*, actor, committee, title, meeting_type, starts_at, ends_at, mode=MeetingMode.HALL, venue="",
                   video_url="", signup_open=False, topic=None, plan_item=None):
    """A meeting in preparation (筹备中). An online meeting needs the video room's link; one in a hall or on
    site its venue. A topic must be approved into the plan (定题) first."""
    require_manage(actor, committee)
    title = text(title, _("会议名称"), 200)
    if meeting_type not in MeetingType.values:
        raise ConsultError(_("未知的协商形式：%(type)s。") % {"type": meeting_type})
    if mode not in MeetingMode.values:
        raise ConsultError(_("未知的会议方式：%(mode)s。") % {"mode": mode})
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        raise ConsultError(_("结束时间须晚于开始时间。"))
    if not (2000 <= starts_at.year <= 2100 and ends_at.year <= 2100):
        raise ConsultError(_("会议时间须在 2000 年至 2100 年之间。"))
    venue = text(venue, _("地点"), 200, required=mode != MeetingMode.ONLINE)
    video_url = text(video_url, _("视频会议链接"), 300, required=mode in ONLINE_MODES)
    if video_url and not video_url.startswith("https://"):
        raise ConsultError(_("视频会议链接须以 https:// 开头。"))
    if topic is not None:
        reference(topic, committee, _("议题"))
        if topic.state not in MEETING_TOPIC_STATES:
            raise ConsultError(_("议题《%(title)s》当前状态为“%(state)s”，定题列入年度计划后才能安排协商活动。") % {
                "title": topic.title, "state": topic.get_state_display()})
        if plan_item is None:
            plan_item = getattr(topic, "plan_item", None)
    if plan_item is not None and plan_item.plan.committee_id != committee.pk:
        raise ConsultError(_("所选的计划事项不属于%(committee)s，不能使用。") % {"committee": committee.name})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            committee=committee, title=title, meeting_type=meeting_type, mode=mode, starts_at=starts_at,
            ends_at=ends_at, venue=venue, video_url=video_url, signup_open=bool(signup_open), topic=topic,
            plan_item=plan_item, created_by=_actor(actor),
        )
        record_transition(meeting, actor=actor, action="create", to_state=meeting.state)
    return meeting


def invite(*, meeting, actor, members, compulsory=True):
    """Invite members (skipping those already invited). After the notice went out, each invitation is an
    obligation at once; before, when the notice goes out. Returns the new invitations."""
    require_manage(actor, meeting.committee)
    require_state(meeting, {MeetingState.PLANNED, MeetingState.NOTIFIED}, _("邀请委员"))
    members = list(members or [])
    if not members:
        raise ConsultError(_("请选择要邀请的委员。"))
    for member in members:
        reference(member, meeting.committee, _("委员"), subtree=True)
    invited = set(meeting.invitations.values_list("member_id", flat=True))
    created = []
    with transaction.atomic():
        for member in members:
            if member.pk in invited:
                continue
            invitation = Invitation.objects.create(meeting=meeting, member=member, compulsory=bool(compulsory))
            record_transition(invitation, actor=actor, action="invite", to_state=invitation.state)
            if meeting.state == MeetingState.NOTIFIED:
                deadlines.invitation_deadline(invitation, actor=actor)
            invited.add(member.pk)
            created.append(invitation)
    return created


def notify(*, meeting, actor, note=""):
    """发出通知: every invited member owes an answer by the day before the meeting."""
    require_manage(actor, meeting.committee)
    if meeting.starts_at <= timezone.now():
        raise ConsultError(_("会议开始时间已过，不能再发出通知。"))
    with transaction.atomic():
        meeting = perform(meeting, "notify", actor=actor, note=text(note, _("说明"), limits.NOTE, required=False))
        for invitation in meeting.invitations.filter(state=I.INVITED).select_related("member", "meeting__committee"):
            deadlines.invitation_deadline(invitation, actor=actor)
    return meeting


def sign_up(*, meeting, actor):
    """报名参加: a member of the committee joins a meeting open to sign-up."""
    member = member_of(actor)
    if not meeting.signup_open:
        raise ConsultPermissionError(_("本次活动不开放报名。"))
    require_state(meeting, {MeetingState.NOTIFIED}, _("报名"))
    reference(member, meeting.committee, _("委员"), subtree=True)
    if meeting.invitations.filter(member=member).exists():
        raise ConsultError(_("您已在本次活动的参加名单中。"))
    with transaction.atomic():
        invitation = Invitation.objects.create(meeting=meeting, member=member, compulsory=False, state=I.ACCEPTED,
                                               answered_at=timezone.now())
        record_transition(invitation, actor=actor, action="sign_up", to_state=invitation.state)
    return invitation


def _own(invitation, actor):
    member = member_of(actor)
    if invitation.member_id != member.pk:
        raise ConsultPermissionError(_("只有受邀委员本人可以答复。"))
    require_state(invitation.meeting, {MeetingState.NOTIFIED}, _("答复邀请"))


def accept(*, invitation, actor):
    _own(invitation, actor)
    with transaction.atomic():
        invitation = perform(invitation, "accept", actor=actor, fields={"answered_at": timezone.now()})
        deadlines.meet(invitation, K.CONSULT_INVITATION, actor=actor)
    return invitation


def decline(*, invitation, actor):
    """Only a sign-up invitation may be declined; a compulsory one needs leave with a reason."""
    _own(invitation, actor)
    if invitation.compulsory:
        raise ConsultError(_("本次活动须参加，不能参加的请请假并说明事由。"))
    with transaction.atomic():
        invitation = perform(invitation, "decline", actor=actor, fields={"answered_at": timezone.now()})
        deadlines.meet(invitation, K.CONSULT_INVITATION, actor=actor)
    return invitation


def year_tallies(member, committee, year):
    """A member's year at a glance, in one statement: {("attendance", status): n, ("speech", state): n,
    ("leave", ""): n, ("cap", ""): the committee's yearly leave cap when its settings are stored} for the
    meetings starting in `year` (as `starts_at__year` bounds it, in the site's time zone). Leave is
    `leave_taken`'s: asked (pending) or granted for meetings of `committee`, not for one that was then
    cancelled (the member missed nothing).

    Written as SQL: the three counts through the ORM cost about 2 ms of building and compiling on each
    member's home page, the statement itself a fifth of that."""
    from ..speeches.models import Speech

    first, last = connection.ops.year_lookup_bounds_for_datetime_field(year)
    meetings, counted = Meeting._meta.db_table, sorted(LEAVE_COUNTED)
    sql = f"""
        SELECT 'attendance', a.status, COUNT(*) FROM {Attendance._meta.db_table} a
          JOIN {meetings} m ON m.id = a.meeting_id
          WHERE a.member_id = %s AND m.starts_at BETWEEN %s AND %s GROUP BY a.status
        UNION ALL
        SELECT 'speech', s.state, COUNT(*) FROM {Speech._meta.db_table} s JOIN {meetings} m ON m.id = s.meeting_id
          WHERE s.member_id = %s AND m.starts_at BETWEEN %s AND %s GROUP BY s.state
        UNION ALL
        SELECT 'leave', '', COUNT(*) FROM {Invitation._meta.db_table} i JOIN {meetings} m ON m.id = i.meeting_id
          WHERE i.member_id = %s AND m.committee_id = %s AND m.starts_at BETWEEN %s AND %s
            AND i.state IN ({", ".join(["%s"] * len(counted))}) AND m.state <> %s
        UNION ALL
        SELECT 'cap', '', leave_cap FROM {ConsultSettings._meta.db_table} WHERE committee_id = %s"""
    params = [member.pk, first, last, member.pk, first, last, member.pk, committee.pk, first, last, *counted,
              MeetingState.CANCELLED.value, committee.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(table, value): n for table, value, n in cursor.fetchall()}


def leave_taken(member, committee, year):
    """Leave asked (pending) or granted this year by `member` for meetings of `committee`; leave for a meeting
    that was then cancelled does not count (the member missed nothing). See `year_tallies`."""
    return year_tallies(member, committee, year).get(("leave", ""), 0)


def ask_leave(*, invitation, actor, reason):
    """请假 with a reason, within the committee's yearly cap (asked and granted leave count)."""
    _own(invitation, actor)
    reason = text(reason, _("请假事由"), limits.NOTE)
    meeting = invitation.meeting
    cap = deadlines.settings_for(meeting.committee).leave_cap
    year = timezone.localtime(meeting.starts_at).year
    taken = leave_taken(invitation.member, meeting.committee, year)
    if taken >= cap:
        raise ConsultError(_("%(year)d 年您已请假 %(taken)d 次，已达%(committee)s每年 %(cap)d 次的上限，不能再请假。") % {
            "year": year, "taken": taken, "committee": meeting.committee.name, "cap": cap})
    with transaction.atomic():
        invitation = perform(invitation, "ask_leave", actor=actor, note=reason,
                             fields={"leave_reason": reason, "answered_at": timezone.now()})
        deadlines.meet(invitation, K.CONSULT_INVITATION, actor=actor)
        deadlines.leave_review_deadline(invitation, actor=actor)
    return invitation


def decide_leave(*, invitation, actor, approve, note=""):
    """Staff grant or refuse leave (a refusal says why; the member then attends)."""
    require_manage(actor, invitation.meeting.committee)
    note = text(note, _("审批意见"), limits.NOTE, required=not approve)
    with transaction.atomic():
        invitation = perform(invitation, "approve_leave" if approve else "refuse_leave", actor=actor, note=note,
                             fields={"decision_note": note})
        deadlines.meet(invitation, K.CONSULT_LEAVE_REVIEW, actor=actor)
    return invitation


def record_attendance(*, meeting, actor, member, status, reason=""):
    """Record (or correct, with a reason) one invited member's attendance. 请假 only with leave granted;
    线上出席 only at an online meeting."""
    require_manage(actor, meeting.committee)
    require_state(meeting, {MeetingState.NOTIFIED, MeetingState.HELD}, _("记录出勤"))
    if status not in AttendanceStatus.values:
        raise ConsultError(_("未知的出勤情况：%(status)s。") % {"status": status})
    invitation = meeting.invitations.filter(member=member).first()
    if invitation is None:
        raise ConsultError(_("%(member)s不在本次活动的参加名单中。") % {"member": member.name})
    if status == AttendanceStatus.ONLINE and meeting.mode not in ONLINE_MODES:
        raise ConsultError(_("本次活动不是线上会议，不能记为线上出席。"))
    if status == AttendanceStatus.LEAVE and invitation.state != I.LEAVE_APPROVED:
        raise ConsultError(_("%(member)s没有获准请假，不能记为请假。") % {"member": member.name})
    reason = text(reason, _("更正原因"), limits.NOTE, required=False)
    with transaction.atomic():
        row = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
        if row is not None:
            if row.status == status:
                return row
            if not reason:
                raise ConsultError(_("更正出勤记录须说明原因。"))
            old = row.get_status_display()
            row.status, row.corrected, row.note, row.recorded_by = status, True, reason, _actor(actor)
            row.save(update_fields=["status", "corrected", "note", "recorded_by", "recorded_at"])
            note = _("%(member)s：%(old)s → %(new)s（%(reason)s）") % {
                "member": member.name, "old": old, "new": row.get_status_display(), "reason": reason}
            record_transition(meeting, actor=actor, action="correct_attendance", note=note)
            return row
        return Attendance.objects.create(meeting=meeting, member=member, status=status, recorded_by=_actor(actor))


def hold(*, meeting, actor, note=""):
    """标记为已召开. 不调研不协商: a meeting on a topic needs the topic's research record first.

    Side effects: state → 已召开; every invited member without an attendance record is recorded (granted
    leave → 请假, declined sign-ups none, anyone else → 缺席); pending answers and leave decisions are
    waived; the topic moves to 已协商."""
    require_manage(actor, meeting.committee)
    topic = meeting.topic
    if topic is not None and not topic.research.exists():
        raise ConsultError(_("不调研不协商：议题《%(title)s》还没有调研或视察记录（调研日期、地点、参加委员和调研报告），"
                             "不能标记为已召开。") % {"title": topic.title})
    if meeting.starts_at > timezone.now():
        raise ConsultError(_("会议尚未开始，不能标记为已召开。"))
    with transaction.atomic():
        meeting = perform(meeting, "hold", actor=actor, note=text(note, _("说明"), limits.NOTE, required=False))
        recorded = set(meeting.attendance.values_list("member_id", flat=True))
        rows = []
        for invitation in meeting.invitations.all():
            _settle_invitation(invitation, actor=actor, note=_("活动已召开"))
            if invitation.member_id in recorded or invitation.state == I.DECLINED:
                continue
            status = AttendanceStatus.LEAVE if invitation.state == I.LEAVE_APPROVED else AttendanceStatus.ABSENT
            rows.append(Attendance(meeting=meeting, member_id=invitation.member_id, status=status,
                                   recorded_by=_actor(actor)))
        Attendance.objects.bulk_create(rows)
        if topic is not None:
            from ..topics.services import meeting_held

            meeting_held(topic, actor=actor)
    return meeting


def cancel(*, meeting, actor, reason):
    require_manage(actor, meeting.committee)
    reason = text(reason, _("取消原因"), limits.NOTE)
    with transaction.atomic():
        meeting = perform(meeting, "cancel", actor=actor, note=reason, fields={"cancel_reason": reason})
        for invitation in meeting.invitations.all():
            _settle_invitation(invitation, actor=actor, note=_("活动已取消"))
        speech_services.settle_for_meeting(meeting, actor=actor, note=_("活动已取消"))
    return meeting


def _settle_invitation(invitation, *, actor, note):
    deadlines.waive(invitation, K.CONSULT_INVITATION, actor=actor, note=note)
    deadlines.waive(invitation, K.CONSULT_LEAVE_REVIEW, actor=actor, note=note)

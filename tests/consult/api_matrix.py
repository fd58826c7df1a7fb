"""Access-matrix rows of the consultation API (/api/v1/consult-…), concatenated into tests/matrix.py MATRIX.

Records are made in o.county through tests/consult/builders.py. Roles are requested in the order of
tests.matrix.ROLES, so where staff act once the later staff roles (city staff, superuser) get the 400 of the
now illegal transition. 404: outside the role's selector; 403: visible but not theirs to do; 400 for a
body naming a record the caller cannot see."""

import datetime as dt
import itertools

from django.utils import timezone

from consult.meetings import services as meetings
from consult.models import Attendance
from consult.topics import services as topics
from tests.consult import builders as b
from tests.matrix import Case, expect

API_LIST = expect(200, anonymous=403)
ANON = dict(anonymous=403)
READERS_AND_STAFF = dict(readers=200, staff=200, city_staff=200, superuser=200)
# The proposer's topic before 定题: the proposer, the county's readers and staff.
OWN_TOPIC = expect(404, member=200, **READERS_AND_STAFF, **ANON)
# Visible to both county members (a plan, an invited meeting, a sent outcome…).
COUNTY_MEMBERS = expect(404, member=200, other_member=200, **READERS_AND_STAFF, **ANON)
STAFF_ONCE = dict(readers=403, staff=200, city_staff=400, superuser=400, **ANON)
STAFF_EVERY_TIME = dict(readers=403, staff=200, city_staff=200, superuser=200, **ANON)
STAFF_CREATE = expect(403, staff=201, city_staff=201, superuser=201)
# A unit's record: o.unit and the county's readers and staff.
UNIT_RECORD = expect(404, unit=200, **READERS_AND_STAFF, **ANON)
UNIT_ACTS = expect(404, unit=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON)
MEMBER_ACTS = expect(404, member=200, readers=403, staff=403, city_staff=403, superuser=403, **ANON)

_years = itertools.count(2031)


def _pk(obj):
    return {"pk": obj.pk}


def _once(o, name, make):
    """One record per case shared by every role's request (data runs once per request)."""
    if not hasattr(o, name):
        setattr(o, name, make())
    return getattr(o, name)


def _started(m):
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    return m


def _replied_topic(o):
    out = b.sent(o, units=[o.unit])
    b.reply(o, out.sendings.get())
    out.topic.refresh_from_db()
    return out.topic


def _invitation(o, **kw):
    m = b.meeting(o)
    meetings.invite(meeting=m, actor=o.staff, members=[o.member], **kw)
    meetings.notify(meeting=m, actor=o.staff)
    return m.invitations.get()


def _leave_requested(o):
    inv = _invitation(o)
    return meetings.ask_leave(invitation=inv, actor=o.member_user, reason="出差")


def _attendance(o):
    m = b.notified(o)
    meetings.record_attendance(meeting=m, actor=o.staff, member=o.member, status="present")
    return Attendance.objects.get(meeting=m, member=o.member)


def _sending(o):
    o.sending = b.sent(o, units=[o.unit]).sendings.get()
    return _pk(o.sending)


def _lookback_sending(o):
    topic = _replied_topic(o)
    topics.start_lookback(topic=topic, actor=o.staff)
    return _pk(topic.outcomes.get().sendings.get())


def _instruction(o):
    from consult.outcomes import services as outcomes

    out = b.sent(o, units=[o.unit])
    return _pk(outcomes.instruct(outcome=out, actor=o.staff, leader="区委书记", instructed_on=timezone.localdate(),
                                 text_body="请抓好落实。", units=[o.unit]))


def _meeting_body(o):
    start = timezone.now() + dt.timedelta(days=10)
    return {"committee": o.county.pk, "title": "专题协商会", "meeting_type": "special", "mode": "hall",
            "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=2)).isoformat(), "venue": "三楼会议室"}


def _reply_body(o):
    return {"measures": "已出台实施办法。", "adoptions": [
        {"recommendation": r.pk, "adoption": "adopted", "measures": "已落实"} for r in o.sending.outcome.recommendations.all()]}


CONSULT_API_CASES = [
    # topics
    Case("consult-topic-list", API_LIST),
    Case("consult-topic-list", expect(403, members=201), method="post",
         data=lambda o: {"title": "关于治理停车难的建议", "source": "member"}, label="POST consult-topic-list (委员荐题)"),
    Case("consult-topic-list", STAFF_CREATE, method="post",
         data=lambda o: {"committee": o.county.pk, "title": "党委点题", "source": "assigned"},
         label="POST consult-topic-list (机关录入)"),
    Case("consult-topic-detail", OWN_TOPIC, kwargs=lambda o: _pk(b.collected(o))),
    Case("consult-topic-detail", COUNTY_MEMBERS, kwargs=lambda o: _pk(b.planned(o)), label="GET consult-topic-detail (定题后)"),
    Case("consult-topic-prestudy", expect(404, member=403, **STAFF_EVERY_TIME), method="post",
         kwargs=lambda o: _pk(b.collected(o)), data=lambda o: {"problems": "审批难"}),
    Case("consult-topic-start-prestudy", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.collected(o))),
    Case("consult-topic-discuss", expect(404, member=403, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.prestudy(o))),
    Case("consult-topic-approve", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.discussing(o)),
         data=lambda o: {"plan": b.plan(o).pk, "meeting_type": "special", "quarter": 2}),
    Case("consult-topic-drop", expect(404, member=403, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.collected(o)),
         data=lambda o: {"reason": "与年度重点工作重复"}),
    Case("consult-topic-lookback", expect(404, member=403, other_member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(_replied_topic(o))),
    Case("consult-topic-close", expect(404, member=403, other_member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(_replied_topic(o))),
    # research
    Case("consult-research-list", API_LIST),
    Case("consult-research-detail", COUNTY_MEMBERS, kwargs=lambda o: _pk(b.research(o, b.planned(o)))),
    Case("consult-research-list",
         expect(400, member=403, other_member=403, readers=403, staff=201, city_staff=201, superuser=201, **ANON),
         method="post", data=lambda o: {
             "topic": _once(o, "research_topic", lambda: b.planned(o)).pk, "research_kind": "inspection",
             "start_date": "2026-03-02", "end_date": "2026-03-03", "places": "乌衣镇", "participants": [o.member.pk],
             "report": "视察报告"}),
    # plans
    Case("consult-plan-list", API_LIST),
    Case("consult-plan-list", STAFF_CREATE, method="post", data=lambda o: {"committee": o.county.pk, "year": next(_years)}),
    Case("consult-plan-detail", COUNTY_MEMBERS, kwargs=lambda o: _pk(b.plan(o))),
    Case("consult-plan-items",
         expect(404, member=403, other_member=403, readers=403, staff=201, city_staff=201, superuser=201, **ANON),
         method="post", kwargs=lambda o: _pk(b.plan(o)), data=lambda o: {"title": "双月座谈", "meeting_type": "bimonthly", "month": 4}),
    Case("consult-plan-frequency", COUNTY_MEMBERS, kwargs=lambda o: _pk(b.plan(o))),
    # meetings
    Case("consult-meeting-list", API_LIST),
    Case("consult-meeting-list", STAFF_CREATE, method="post", data=_meeting_body),
    Case("consult-meeting-detail", COUNTY_MEMBERS, kwargs=lambda o: _pk(b.notified(o))),
    Case("consult-meeting-invite", expect(404, **STAFF_EVERY_TIME), method="post", kwargs=lambda o: _pk(b.meeting(o)),
         data=lambda o: {"members": [o.member.pk]}),
    Case("consult-meeting-notify", expect(404, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.meeting(o))),
    Case("consult-meeting-hold", expect(404, member=403, other_member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(_started(b.notified(o)))),
    Case("consult-meeting-cancel", expect(404, member=403, other_member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(b.notified(o)), data=lambda o: {"reason": "台风预警"}),
    Case("consult-meeting-attendance", expect(404, member=403, other_member=403, **STAFF_EVERY_TIME), method="post",
         kwargs=lambda o: _pk(b.notified(o)), data=lambda o: {"member": o.member.pk, "status": "present"}),
    Case("consult-meeting-signup",
         expect(404, member=201, other_member=201, readers=403, staff=403, city_staff=403, superuser=403, **ANON),
         method="post", kwargs=lambda o: _pk(b.notified(o, members=[], signup_open=True))),
    # invitations and attendance
    Case("consult-invitation-list", API_LIST),
    Case("consult-invitation-detail", OWN_TOPIC, kwargs=lambda o: _pk(_invitation(o))),
    Case("consult-invitation-accept", MEMBER_ACTS, method="post", kwargs=lambda o: _pk(_invitation(o))),
    Case("consult-invitation-decline", MEMBER_ACTS, method="post", kwargs=lambda o: _pk(_invitation(o, compulsory=False))),
    Case("consult-invitation-leave", MEMBER_ACTS, method="post", kwargs=lambda o: _pk(_invitation(o)),
         data=lambda o: {"reason": "出差在外"}),
    Case("consult-invitation-decide-leave", expect(404, member=403, **STAFF_ONCE), method="post",
         kwargs=lambda o: _pk(_leave_requested(o)), data=lambda o: {"approve": True}),
    Case("consult-attendance-list", API_LIST),
    Case("consult-attendance-detail", OWN_TOPIC, kwargs=lambda o: _pk(_attendance(o))),
    # outcomes, sendings, instructions
    Case("consult-outcome-list", API_LIST),
    Case("consult-outcome-list",
         expect(400, member=403, other_member=403, readers=403, staff=201, city_staff=201, superuser=201, **ANON),
         method="post", data=lambda o: {
             "meeting": _once(o, "held_meeting", lambda: b.held(o)).pk, "outcome_kind": "minutes", "title": "会议纪要",
             "text": "纪要正文", "recommendations": ["建议一"]}),
    Case("consult-outcome-detail", COUNTY_MEMBERS | {"unit": 200}, kwargs=lambda o: _pk(b.sent(o, units=[o.unit]))),
    Case("consult-outcome-send", expect(404, **STAFF_ONCE), method="post", kwargs=lambda o: _pk(b.outcome(o)),
         data=lambda o: {"units": [o.unit.pk]}),
    # 转为社情民意信息 of one sent outcome: county staff once (201), then already converted (400)
    Case("consult-outcome-to-report",
         expect(404, member=403, other_member=403, unit=403, other_unit=403, **STAFF_ONCE) | {"staff": 201},
         method="post", kwargs=lambda o: _pk(_once(o, "report_outcome", lambda: b.sent(o))),
         data=lambda o: {"recommendations": [_once(o, "report_outcome", lambda: b.sent(o)).recommendations.first().pk],
                         "submitter": o.member.pk}),
    Case("consult-sending-list", API_LIST),
    Case("consult-sending-detail", UNIT_RECORD, kwargs=_sending),
    Case("consult-sending-reply", UNIT_ACTS, method="post", kwargs=_sending, data=_reply_body),
    Case("consult-sending-lookback", UNIT_ACTS, method="post", kwargs=_lookback_sending,
         data=lambda o: {"report": "已加装电梯 12 部"}),
    Case("consult-instruction-list", API_LIST),
    Case("consult-instruction-list",
         expect(400, member=403, other_member=403, unit=403, readers=403, staff=201, city_staff=201, superuser=201, **ANON),
         method="post", data=lambda o: {
             "outcome": _once(o, "sent_outcome", lambda: b.sent(o, units=[o.unit])).pk, "leader": "区长",
             "instructed_on": timezone.localdate().isoformat(), "text": "请抓好落实。", "units": [o.unit.pk]}),
    Case("consult-instruction-detail", UNIT_RECORD, kwargs=_instruction),
]

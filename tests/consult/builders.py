"""Consultation records in a given state, built through the services from the `org` fixture alone (used by
the consult tests, the access matrix rows, the query counts, the admin and transition walks)."""

import datetime as dt
import itertools

from django.utils import timezone

from consult.meetings import services as meetings
from consult.models import ConsultationPlan
from consult.outcomes import services as outcomes
from consult.plans import services as plans
from consult.topics import services as topics

_n = itertools.count(1)

PRESTUDY = {
    "reason": "城区老旧小区加装电梯需求集中，群众反映强烈。",
    "policy_basis": "国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见。",
    "situation": "全区 2000 年前建成的小区 126 个，已加装电梯 18 部。",
    "problems": "业主意见难统一，审批环节多，资金分担机制不明。",
    "directions": "简化审批，建立政府补助与业主分担相结合的资金机制。",
}


def plan(o, year=None, committee=None):
    committee = committee or o.county
    year = year or timezone.localdate().year
    found = ConsultationPlan.objects.filter(committee=committee, year=year).first()
    actor = o.staff if committee == o.county else o.city_staff
    return found or plans.create_plan(actor=actor, committee=committee, year=year, title=f"{year}年度协商计划")


def collected(o, **over):
    values = {"title": f"关于推进老旧小区加装电梯的建议{next(_n)}", **PRESTUDY, **over}
    return topics.propose_topic(actor=o.member_user, source="member", **values)


def prestudy(o, **over):
    t = collected(o, **over)
    return topics.start_prestudy(topic=t, actor=o.staff)


def discussing(o, **over):
    t = prestudy(o, **over)
    return topics.discuss(topic=t, actor=o.staff)


def planned(o, meeting_type="special", quarter=2, **over):
    t = discussing(o, **over)
    return topics.approve(topic=t, actor=o.staff, plan=plan(o), meeting_type=meeting_type, quarter=quarter,
                          units=[o.unit])


def research(o, topic):
    return topics.record_research(
        topic=topic, actor=o.staff, kind="research", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 4),
        places="乌衣镇、珠龙镇", participants=[o.member, o.other_member], report="调研发现审批环节多、资金分担难。")


def researching(o, **over):
    t = planned(o, **over)
    research(o, t)
    t.refresh_from_db()
    return t


def meeting(o, topic=None, *, days=7, mode="hall", meeting_type="invite_you", **over):
    start = timezone.now() + dt.timedelta(days=days)
    values = {"title": f"请你来协商：{topic.title if topic else '专题'}{next(_n)}", "meeting_type": meeting_type,
              "mode": mode, "starts_at": start, "ends_at": start + dt.timedelta(hours=2), "venue": "区政协三楼会议室",
              "video_url": "https://meeting.example.cn/room/1" if mode in ("online", "hybrid") else "", **over}
    return meetings.create_meeting(actor=o.staff, committee=o.county, topic=topic, **values)


def notified(o, topic=None, members=None, **kw):
    m = meeting(o, topic, **kw)
    members = members if members is not None else [o.member, o.other_member]
    if members:
        meetings.invite(meeting=m, actor=o.staff, members=members)
    return meetings.notify(meeting=m, actor=o.staff)


def held(o, topic=None, **kw):
    """A meeting held (started an hour ago); with a topic, the topic has research and ends 已协商."""
    if topic is not None and not topic.research.exists():
        research(o, topic)
        topic.refresh_from_db()
    m = notified(o, topic, **kw)
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1),
                                           ends_at=timezone.now() + dt.timedelta(hours=1))
    m.refresh_from_db()
    return meetings.hold(meeting=m, actor=o.staff)


def outcome(o, *, topic=None, recommendations=("简化加装电梯审批流程。", "设立专项补助资金。")):
    topic = topic or researching(o)
    m = held(o, topic)
    return outcomes.create_outcome(actor=o.staff, meeting=m, kind="proposal", title=f"关于加装电梯的建议案{next(_n)}",
                                   text_body="建议如下。", recommendations=list(recommendations))


def sent(o, units=None, **kw):
    out = outcome(o, **kw)
    outcomes.send(outcome=out, actor=o.staff, units=units or [o.unit, o.other_unit])
    out.refresh_from_db()
    return out


def reply(o, sending, user=None, adoption="adopted"):
    return outcomes.reply(
        sending=sending, actor=user or (o.unit_user if sending.unit_id == o.unit.pk else o.other_unit_user),
        measures="已出台加装电梯实施办法。",
        adoptions=[{"recommendation": r, "adoption": adoption, "measures": "已落实"}
                   for r in sending.outcome.recommendations.all()])


def plenary(o, **kw):
    """A notified 全体会议 of the county, both county members invited, a week ahead."""
    return notified(o, meeting_type="plenary", **kw)


def speech(o, meeting=None, user=None, kind="oral", **over):
    from consult.speeches import services as speeches

    values = {"title": f"关于加快县域数字经济发展的建议{next(_n)}", "text_body": "发言全文。", **over}
    return speeches.register(meeting=meeting or plenary(o), actor=user or o.member_user, kind=kind, **values)


def chosen_at_held(o):
    """A chosen speech whose plenary has since been held (ready to mark delivered)."""
    from consult.speeches import services as speeches

    sp = speeches.choose(speech=speech(o), actor=o.staff)
    m = sp.meeting
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    meetings.hold(meeting=m, actor=o.staff)
    sp.refresh_from_db()
    return sp


def one_of_each(o):
    """A saved row of every consultation model with a declared workflow."""
    out = sent(o)
    sending = out.sendings.get(unit=o.unit)
    m = notified(o)
    sp = speech(o)
    from tests.consult.cases.builders import submitted

    case = submitted(o)
    from tests.consult.reception.builders import one_of_each as reception_one_of_each
    from tests.consult.reports.builders import one_of_each as reports_one_of_each

    return {type(out.topic): out.topic, type(m): m, type(m.invitations.first()): m.invitations.first(),
            type(out): out, type(sending): sending, type(sp): sp, type(case): case, **reports_one_of_each(o),
            **reception_one_of_each(o)}


def every_record(o):
    """At least one row of every consultation model in the county (the admin walk)."""
    out = sent(o)
    sending = out.sendings.get(unit=o.unit)
    reply(o, sending)
    from consult.outcomes import services as outcome_services

    outcome_services.instruct(outcome=out, actor=o.staff, leader="区委书记", instructed_on=timezone.localdate(),
                              text_body="请相关部门抓好落实。", units=[o.other_unit])
    from consult.models import ConsultSettings, FrequencyRule

    speech(o)
    from tests.consult.cases.builders import archived

    archived(o)
    from tests.consult.reports.builders import every_record as reports_every_record

    reports_every_record(o)
    from tests.consult.reception.builders import every_record as reception_every_record

    reception_every_record(o)
    ConsultSettings.objects.get_or_create(committee=o.county)
    FrequencyRule.objects.get_or_create(level="county", committee=o.county, meeting_type="", defaults={"per_year": 4})
    return out


# ---- many rows at once for the query-count tests (plain rows with every relation filled)


def _rows_topics(o, n, **over):
    from consult.models import Topic

    return Topic.objects.bulk_create(Topic(committee=o.county, title=f"议题{next(_n)}", source="member", proposer=o.member,
                                           **over) for _ in range(n))


def make_topics(o, n):
    _rows_topics(o, n)


def make_research(o, n):
    from consult.models import Research

    topics_ = _rows_topics(o, n, state="researching")
    for topic in topics_:
        r = Research.objects.create(committee=o.county, topic=topic, start_date=dt.date(2026, 3, 1),
                                    end_date=dt.date(2026, 3, 2), places="乌衣镇", report="报告")
        r.participants.set([o.member, o.other_member])


def make_plans(o, n):
    from consult.models import ConsultationPlan, PlanItem

    start = ConsultationPlan.objects.filter(committee=o.county).count()
    for i in range(n):
        p = ConsultationPlan.objects.create(committee=o.county, year=2000 + start + i)
        for item in PlanItem.objects.bulk_create(PlanItem(plan=p, title="专题协商", meeting_type="special", quarter=q)
                                                 for q in (1, 2)):
            item.units.set([o.unit, o.other_unit])


def _rows_meetings(o, n, **over):
    from consult.models import Meeting

    start = timezone.now() + dt.timedelta(days=3)
    topic = _rows_topics(o, 1, state="planned")[0]
    return Meeting.objects.bulk_create(Meeting(
        committee=o.county, topic=topic, title=f"协商会{next(_n)}", meeting_type="special", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), venue="会议室", **{"state": "notified", **over}) for _ in range(n))


def make_meetings(o, n):
    _rows_meetings(o, n)


def make_invitations(o, n):
    from consult.models import Invitation

    Invitation.objects.bulk_create(Invitation(meeting=m, member=o.member) for m in _rows_meetings(o, n))


def make_attendance(o, n):
    from consult.models import Attendance

    Attendance.objects.bulk_create(Attendance(meeting=m, member=o.member, status="present")
                                   for m in _rows_meetings(o, n, state="held"))


def _rows_outcomes(o, n, **over):
    from consult.models import Outcome, Recommendation

    rows = Outcome.objects.bulk_create(Outcome(committee=o.county, kind="proposal", title=f"建议案{next(_n)}", text="正文",
                                               state="sent", sent_at=timezone.now(), **over) for _ in range(n))
    Recommendation.objects.bulk_create(Recommendation(outcome=out, number=k, text="建议") for out in rows for k in (1, 2))
    return rows


def make_outcomes(o, n):
    _rows_outcomes(o, n)


def make_sendings(o, n):
    """Sendings to o.unit, replied with adoptions, each with its reply obligation."""
    from consult import deadlines
    from consult.models import OutcomeSending, RecommendationReply

    for out in _rows_outcomes(o, n):
        s = OutcomeSending.objects.create(outcome=out, unit=o.unit, sent_at=timezone.now())
        deadlines.reply_deadline(s, start=timezone.localdate(), instructed=False)
        RecommendationReply.objects.bulk_create(RecommendationReply(sending=s, recommendation=r, adoption="adopted")
                                                for r in out.recommendations.all())


def make_instructions(o, n):
    from consult.models import Instruction, OutcomeSending

    for out in _rows_outcomes(o, n):
        OutcomeSending.objects.create(outcome=out, unit=o.unit, sent_at=timezone.now())
        Instruction.objects.create(outcome=out, leader="区长", instructed_on=timezone.localdate(),
                                   text="阅").units.set([o.unit, o.other_unit])


def make_speeches(o, n):
    from consult.models import Meeting, Speech

    rows = _rows_meetings(o, n)
    Meeting.objects.filter(pk__in=[m.pk for m in rows]).update(meeting_type="plenary")
    Speech.objects.bulk_create(Speech(meeting=m, member=o.member, kind="written", title=f"发言{next(_n)}", text="全文")
                               for m in rows)

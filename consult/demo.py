"""Demo consultation for `seed_demo` (hook `seed(context)`): a year of it for each committee with a demo staff
account (临沭县, a county, and 滁州市, a city — in every scale, so `--scale province` adds no more), made through
the consult services so timelines, obligations and attendance are real:

- topics from every source in various states (已征集, 预可研, 商题中, 不予采用, 已定题 … 成果已报送);
- the annual plan meeting the committee's frequency requirement (county ≥ 4; a city's 1246);
- meetings with invitations and attendance (出席, 线上出席, 请假, 缺席): a plenary and two topic meetings held,
  one notified for the coming days with answers and a leave request waiting for staff;
- research (调研, 视察) before each topic meeting (不调研不协商);
- outcomes: a 建议案 sent to two units months ago — one replied in time, the other overdue (its obligation
  marked overdue) — a 纪要 of the first meeting, and a 协商专报 with a leader's instruction (the 3-month loop).

Meetings are organised in the future (notices go out only before a meeting starts), then moved to their day
in the past and held; outcomes are sent now, then shifted back with their obligations (as proposals/demo.py
back-dates assignments), so the due dates stay those of the deadline engine. Each step runs inside
`Demo.on(when)`, which dates the timeline rows it wrote at the day the event happened (the services stamp
them now), so every timeline reads in the order and on the days of the story.
"""

import datetime as dt
import time
from contextlib import contextmanager

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enums import Role
from members.models import RoleAssignment
from portal.audit import record_transition
from portal.models import StateChange
from supervision.enums import ObligationKind, ObligationState
from supervision.services import obligations_for

from .cases import demo as cases_demo
from .meetings import services as meetings
from .meetings.enums import MeetingType
from .models import ConsultationPlan, Meeting, Outcome, OutcomeSending
from .outcomes import services as outcomes
from .plans import services as plans
from .plans.frequency import rules_for
from .reception import demo as reception_demo
from .reports import demo as reports_demo
from .topics import services as topics

COMMITTEES = ("临沭县", "滁州市")
K = ObligationKind

# (title, 选题案由, 政策依据, 现实状况, 存在问题, 建言方向)
TOPICS = [
    ("关于推进老旧小区加装电梯的议题", "老旧小区居民老龄化，上下楼难成为急难愁盼问题。", "国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见。",
     "城区 2000 年前建成的小区 120 余个，已加装电梯不足两成。", "业主意见难统一，审批环节多，资金分担机制不明。",
     "简化审批流程，建立政府补助与业主分担相结合的资金机制。"),
    ("关于发展县域冷链物流的议题", "农产品产后损耗大，冷链设施短缺制约特色农业发展。", "“十四五”冷链物流发展规划。",
     "全县冷库容量不足需求的一半，产地预冷设施基本空白。", "冷链设施布局散、利用率低，运营主体实力弱。",
     "统筹建设产地冷链集配中心，培育骨干冷链物流企业。"),
    ("关于提升社区嵌入式养老服务的议题", "高龄、独居老人增多，社区养老服务供给不足。", "关于推进基本养老服务体系建设的意见。",
     "城区社区日间照料中心覆盖率约六成，助餐点运营困难。", "服务内容单一，专业人员缺乏，可持续运营机制缺失。",
     "推动嵌入式养老服务设施建设，发展老年助餐，培育专业服务组织。"),
    ("关于加强中小学生课后服务的议题", "家长接送难，课后服务内容需要丰富。", "关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见。",
     "", "", ""),
    ("关于规范城区共享单车停放的议题", "共享单车乱停乱放影响市容和通行。", "", "", "", ""),
    ("关于在河道两岸建设垂钓平台的议题", "群众希望增加休闲场所。", "", "", "", ""),
    ("关于推进城乡供水一体化的议题", "部分山区村供水保障能力不足。", "关于做好农村供水保障工作的指导意见。",
     "农村自来水普及率 95%，但部分村水压不足。", "管网老化，运维主体分散。", "推进城乡供水同网同质同价。"),
]

RECOMMENDATIONS = [
    "建立加装电梯审批“一窗受理”，压缩审批时限。",
    "设立加装电梯专项补助资金，并允许提取住房公积金。",
    "将加装电梯纳入老旧小区改造统筹实施，同步改造管线。",
]


class Demo:
    def __init__(self, ctx, committee):
        self.ctx, self.committee = ctx, committee
        self.staff = (RoleAssignment.objects.filter(role=Role.STAFF, committee=committee).select_related("user")
                      .order_by("id").first().user)
        liaisons = {r.unit_id: r.user for r in RoleAssignment.objects.filter(
            role=Role.UNIT, unit__committee=committee).select_related("user")}
        self.units = [u for u in ctx.units[committee.pk] if u.pk in liaisons][:4]
        self.liaisons = liaisons
        members = [m for m in ctx.members[committee.pk] if m.user_id]
        named = [u.member for u in ctx.users.values() if getattr(getattr(u, "member", None), "committee_id", None)
                 == committee.pk]
        self.members = list(dict.fromkeys(named + members[1:40]))
        self.today = timezone.localdate()
        self.now = timezone.now()

    def moment(self, when, hour=10):
        """An aware datetime: `when` itself, or a date at `hour` o'clock; never later than now."""
        if not isinstance(when, dt.datetime):
            when = timezone.make_aware(dt.datetime.combine(when, dt.time(hour)))
        return min(when, self.now)

    @contextmanager
    def on(self, when, hour=10):
        """Date the timeline rows written inside the block at `when` (a date: `hour` o'clock that day), a
        second apart in the order they were written."""
        at = self.moment(when, hour)
        last = StateChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        yield at
        rows = list(StateChange.objects.filter(id__gt=last).order_by("id").only("id"))
        for n, row in enumerate(rows):
            row.at = at + dt.timedelta(seconds=n)
        StateChange.objects.bulk_update(rows, ["at"], batch_size=500)

    # ---- topics

    def topic(self, i, source, *, proposer=None):
        title, *prestudy = TOPICS[i]
        values = dict(zip(("reason", "policy_basis", "situation", "problems", "directions"), prestudy, strict=True))
        extra = {}
        if source == "member":
            extra["proposer"] = proposer or self.members[i % len(self.members)]
        if source == "public":
            extra.update(resident_name="王女士", resident_phone="13900000000")
        place = self.committee.name.removesuffix("政协")
        return topics.propose_topic(actor=self.staff, committee=self.committee, source=source,
                                    title=title.replace("县域", f"{place}"), **extra, **values)

    def planned(self, i, source, plan, meeting_type, quarter, units, *, approved_on):
        """A topic proposed a month before the plan was approved, studied and discussed, then put on it."""
        with self.on(approved_on - dt.timedelta(days=30)):
            t = self.topic(i, source)
        with self.on(approved_on - dt.timedelta(days=20)):
            topics.start_prestudy(topic=t, actor=self.staff)
        with self.on(approved_on - dt.timedelta(days=10)):
            topics.discuss(topic=t, actor=self.staff, note="已与党委、政府有关部门会商")
        with self.on(approved_on, hour=15):
            return topics.approve(topic=t, actor=self.staff, plan=plan, meeting_type=meeting_type, quarter=quarter,
                                  units=units)

    def research(self, topic, day, kind="research"):
        with self.on(day, hour=16):
            return self._research(topic, day, kind)

    def _research(self, topic, day, kind):
        return topics.record_research(
            topic=topic, actor=self.staff, kind=kind, start_date=day - dt.timedelta(days=3), end_date=day,
            places="城区及部分乡镇", participants=self.members[:5],
            report="调研组实地走访并召开座谈会，形成调研报告，提出意见建议。")

    # ---- meetings

    def meeting(self, title, meeting_type, *, topic=None, plan_item=None, mode="hall", days_ahead=2):
        start = timezone.make_aware(dt.datetime.combine(self.today + dt.timedelta(days=days_ahead), dt.time(9)))
        return meetings.create_meeting(
            actor=self.staff, committee=self.committee, title=title, meeting_type=meeting_type, topic=topic,
            plan_item=plan_item, mode=mode, starts_at=start, ends_at=start + dt.timedelta(hours=2, minutes=30),
            venue=f"{self.committee.name}机关三楼会议室" if mode != "online" else "",
            video_url="https://meeting.example.cn/room/consult" if mode in ("online", "hybrid") else "")

    def invite_and_notify(self, m, invited):
        meetings.invite(meeting=m, actor=self.staff, members=invited)
        return meetings.notify(meeting=m, actor=self.staff)

    def held(self, day, invited, *, leave=(), online=(), absent=(), **meeting):
        """Organise the meeting (`meeting`: the arguments of `meeting()`) twelve days before `day`, notify ten
        days before, let members answer, move it to `day` (at 9:00), record attendance and hold it."""
        with self.on(day - dt.timedelta(days=12)):
            m = self.meeting(**meeting)
        with self.on(day - dt.timedelta(days=10)):
            m = self.invite_and_notify(m, invited)
        by_member = {i.member_id: i for i in m.invitations.select_related("member")}
        for n, member in enumerate(invited):
            invitation = by_member[member.pk]
            if member in leave:
                with self.on(day - dt.timedelta(days=6)):
                    meetings.ask_leave(invitation=invitation, actor=member.user, reason="参加市里组织的培训，不能到会")
                with self.on(day - dt.timedelta(days=5)):
                    meetings.decide_leave(invitation=invitation, actor=self.staff, approve=True)
            elif member not in absent:
                with self.on(day - dt.timedelta(days=9 - n % 3)):
                    meetings.accept(invitation=invitation, actor=member.user)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        Meeting.objects.filter(pk=m.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2, minutes=30))
        m.refresh_from_db()
        with self.on(day, hour=12):
            for member in invited:
                if member in leave or member in absent:
                    continue
                status = "online" if member in online else "present"
                meetings.record_attendance(meeting=m, actor=self.staff, member=member, status=status)
            return meetings.hold(meeting=m, actor=self.staff, note="会议按计划召开")

    # ---- outcomes

    def shift_outcome(self, outcome, days):
        """Move an outcome's sending back by `days`, with its sendings' reply obligations."""
        delta = dt.timedelta(days=days)
        Outcome.objects.filter(pk=outcome.pk).update(sent_at=F("sent_at") - delta)
        for sending in outcome.sendings.all():
            OutcomeSending.objects.filter(pk=sending.pk).update(sent_at=F("sent_at") - delta)
            obligations_for(sending).update(start_date=F("start_date") - delta, due_date=F("due_date") - delta,
                                            original_due_date=F("original_due_date") - delta,
                                            next_reminder_at=self.now)

    def reply(self, sending, adoptions, replied_at):
        with self.on(replied_at):
            return self._reply(sending, adoptions, replied_at)

    def _reply(self, sending, adoptions, replied_at):
        sending = outcomes.reply(
            sending=sending, actor=self.liaisons[sending.unit_id],
            measures="已制定落实方案，明确责任科室和完成时限，相关措施正在推进。",
            adoptions=[{"recommendation": r, "adoption": a, "measures": "已纳入年度重点工作"}
                       for r, a in zip(sending.outcome.recommendations.order_by("number"), adoptions, strict=False)])
        OutcomeSending.objects.filter(pk=sending.pk).update(replied_at=replied_at)
        obligations_for(sending, K.OUTCOME_REPLY).filter(state=ObligationState.MET).update(met_at=replied_at)
        return sending

    def mark_overdue(self, sending):
        """The reply obligation past its due date is overdue, as the sweep marks it (with its timeline row)."""
        for obligation in obligations_for(sending, K.OUTCOME_REPLY).filter(
                state=ObligationState.OPEN, due_date__lt=self.today):
            obligation.state = ObligationState.OVERDUE
            obligation.save(update_fields=["state"])
            with self.on(obligation.due_date + dt.timedelta(days=1), hour=1):  # the night's sweep
                record_transition(obligation, action="overdue", from_state=ObligationState.OPEN,
                                  to_state=ObligationState.OVERDUE,
                                  note=_("截止日期 %(due)s 已过") % {"due": obligation.due_date})


def fill_plan(d, plan):
    """Plain items (a plenary, bimonthly forums …) until the plan meets every frequency rule."""
    items = list(plan.items.values_list("meeting_type", flat=True))
    added = []
    for meeting_type, required in rules_for(d.committee):
        have = len(items) if not meeting_type else items.count(meeting_type)
        kind = meeting_type or MeetingType.SPECIAL
        label = MeetingType(kind).label
        for n in range(have, required):
            quarter = n % 4 + 1
            added.append(plans.add_plan_item(plan=plan, actor=d.staff, title=f"{label}（第{n + 1}次）",
                                              meeting_type=kind, quarter=quarter, units=d.units[:1]))
            items.append(kind)
    return added


def _title(topic):
    """请你来协商：推进老旧小区加装电梯 (the meeting named by its format and topic)."""
    label = MeetingType(topic.plan_item.meeting_type).label
    return f"{label}：{topic.title.removeprefix('关于').removesuffix('的议题')}"


def seed_committee(ctx, d):
    today = d.today
    m0_day, m1_day, m2_day = (today - dt.timedelta(days=n) for n in (200, 130, 45))
    approved_on = m0_day - dt.timedelta(days=40)
    year = m1_day.year
    with d.on(approved_on - dt.timedelta(days=5)):
        plan = plans.create_plan(actor=d.staff, committee=d.committee, year=year, title=f"{year}年度协商计划",
                                 note="经党委常委会研究同意")
    a, b_, c = d.units[0], d.units[1], d.units[2 % len(d.units)]
    city = d.committee.level == "city"
    t1 = d.planned(0, "member", plan, MeetingType.STANDING if city else MeetingType.INVITE_YOU, 1, [a, b_],
                   approved_on=approved_on)
    t2 = d.planned(1, "assigned", plan, MeetingType.FACE_TO_FACE if city else MeetingType.SPECIAL, 2, [c],
                   approved_on=approved_on)
    t3 = d.planned(2, "public", plan, MeetingType.BIMONTHLY if city else MeetingType.COUNTERPART, 4, [a],
                   approved_on=approved_on)
    plenary_type = MeetingType.PLENARY if city else MeetingType.SPECIAL
    with d.on(approved_on, hour=16):
        plenary = plans.add_plan_item(plan=plan, actor=d.staff, title="全体委员会议专题协商", meeting_type=plenary_type,
                                      quarter=1, units=[])
        fill_plan(d, plan)
    # topics elsewhere in the pipeline, proposed in the last weeks
    with d.on(today - dt.timedelta(days=40)):
        grassroots = d.topic(3, "grassroots")
    with d.on(today - dt.timedelta(days=30)):
        topics.start_prestudy(topic=grassroots, actor=d.staff)
    with d.on(today - dt.timedelta(days=12)):
        d.topic(4, "member")  # 已征集
    with d.on(today - dt.timedelta(days=60)):
        dropped = d.topic(5, "public")
    with d.on(today - dt.timedelta(days=50)):
        topics.drop(topic=dropped, actor=d.staff, reason="不属于政协协商范围，已转有关部门参考")
    with d.on(today - dt.timedelta(days=35)):
        discussing = d.topic(6, "assigned")
    with d.on(today - dt.timedelta(days=25)):
        topics.start_prestudy(topic=discussing, actor=d.staff)
    with d.on(today - dt.timedelta(days=8)):
        topics.discuss(topic=discussing, actor=d.staff)

    people = d.members
    m0 = d.held(m0_day, people[:10], leave=people[8:9], absent=people[9:10],
                title=f"{year}年全体委员会议专题协商", meeting_type=plenary_type, plan_item=plenary)
    d.research(t1, m1_day - dt.timedelta(days=20))
    m1 = d.held(m1_day, people[:8], leave=people[6:7], absent=people[7:8],
                title=_title(t1), meeting_type=t1.plan_item.meeting_type, topic=t1)
    d.research(t2, m2_day - dt.timedelta(days=15), kind="inspection")
    m2 = d.held(m2_day, people[2:10], online=people[4:6], leave=people[9:10], absent=people[8:9],
                title=_title(t2), meeting_type=t2.plan_item.meeting_type, topic=t2, mode="hybrid")
    # the coming meeting: notified, answers coming in, one leave request for staff to decide
    d.research(t3, today - dt.timedelta(days=5))
    with d.on(today - dt.timedelta(days=4)):
        upcoming = d.meeting(_title(t3), t3.plan_item.meeting_type, topic=t3, days_ahead=10)
    with d.on(today - dt.timedelta(days=3)):
        upcoming = d.invite_and_notify(upcoming, people[:6])
    waiting = {i.member_id: i for i in upcoming.invitations.all()}
    with d.on(today - dt.timedelta(days=2)):
        meetings.accept(invitation=waiting[people[1].pk], actor=people[1].user)
        meetings.accept(invitation=waiting[people[2].pk], actor=people[2].user)
    with d.on(today - dt.timedelta(days=1)):
        meetings.ask_leave(invitation=waiting[people[3].pk], actor=people[3].user, reason="单位有重要接待任务")

    # outcomes: the 建议案 of m1 to two units — one replied in time, the other overdue
    with d.on(m1_day + dt.timedelta(days=5)):
        proposal = outcomes.create_outcome(actor=d.staff, meeting=m1, kind="proposal",
                                           title=f"关于{t1.title[2:-3]}的建议案",
                                           text_body="围绕老旧小区加装电梯，协商会形成如下建议。",
                                           recommendations=RECOMMENDATIONS)
        outcomes.create_outcome(actor=d.staff, meeting=m1, kind="minutes", title=f"{m1.title}纪要",
                                text_body="会议听取了有关部门情况通报，与会委员和群众代表围绕议题深入协商，达成以下共识。",
                                recommendations=RECOMMENDATIONS[:2])
    with d.on(d.now - dt.timedelta(days=100)):
        outcomes.send(outcome=proposal, actor=d.staff, units=[a, b_])
    d.shift_outcome(proposal, 100)
    d.reply(proposal.sendings.get(unit=a), ["adopted", "partly", "adopted"],
            timezone.now() - dt.timedelta(days=75))
    d.mark_overdue(proposal.sendings.get(unit=b_))
    # the 协商专报 of m2 with a leader's instruction: the 3-month closed loop
    with d.on(m2_day + dt.timedelta(days=5)):
        report = outcomes.create_outcome(actor=d.staff, meeting=m2, kind="special_report",
                                         title=f"关于{t2.title[2:-3]}的协商专报",
                                         text_body="专题协商会后，经梳理形成协商专报，报送党委、政府参阅。",
                                         recommendations=["统筹规划建设冷链集配中心。", "培育壮大冷链物流市场主体。"])
    with d.on(d.now - dt.timedelta(days=35)):
        outcomes.send(outcome=report, actor=d.staff, units=[c])
    d.shift_outcome(report, 35)
    report.refresh_from_db()
    with d.on(today - dt.timedelta(days=30), hour=15):
        outcomes.instruct(outcome=report, actor=d.staff, leader="党委书记", instructed_on=today - dt.timedelta(days=30),
                          text_body="请相关部门认真研究，抓好落实，三个月内报送落实情况。", units=[c])
    return {"plan": plan, "meetings": [m0, m1, m2, upcoming]}


def seed(ctx):
    """A year of consultation for each committee with a demo staff account (skipped where one is missing)."""
    started, made = time.monotonic(), 0
    for key in COMMITTEES:
        committee = ctx.committees.get(key)
        if committee is None or not RoleAssignment.objects.filter(role=Role.STAFF, committee=committee).exists():
            continue
        d = Demo(ctx, committee)
        if len(d.units) < 3 or len(d.members) < 10:
            ctx.log(f"（跳过{committee.name}的协商演示数据：承办单位或委员账号不足）")
            continue
        seed_committee(ctx, d)
        reception_demo.seed_committee(ctx, committee, d.staff, d.members)
        cases_demo.seed_committee(ctx, committee, d.staff)
        reports_demo.seed_committee(ctx, d)
        made += 1
    if made:
        plans_ = ConsultationPlan.objects.filter(committee__name__in=[f"{k}政协" for k in COMMITTEES]).count()
        ctx.log(f"  协商：{made} 个政协组织，年度计划 {plans_} 个，含议题、调研、会议出勤、成果与答复"
                f"（{time.monotonic() - started:.1f} 秒）")
    return made

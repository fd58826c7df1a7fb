"""Years of a province's consultation work, written in bulk: the consultation part of `manage.py seed_history`
(used by `make bench`), called by the command after the proposals (proposals.history).

For every committee (not townships) with members and handling units, and every year of the history, what the
consult services would have stored:

- the annual plan (协商计划) meeting the committee's frequency requirement (consult.plans.frequency): one item
  per planned topic, plain items (a plenary, bimonthly forums …) for the rest, each with its units;
- topics (协商议题) from every source: the planned ones through 预可研, 商题, 定题, 调研, 协商 and on to
  成果已报送 / 已反馈 / 已办结; a few dropped (不予采用), and this year's last ones still collected;
- the research (调研, 视察) before each topic meeting, with a handful of participating members;
- a meeting per plan item whose day has passed (a few cancelled), with a few dozen invited members, their
  answers (参加, 不参加, 请假 granted or refused, no answer) and the attendance recorded when it was held;
- outcomes of the topic meetings (建议案, 协商专报, 调研报告 … with three to five recommendations), sent to one
  to three of the committee's units a few weeks after the meeting; the replies with adoption per
  recommendation (most within the two months, some late, the last months' partly still owed);
- their obligations: a reply (OUTCOME_REPLY) per sending — met when replied, else pending (overdue past the
  due date) with its next reminder scheduled; for the last year's meetings, also the members' answers
  (CONSULT_INVITATION, met when answered, waived when the meeting was held unanswered) and the staff's leave
  decisions (CONSULT_LEAVE_REVIEW, met);
- the timelines (StateChange rows) of topics, meetings, outcomes and sendings.

Every meeting lies in the past (the demo has the coming ones): the only pending obligations written here are
the replies not yet given. Deliberately left out (they would add rows, not shape): the invitations'
own timelines, leader instructions, 回头看 and obligations of meetings before the last year (settled long ago).
Rows go in through proposals.history's loader (PostgreSQL COPY, executemany elsewhere), so the timestamps
are the story's, not the load's.
"""

import datetime as dt
import random
import time
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from members.enums import CommitteeLevel, Role
from members.models import Committee, HandlingUnit, Member, RoleAssignment
from portal.models import StateChange
from proposals.history import Loader
from supervision.calendar import add_months, add_workdays
from supervision.enums import ObligationKind, ObligationState, OwnerKind
from supervision.models import Obligation
from supervision.schedule import plan as reminder_plan
from supervision.services.due_actions import due_action_at
from supervision.services.policies import PolicyBook

from .meetings.enums import AttendanceStatus, InvitationState, MeetingMode, MeetingState, MeetingType
from .models import (
    Attendance,
    ConsultationPlan,
    ConsultSettings,
    Invitation,
    Meeting,
    Outcome,
    OutcomeSending,
    PlanItem,
    Recommendation,
    RecommendationReply,
    Research,
    Topic,
)
from .outcomes.enums import Adoption, OutcomeKind, OutcomeState, SendingState
from .plans.frequency import rules_for
from .topics.enums import ResearchKind, TopicSource, TopicState

K, OS, T, I = ObligationKind, ObligationState, TopicState, InvitationState  # noqa: E741

# what a committee consults on (the topic is 关于<subject>的议题)
SUBJECTS = [
    "推进老旧小区加装电梯", "发展县域冷链物流", "提升社区嵌入式养老服务", "加强中小学生课后服务", "规范城区共享单车停放",
    "推进城乡供水一体化", "优化营商环境", "促进农村电商发展", "加强基层医疗卫生服务能力", "推进垃圾分类",
    "发展乡村旅游", "保护传统村落", "加强食品安全监管", "推进智慧城市建设", "缓解城区停车难", "提升职业教育质量",
    "加强生态环境保护", "促进高校毕业生就业", "推进乡村振兴", "完善托育服务体系", "加强河湖长制落实",
    "推动文旅融合发展", "加强农村人居环境整治", "发展数字经济", "完善养老保险制度", "推进“放管服”改革",
    "加强心理健康服务", "保障农民工工资支付", "提升公共文化服务", "推进新能源汽车充电设施建设",
]
PLACES = ["城区及部分乡镇", "经济开发区", "重点企业和社区", "部分乡镇和村居", "相关部门和项目现场"]
RECOMMENDATIONS = [
    "建立部门协同工作机制，明确牵头单位和责任分工。", "加大财政投入，设立专项资金并提高使用效率。",
    "简化审批流程，推行“一窗受理”和限时办结。", "加强人才队伍建设，完善培训和激励机制。",
    "强化督查考核，把落实情况纳入年度目标考核。", "完善配套政策，出台实施细则和操作指引。",
    "加强宣传引导，营造全社会共同参与的良好氛围。", "试点先行，总结经验后逐步推广。",
]
REASONS = ["群众反映强烈，是急难愁盼问题。", "关系经济社会发展全局，党委、政府高度关注。", "委员调研中多次提出。"]
OUTCOME_KINDS = {OutcomeKind.PROPOSAL: 45, OutcomeKind.SPECIAL_REPORT: 30, OutcomeKind.RESEARCH_REPORT: 15,
                 OutcomeKind.INSPECTION_REPORT: 10}
INVITED = (20, 45)  # members invited to a meeting
SENT_UNITS = (1, 3)


def _pick(rng, weights):
    r = rng.random() * sum(weights.values())
    for key, w in weights.items():
        r -= w
        if r <= 0:
            return key
    return key


class ConsultHistory:
    def __init__(self, *, years, seed, log):
        self.rng = random.Random(seed + 9)
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.cap = self.now - dt.timedelta(minutes=5)
        self.years = list(range(self.today.year - years + 1, self.today.year + 1))
        self.recent = self.today - dt.timedelta(days=365)  # meetings after this keep their members' obligations
        self.policies = PolicyBook.load()
        self.counts = Counter()
        self.topics, self.rules, self.workdays = {}, {}, {}
        self.cancelled_any = False  # one meeting at least is cancelled, whatever the draws of a short history

    # -- time
    def at(self, day, low=8, high=18):
        naive = dt.datetime.combine(day, dt.time(self.rng.randint(low, high - 1), self.rng.randint(0, 59)))
        return min(timezone.make_aware(naive), self.cap)

    def later(self, moment, low_days, high_days):
        return min(moment + dt.timedelta(days=self.rng.uniform(low_days, high_days)), self.cap)

    # -- the organisation
    def _org(self):
        self.committees = [c for c in Committee.objects.exclude(level=CommitteeLevel.TOWNSHIP).order_by("path")]
        self.members = defaultdict(list)
        for pk, committee_id in Member.objects.filter(active=True).order_by("pk").values_list("pk", "committee_id"):
            self.members[committee_id].append(pk)
        self.names = dict(Member.objects.values_list("pk", "name"))
        self.units = defaultdict(list)
        for pk, committee_id in HandlingUnit.objects.filter(active=True).order_by("pk").values_list("pk", "committee_id"):
            self.units[committee_id].append(pk)
        self.unit_user = dict(RoleAssignment.objects.filter(role=Role.UNIT, unit__isnull=False).order_by("pk")
                              .values_list("unit_id", "user_id"))
        staff = dict(RoleAssignment.objects.filter(role=Role.STAFF).order_by("-pk").values_list("committee_id", "user_id"))
        self.staff = {}
        for c in self.committees:
            ids = [int(p) for p in c.path.strip("/").split("/") if p]
            self.staff[c.pk] = next((staff[i] for i in reversed(ids) if i in staff), None)
        self.settings = {s.committee_id: s for s in ConsultSettings.objects.all()}
        self.planned_years = set(ConsultationPlan.objects.values_list("committee_id", "year"))  # the demo's
        self.ct = {m: ContentType.objects.get_for_model(m).pk
                   for m in (Topic, Meeting, Outcome, OutcomeSending, Invitation, Obligation)}

    def _tables(self):
        L = self.loader = Loader(self.log)  # noqa: N806
        self.t_plan = L.table(ConsultationPlan, ["id", "committee_id", "year", "title", "note", "created_at"])
        self.t_item = L.table(PlanItem, ["id", "plan_id", "topic_id", "title", "meeting_type", "quarter", "order"])
        self.t_item_units = L.table(PlanItem.units.through, ["planitem_id", "handlingunit_id"])
        self.t_topic = L.table(Topic, ["id", "committee_id", "title", "source", "reason", "policy_basis", "situation",
                                       "problems", "directions", "proposer_id", "resident_name", "state",
                                       "drop_reason", "created_by_id", "created_at", "updated_at"])
        self.t_research = L.table(Research, ["id", "committee_id", "topic_id", "kind", "start_date", "end_date",
                                             "places", "report", "created_by_id", "created_at"])
        self.t_research_members = L.table(Research.participants.through, ["research_id", "member_id"])
        self.t_meeting = L.table(Meeting, ["id", "committee_id", "topic_id", "plan_item_id", "title", "meeting_type",
                                           "mode", "starts_at", "ends_at", "venue", "state", "cancel_reason",
                                           "created_by_id", "created_at"])
        self.t_invitation = L.table(Invitation, ["id", "meeting_id", "member_id", "compulsory", "state",
                                                 "leave_reason", "decision_note", "answered_at", "created_at"])
        self.t_attendance = L.table(Attendance, ["meeting_id", "member_id", "status", "recorded_by_id",
                                                 "recorded_at"])
        self.t_outcome = L.table(Outcome, ["id", "committee_id", "meeting_id", "topic_id", "kind", "title", "text",
                                           "state", "sent_at", "created_by_id", "created_at"])
        self.t_recommendation = L.table(Recommendation, ["id", "outcome_id", "number", "text"])
        self.t_sending = L.table(OutcomeSending, ["id", "outcome_id", "unit_id", "state", "sent_at", "measures",
                                                  "replied_at", "replied_by_id"])
        self.t_adoption = L.table(RecommendationReply, ["sending_id", "recommendation_id", "adoption", "measures"])
        self.t_obligation = L.table(Obligation, [
            "id", "committee_id", "kind", "title", "title_key", "title_params", "subject_type_id", "subject_id",
            "owner_kind", "owner_unit_id", "owner_member_id", "start_date", "due_date", "original_due_date",
            "state", "met_at", "next_reminder_at", "due_action_at", "url", "created_at"])
        self.t_change = L.table(StateChange, ["content_type_id", "object_id", "at", "actor_id", "action",
                                              "from_state", "to_state", "note"])

    def run(self):
        started = time.monotonic()
        self._org()
        self._tables()
        done = 0
        for year in self.years:  # ids follow time, as in real use
            for committee in self.committees:
                if not self.members[committee.pk] or not self.units[committee.pk]:
                    continue
                if (committee.pk, year) in self.planned_years or dt.date(year, 1, 20) >= self.today:
                    continue
                self._year(committee, year)
                done += 1
            self.log(f"  协商 {year}：{done} 个年度计划，{time.monotonic() - started:.0f} 秒")
        self.loader.finish()
        self.counts.update({f"consult {t.model._meta.label}": t.count for t in self.loader.tables})
        self.log(f"  协商数据写入完成：{time.monotonic() - started:.0f} 秒")
        return self.counts

    def change(self, model, pk, at, actor, action, frm="", to="", note=""):
        self.t_change.add(self.ct[model], pk, at, actor, action, frm, to, note)

    # -- one committee, one year
    def _year(self, committee, year):
        rng = self.rng
        staff = self.staff[committee.pk]
        approved = self.at(dt.date(year, 1, rng.randint(10, 19)))
        plan_id = self.t_plan.new_id()
        self.t_plan.add(plan_id, committee.pk, year, f"{year}年度协商计划", "经党委常委会研究同意", approved)
        if committee.pk not in self.rules:
            self.rules[committee.pk] = rules_for(committee)
        rules = self.rules[committee.pk]
        slots = []  # meeting types the plan needs, the rule's own type or a topic meeting
        for meeting_type, per_year in rules:
            slots += [meeting_type or ""] * per_year
        extra = rng.randint(0, 2)  # the X beyond the requirement
        slots += [""] * extra
        topic_slots = [i for i, s in enumerate(slots) if s in ("", MeetingType.STANDING, MeetingType.FACE_TO_FACE)]
        with_topic = set(topic_slots[: max(2, len(topic_slots) * 3 // 4)])
        subjects = rng.sample(SUBJECTS, min(len(SUBJECTS), len(with_topic) + rng.randint(1, 3)))
        # topics not taken up: one dropped, the last ones (this year) still collected
        for subject in subjects[len(with_topic):]:
            created = self.at(dt.date(year, 1, 1) - dt.timedelta(days=rng.randint(20, 80)))
            state = T.COLLECTED if year == self.today.year and rng.random() < 0.6 else T.DROPPED
            self._topic(committee, subject, created, state, staff, upto=None)
        order = 0
        for i, slot in enumerate(slots):
            order += 1
            quarter = min(4, i * 4 // len(slots) + 1)
            meeting_type = slot or _pick(rng, {MeetingType.SPECIAL: 40, MeetingType.COUNTERPART: 20,
                                               MeetingType.INVITE_YOU: 20, MeetingType.SECTOR: 10,
                                               MeetingType.PROPOSAL: 10})
            first = max(dt.date(year, 3 * quarter - 2, 1), approved.date() + dt.timedelta(days=20))
            day = first + dt.timedelta(days=rng.randint(5, 80))
            topic_id = subject = None
            if i in with_topic:
                subject = subjects[len([j for j in with_topic if j < i])]
            label = MeetingType(meeting_type).label
            title = f"{label}：{subject}" if subject else f"{label}（第{order}次）"
            item_id = self.t_item.new_id()
            held = day < self.today - dt.timedelta(days=3)
            if subject:
                topic_id = self._topic(committee, subject, approved - dt.timedelta(days=rng.randint(40, 70)), None, staff,
                                       upto=approved, day=day if held else None)
            self.t_item.add(item_id, plan_id, topic_id, title, meeting_type, quarter, order)
            for unit in rng.sample(self.units[committee.pk], min(len(self.units[committee.pk]), rng.randint(0, 2))):
                self.t_item_units.add(item_id, unit)
            if held:
                self._meeting(committee, title, meeting_type, topic_id, item_id, day, staff, subject)
        self._write_topics()

    def _topic(self, committee, subject, created, state, staff, *, upto, day=None):
        """A topic; `state` given (collected, dropped) or, for a planned one, from its meeting `day`."""
        rng = self.rng
        pk = self.t_topic.new_id()
        source = _pick(rng, {TopicSource.MEMBER: 40, TopicSource.ASSIGNED: 30, TopicSource.PUBLIC: 20,
                             TopicSource.GRASSROOTS: 10})
        proposer = rng.choice(self.members[committee.pk]) if source == TopicSource.MEMBER else None
        self.change(Topic, pk, created, staff, "create", "", T.COLLECTED)
        moves = []
        if state == T.DROPPED:
            moves = [("drop", T.COLLECTED, T.DROPPED, self.later(created, 10, 40))]
        elif state is None:
            moves = [("start_prestudy", T.COLLECTED, T.PRESTUDY, self.later(created, 3, 10)),
                     ("discuss", T.PRESTUDY, T.DISCUSSING, self.later(created, 15, 30)),
                     ("approve", T.DISCUSSING, T.PLANNED, upto)]
            if day is not None:  # the research before, the meeting on `day`; outcomes move it on (_outcomes)
                moves.append(("start_research", T.PLANNED, T.RESEARCHING, self.at(day - dt.timedelta(days=20))))
                moves.append(("consulted", T.RESEARCHING, T.CONSULTED, self.at(day, 11, 12)))
        for action, frm, to, at in moves:
            self.change(Topic, pk, at, staff, action, frm, to)
        full = state is None or rng.random() < 0.5
        texts = (rng.choice(REASONS), "党委、政府年度重点工作部署。", "已有一定工作基础，但与群众期待仍有差距。",
                 "统筹不够、投入不足、机制不健全。", "建立长效机制，加大投入，补齐短板。") if full else (rng.choice(REASONS), "", "", "", "")
        # written at the end of the year (`_write_topics`): its meeting and outcomes move it on
        self.topics[pk] = {
            "row": (pk, committee.pk, f"关于{subject}的议题", source, *texts, proposer,
                    "王女士" if source == TopicSource.PUBLIC else ""),
            "tail": ("不属于政协协商范围，已转有关部门参考" if state == T.DROPPED else "", staff, created),
            "state": moves[-1][2] if moves else T.COLLECTED, "updated": moves[-1][3] if moves else created}
        return pk

    def _write_topics(self):
        for t in self.topics.values():
            self.t_topic.add(*t["row"], t["state"], *t["tail"], t["updated"])
            self.counts[f"topics {t['state']}"] += 1
        self.topics = {}

    def _meeting(self, committee, title, meeting_type, topic_id, item_id, day, staff, subject):
        rng = self.rng
        members = self.members[committee.pk]
        pk = self.t_meeting.new_id()
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.choice((9, 9, 14)), 0)))
        created = self.at(day - dt.timedelta(days=rng.randint(15, 25)))
        notified = self.at(day - dt.timedelta(days=rng.randint(7, 12)))
        cancelled = topic_id is None and (rng.random() < 0.05 or not self.cancelled_any)
        self.cancelled_any |= cancelled
        mode = _pick(rng, {MeetingMode.HALL: 70, MeetingMode.SITE: 15, MeetingMode.HYBRID: 10, MeetingMode.ONLINE: 5})
        state = MeetingState.CANCELLED if cancelled else MeetingState.HELD
        self.t_meeting.add(pk, committee.pk, topic_id, item_id, title, meeting_type, mode, start,
                           start + dt.timedelta(hours=2, minutes=30), "" if mode == MeetingMode.ONLINE else "机关三楼会议室",
                           state, "会期调整，另行通知" if cancelled else "", staff, created)
        self.change(Meeting, pk, created, staff, "create", "", MeetingState.PLANNED)
        self.change(Meeting, pk, notified, staff, "notify", MeetingState.PLANNED, MeetingState.NOTIFIED)
        end_at = self.at(day, 12, 13) if not cancelled else self.at(day - dt.timedelta(days=rng.randint(1, 5)))
        self.change(Meeting, pk, end_at, staff, "cancel" if cancelled else "hold", MeetingState.NOTIFIED, state,
                    "会期调整，另行通知" if cancelled else "")
        recent = day >= self.recent
        invited = rng.sample(members, min(len(members), rng.randint(*INVITED)))
        for member in invited:
            iid = self.t_invitation.new_id()
            roll = rng.random()
            if roll < 0.78:
                answer, status = I.ACCEPTED, (AttendanceStatus.PRESENT if rng.random() < 0.95 else AttendanceStatus.ABSENT)
                if mode in (MeetingMode.ONLINE, MeetingMode.HYBRID) and status == AttendanceStatus.PRESENT and rng.random() < 0.4:
                    status = AttendanceStatus.ONLINE
            elif roll < 0.87:
                answer, status = I.LEAVE_APPROVED, AttendanceStatus.LEAVE
            elif roll < 0.89:
                answer, status = I.LEAVE_REFUSED, AttendanceStatus.PRESENT
            else:
                answer, status = I.INVITED, AttendanceStatus.ABSENT
            answered = self.later(notified, 0.2, 5) if answer != I.INVITED else None
            leave = answer in (I.LEAVE_APPROVED, I.LEAVE_REFUSED)
            self.t_invitation.add(iid, pk, member, True, answer, "工作冲突，不能到会" if leave else "",
                                  "会议重要，请安排参加" if answer == I.LEAVE_REFUSED else "", answered, notified)
            if not cancelled:
                self.t_attendance.add(pk, member, status, staff, self.at(day, 11, 12))
            if recent:
                key = "答复协商活动邀请：%(title)s"
                due = max(notified.date(), day - dt.timedelta(days=1))
                self._obligation(committee, K.CONSULT_INVITATION, key, {"title": title}, Invitation, iid, OwnerKind.MEMBER,
                                 member=member, start=notified.date(), due=due, done=answered or end_at,
                                 waived=answered is None)
                if leave:
                    decided = self.later(answered, 0.5, 2)
                    days = self.settings[committee.pk].leave_review_workdays if committee.pk in self.settings else 2
                    key = (answered.date(), days)
                    if key not in self.workdays:
                        self.workdays[key] = add_workdays(*key)
                    self._obligation(committee, K.CONSULT_LEAVE_REVIEW, "审批%(member)s的请假：%(title)s",
                                     {"member": self.names.get(member, ""), "title": title}, Invitation, iid,
                                     OwnerKind.STAFF, start=answered.date(), due=min(self.workdays[key], day),
                                     done=decided)
        self.counts["meetings"] += 1
        if cancelled or topic_id is None:
            return
        # the research before, then outcomes
        rid = self.t_research.new_id()
        kind = ResearchKind.INSPECTION if rng.random() < 0.3 else ResearchKind.RESEARCH
        research_end = day - dt.timedelta(days=rng.randint(10, 20))
        self.t_research.add(rid, committee.pk, topic_id, kind, research_end - dt.timedelta(days=rng.randint(1, 4)),
                            research_end, rng.choice(PLACES), "调研组实地走访并召开座谈会，形成调研报告，提出意见建议。",
                            staff, self.at(research_end))
        for member in rng.sample(invited, min(len(invited), rng.randint(3, 6))):
            self.t_research_members.add(rid, member)
        self._outcomes(committee, pk, topic_id, subject, day, staff)

    def _outcomes(self, committee, meeting_id, topic_id, subject, day, staff):
        rng = self.rng
        units = self.units[committee.pk]
        sent_at = self.at(day + dt.timedelta(days=rng.randint(10, 35)))
        sent = sent_at < self.cap - dt.timedelta(days=1)
        oid = self.t_outcome.new_id()
        kind = _pick(rng, OUTCOME_KINDS)
        created = self.at(day + dt.timedelta(days=rng.randint(3, 8)))
        self.t_outcome.add(oid, committee.pk, meeting_id, topic_id, kind, f"关于{subject}的{OutcomeKind(kind).label}",
                           f"围绕{subject}，协商会形成如下意见建议。", OutcomeState.SENT if sent else OutcomeState.DRAFT,
                           sent_at if sent else None, staff, created)
        self.change(Outcome, oid, created, staff, "create", "", OutcomeState.DRAFT)
        recs = []
        for n, text in enumerate(rng.sample(RECOMMENDATIONS, rng.randint(3, 5)), 1):
            rec = self.t_recommendation.new_id()
            self.t_recommendation.add(rec, oid, n, text)
            recs.append(rec)
        if rng.random() < 0.3:  # the meeting's minutes too, kept as a draft record
            mid = self.t_outcome.new_id()
            self.t_outcome.add(mid, committee.pk, meeting_id, topic_id, OutcomeKind.MINUTES, f"{subject}协商会议纪要",
                               "会议听取了有关部门情况通报，与会委员围绕议题深入协商。", OutcomeState.DRAFT, None, staff,
                               created)
            self.change(Outcome, mid, created, staff, "create", "", OutcomeState.DRAFT)
        if not sent:
            return
        chosen = rng.sample(units, min(len(units), rng.randint(*SENT_UNITS)))
        self.change(Outcome, oid, sent_at, staff, "send", OutcomeState.DRAFT, OutcomeState.SENT, "报送")
        topic = self.topics[topic_id]
        topic.update(state=T.OUTCOME_SENT, updated=sent_at)
        self.change(Topic, topic_id, sent_at, staff, "send_outcome", T.CONSULTED, T.OUTCOME_SENT)
        months = self.settings[committee.pk].reply_months if committee.pk in self.settings else 2
        due = add_months(sent_at.date(), months)
        last_reply = None
        all_replied = True
        for unit in chosen:
            sid = self.t_sending.new_id()
            # most reply within the time, some late; the last months' partly still owed
            replied_at = self.later(sent_at, 10, 80) if rng.random() < 0.93 else None
            if replied_at is not None and replied_at >= self.cap - dt.timedelta(hours=1):
                replied_at = None
            if replied_at is not None and (self.now - sent_at).days < 75 and rng.random() < 0.4:
                replied_at = None
            user = self.unit_user.get(unit)
            self.t_sending.add(sid, oid, unit, SendingState.REPLIED if replied_at else SendingState.SENT, sent_at,
                               "已制定落实方案，明确责任科室和完成时限。" if replied_at else "", replied_at,
                               user if replied_at else None)
            self._obligation(committee, K.OUTCOME_REPLY, "答复协商成果《%(title)s》",
                             {"title": f"关于{subject}的{OutcomeKind(kind).label}"}, OutcomeSending, sid, OwnerKind.UNIT,
                             unit=unit, start=sent_at.date(), due=due, done=replied_at)
            if replied_at:
                self.change(OutcomeSending, sid, replied_at, user, "reply", SendingState.SENT, SendingState.REPLIED)
                for rec in recs:
                    self.t_adoption.add(sid, rec, _pick(rng, {Adoption.ADOPTED: 60, Adoption.PARTLY: 30,
                                                              Adoption.NOT_ADOPTED: 10}), "")
                last_reply = max(last_reply or replied_at, replied_at)
            else:
                all_replied = False
            self.counts["sendings pending" if not replied_at else "sendings replied"] += 1
        if all_replied:
            topic.update(state=T.REPLIED, updated=last_reply)
            self.change(Topic, topic_id, last_reply, None, "all_replied", T.OUTCOME_SENT, T.REPLIED)
            if (self.now - last_reply).days > 240:
                closed = self.later(last_reply, 30, 120)
                topic.update(state=T.CLOSED, updated=closed)
                self.change(Topic, topic_id, closed, staff, "close", T.REPLIED, T.CLOSED)

    def _obligation(self, committee, kind, key, params, model, subject_id, owner_kind, *, start, due, done,
                    unit=None, member=None, waived=False):
        oid = self.t_obligation.new_id()
        due = max(due, start)
        created = min(self.at(start), self.cap)
        if done is not None:
            state, met_at = (OS.WAIVED, None) if waived else (OS.MET, done)
            next_reminder = action_at = None
        else:
            state, met_at = (OS.OVERDUE if due < self.today else OS.OPEN), None
            policy = self.policies.get(committee.pk, kind)
            next_reminder = reminder_plan(due, policy, now=self.now, since=start).upcoming_at
            action_at = due_action_at(kind, due)
        self.t_obligation.add(
            oid, committee.pk, kind, (key % params)[:300], key, params, self.ct[model], subject_id, owner_kind,
            unit if owner_kind == OwnerKind.UNIT else None, member if owner_kind == OwnerKind.MEMBER else None,
            start, due, due, state, met_at, next_reminder, action_at, "", created)
        self.counts[f"obligations {kind} {state}"] += 1
        if model is Invitation:
            return  # the members' answers keep no timeline of their own here (see the module's docstring)
        self.change(Obligation, oid, created, None, "create", "", OS.OPEN, f"截止日期 {due}")
        if done is not None:
            self.change(Obligation, oid, done, None, "waive" if waived else "meet", OS.OPEN, state)
        elif state == OS.OVERDUE:
            marked = self.at(due + dt.timedelta(days=1), 0, 1) if due + dt.timedelta(days=1) < self.today else self.cap
            self.change(Obligation, oid, marked, None, "overdue", OS.OPEN, OS.OVERDUE)


def seed_consult_history(*, years=10, seed=2026, log=print):
    """Write the consultation history in one transaction; returns {what: rows written, ...}."""
    with transaction.atomic():
        return ConsultHistory(years=years, seed=seed, log=log).run()

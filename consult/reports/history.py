"""The 社情民意信息 of `seed_history`'s grassroots part (consult/grassroots_history.py, which describes the whole):
per committee and year, reports as consult.reports.services would have stored them — written by members
(information officers more often), submitted (a few kept as drafts a while, a few returned and submitted
again), edited, merged, adopted with the committee's own level or not adopted; the monthly 期刊 and quarterly
专报 issues they were compiled into, numbered per committee, kind and year in the order they were made;
sendings up, adoption at higher levels, leader instructions, forwards to units with the units' replies and
their OPINION_REPLY obligations; and the timelines of reports, bulletins and forwards."""

import datetime as dt

from supervision.calendar import add_months
from supervision.enums import ObligationKind, OwnerKind

from ..models import Bulletin, LevelAdoption, OpinionReport, ReportForward, ReportInstruction, ReportSending
from .enums import BulletinKind, BulletinState, ForwardState, Level, SendTarget
from .enums import ReportState as R
from .services import LEVEL_OF_COMMITTEE, MAX_COMPILE

# (subject of 关于…的建议, what the member saw, what they suggest)
SUBJECTS = [
    ("解决老旧小区停车难问题", "老城区小区建成早，车位配比低，夜间车辆占用消防通道现象突出。", "挖掘周边机关单位车位夜间共享，规划建设立体停车设施。"),
    ("规范校外托管机构", "学校周边托管机构数量多、规模小，部分无证经营，消防和食品安全隐患较大。", "明确主管部门，建立准入和日常监管制度。"),
    ("加强农村饮用水水质监测", "部分村庄仍以分散供水为主，水质检测频次低。", "扩大集中供水覆盖面，定期公布检测结果。"),
    ("增设城区公共厕所", "城区公厕分布不均，老街区和公园周边如厕难。", "结合城市更新增设公厕，推动沿街单位厕所对外开放。"),
    ("加强电动自行车充电安全管理", "居民楼道充电、飞线充电屡禁不止，火灾隐患大。", "加快建设小区集中充电设施，实行合理收费。"),
    ("提高农村留守老人关爱服务水平", "农村留守老人多，日常照料和精神慰藉不足。", "发挥村级互助养老点作用，建立定期探访制度。"),
    ("加强网约车司机权益保障", "网约车平台抽成比例高，司机缺乏社会保险。", "督促平台公开计价规则，探索灵活就业人员参保办法。"),
    ("治理城区夜间施工噪音", "部分工地夜间违规施工，周边居民休息受影响。", "严格夜间施工审批，畅通投诉渠道。"),
    ("优化城乡公交线路", "新建小区和产业园区公交覆盖不足，部分线路发车间隔长。", "根据客流调整线路，开通早晚高峰定制公交。"),
    ("推动中小学课后服务提质", "课后服务内容以作业辅导为主，特色课程少。", "引入优质社会资源，丰富体育、艺术和科技课程。"),
    ("加强食品小作坊监管", "食品小作坊分布散、条件差，监管力量不足。", "建设集中加工园区，推行阳光作坊。"),
    ("完善农村生活垃圾分类", "农村垃圾分类设施不全，群众分类意识不强。", "完善收运体系，建立积分兑换激励机制。"),
    ("破解基层医疗机构人才短缺", "乡镇卫生院医生流失严重，全科医生数量不足。", "完善薪酬和职称倾斜政策，推行县管乡用。"),
    ("规范预付卡消费", "健身、美容、教培机构预付卡跑路事件时有发生，消费者维权难。", "建立预付资金存管制度，加强行业信用监管。"),
    ("加快老旧管网改造", "城区供水、燃气管网老化，跑冒滴漏和安全事故隐患多。", "制定改造计划，统筹资金分年度实施。"),
    ("提升县域商业体系", "乡镇商贸设施陈旧，农产品上行渠道不畅。", "建设县级物流配送中心，改造提升乡镇商贸中心。"),
    ("加强未成年人网络保护", "未成年人沉迷网络游戏和短视频问题突出。", "落实防沉迷措施，加强家校协同教育引导。"),
    ("推进农村危房改造后续管理", "部分改造房屋缺乏后续维护，存在新的安全隐患。", "建立定期排查和维修机制，落实管护责任。"),
    ("保障新就业形态劳动者权益", "外卖骑手、快递员工作时间长，职业伤害保障不足。", "扩大职业伤害保障试点，建设户外劳动者驿站。"),
    ("完善城市内涝防治", "汛期城区低洼路段积水严重，影响群众出行。", "加快排水管网提标改造，建设海绵城市设施。"),
    ("加强独居老人居家安全", "独居老人突发疾病无人知晓的情况时有发生。", "推广智能监测设备，建立邻里守望和定期探访制度。"),
    ("整治农村乱占耕地建房", "个别村庄违规占用耕地建房，土地资源浪费。", "加强动态巡查，完善宅基地审批管理。"),
    ("推进社区嵌入式托育服务", "托育机构少、收费高，双职工家庭育儿压力大。", "依托社区用房建设普惠托育点，给予运营补贴。"),
    ("规范殡葬服务收费", "部分殡葬服务捆绑销售、价格不透明，群众负担重。", "公开收费标准，加强价格监管，推行惠民殡葬。"),
    ("加强河湖岸线管护", "部分河段乱堆乱建、乱采乱挖问题反弹。", "落实河湖长制，建立常态化巡查和执法机制。"),
    ("提升政务服务便利度", "部分事项仍需多头跑、重复交材料，群众办事不便。", "推进一网通办，扩大告知承诺制适用范围。"),
    ("关注青少年心理健康", "学生心理问题呈低龄化趋势，学校专业力量不足。", "配齐心理健康教师，建立家校医协同机制。"),
    ("加强农村道路交通安全", "农村道路标志标线不全，农用车违法载人现象多。", "完善安全设施，开展农村交通安全专项整治。"),
    ("促进高校毕业生返乡就业", "本地就业岗位与毕业生需求不匹配，人才外流明显。", "搭建校地合作平台，落实返乡创业扶持政策。"),
    ("规范小区物业管理", "物业服务质量参差不齐，业主委员会组建难。", "加强物业行业监管，推动社区、业委会、物业协同治理。"),
]
RETURN_REASONS = ["请补充具体地点和涉及人数，并提出可操作的建议。", "反映的情况不够具体，请补充数据和事例。",
                  "建议部分过于笼统，请进一步细化。"]
REJECT_REASONS = ["所反映问题已列入今年民生实事项目，正在推进。", "同类信息近期已编报，不再重复采用。",
                  "所反映问题属个案，已转有关部门参考。"]
INSTRUCTIONS = ["请有关部门认真研究，提出具体措施。", "此件反映的问题值得重视，请相关部门研究解决。",
                "请结合实际抓好落实，并将办理情况报政协。"]
REPLIES = ["已组织专题研究，制定整改方案并落实到位。", "已会同有关部门开展调研，相关措施正在推进。",
           "已将信息所提建议纳入年度工作计划，逐项落实。"]
REPORTS = {"province": (150, 200), "city": (70, 110), "county": (35, 60)}  # a year, in the last year
OFFICER_WEIGHT = 4  # information officers write this many times as often
HIGHER = {Level.COUNTY: Level.CITY, Level.CITY: Level.PROVINCE, Level.PROVINCE: Level.NATIONAL}
DRAFT_ONLY, DRAFT_FIRST, RETURNED, RESUBMITTED = 0.015, 0.1, 0.08, 0.75
EDITED, MERGED, ADOPTED, SPECIAL = 0.3, 0.06, 0.7, 0.12
SENT_UP, LEVEL_UP, INSTRUCTED, FORWARDED = 0.6, 0.3, 0.12, 0.75


class ReportHistory:
    def __init__(self, g):
        self.g = g
        L = g.loader  # noqa: N806
        self.t_report = L.table(OpinionReport, [
            "id", "committee_id", "submitter_id", "title", "content", "edited_title", "edited_content", "state",
            "decision_note", "merged_into_id", "bulletin_id", "submitted_at", "decided_at", "edited_by_id",
            "created_at", "updated_at"])
        self.t_bulletin = L.table(Bulletin, ["id", "committee_id", "kind", "year", "number", "title", "state",
                                             "published_at", "created_by_id", "created_at"])
        self.t_sending = L.table(ReportSending, ["report_id", "target", "recipient", "sent_on", "created_by_id",
                                                 "created_at"])
        self.t_level = L.table(LevelAdoption, ["report_id", "level", "adopted_on", "adopted_by", "created_by_id"])
        self.t_instruction = L.table(ReportInstruction, ["report_id", "leader", "instructed_on", "text", "departments",
                                                         "created_by_id", "created_at"])
        self.t_forward = L.table(ReportForward, ["id", "report_id", "unit_id", "state", "sent_at", "reply",
                                                 "replied_at", "replied_by_id"])
        self.ct, self.ct_bulletin, self.ct_forward = (g.content_type(m) for m in (OpinionReport, Bulletin,
                                                                                 ReportForward))
        # the committees and years that have reports or bulletins already (the demo's): left alone
        self.skip = set(OpinionReport.objects.values_list("committee_id", "created_at__year").distinct())
        self.skip |= set(Bulletin.objects.values_list("committee_id", "year").distinct())
        self.made = 0

    # -- a committee's year
    def year(self, committee, year):
        g, rng = self.g, self.g.rng
        members = g.members[committee.pk]
        if (committee.pk, year) in self.skip or len(members) < 3:
            return
        self.committee, self.staff = committee, g.staff[committee.pk]
        low, high = REPORTS.get(committee.level, REPORTS["county"])
        share = 0.55 + 0.45 * g.years.index(year) / max(1, len(g.years) - 1)
        first = g.at(dt.date(year, 1, 1), 8, 9)
        last = min(g.at(dt.date(year, 12, 31), 17, 18), g.cap)
        if last <= first:
            return
        span = (last - first).total_seconds()
        n = int(rng.randint(low, high) * share * min(1.0, span / (365 * 86400)))
        officers = [m for m in members if g.member_info[m][4]]
        self.writers = members + officers * (OFFICER_WEIGHT - 1)
        self.reports = []
        for created in sorted(first + dt.timedelta(seconds=rng.uniform(0, span)) for _i in range(n)):
            self._report(created)
        self._bulletins(year)
        for r in sorted(self.reports, key=lambda r: r["id"]):
            self.t_report.add(r["id"], committee.pk, r["submitter"], r["title"], r["content"], r["edited_title"],
                              r["edited_content"], r["state"], r["note"], r["merged_into"], r["bulletin"],
                              r["submitted"], r["decided"], r["edited_by"], r["created"], r["updated"])
            g.counts[f"grassroots reports {r['state']}"] += 1
        self.made += len(self.reports)

    def _new(self, created, submitter=None):
        rng = self.g.rng
        subject, problem, suggestion = rng.choice(SUBJECTS)
        r = {"id": self.t_report.new_id(), "submitter": submitter or rng.choice(self.writers),
             "title": f"关于{subject}的建议", "content": f"{problem}建议{suggestion}", "edited_title": "",
             "edited_content": "", "state": R.DRAFT, "note": "", "merged_into": None, "bulletin": None,
             "submitted": None, "decided": None, "edited_by": None, "created": created, "updated": created,
             "special": False}
        self.reports.append(r)
        return r

    def ch(self, r, at, actor, action, frm, to, note=""):
        self.g.change(self.ct, r["id"], at, actor, action, frm, to, note)
        r["updated"] = max(r["updated"], at)

    def _submitted(self, r, at, user, frm=R.DRAFT):
        self.ch(r, at, user, "submit", frm, R.SUBMITTED)
        r.update(state=R.SUBMITTED, submitted=at)

    def _report(self, created):
        g, rng, staff = self.g, self.g.rng, self.staff
        cap = g.cap
        r = self._new(created)
        user = g.user_of(r["submitter"])
        self.ch(r, created, user, "create", "", R.DRAFT)
        if rng.random() < DRAFT_ONLY:
            return
        if rng.random() < DRAFT_FIRST:  # kept as a draft a few days, revised, then submitted
            t = g.after(created, 0.5, 5)
            if t >= cap:
                return
            self.ch(r, created + (t - created) / 2, user, "revise", R.DRAFT, R.DRAFT)
            self._submitted(r, t, user)
        else:
            self._submitted(r, created, user)
        decide = g.after(r["submitted"], 2, 15)
        if decide >= cap:
            return
        if rng.random() < RETURNED:
            reason = rng.choice(RETURN_REASONS)
            self.ch(r, decide, staff, "return", R.SUBMITTED, R.RETURNED, reason)
            r.update(state=R.RETURNED, note=reason)
            again = g.after(decide, 1, 8)
            if rng.random() >= RESUBMITTED or again >= cap:
                return
            self.ch(r, again, user, "revise", R.RETURNED, R.RETURNED)
            self._submitted(r, again, user, frm=R.RETURNED)
            decide = g.after(again, 2, 10)
            if decide >= cap:
                return
        if rng.random() < EDITED:
            edited = g.after(r["submitted"], 0.2, 1.5)
            if edited >= decide - dt.timedelta(hours=2):
                edited = r["submitted"] + (decide - r["submitted"]) / 2
            self.ch(r, edited, staff, "edit", R.SUBMITTED, R.SUBMITTED)
            r.update(edited_title=r["title"].replace("的建议", "的对策建议"), edited_content=r["content"].replace(
                "建议", "为此建议：", 1), edited_by=staff)
        shown = r["edited_title"] or r["title"]
        if rng.random() < MERGED:
            self._merge(r, decide, shown)
        if rng.random() >= ADOPTED:
            reason = rng.choice(REJECT_REASONS)
            self.ch(r, decide, staff, "reject", R.SUBMITTED, R.NOT_ADOPTED, reason)
            r.update(state=R.NOT_ADOPTED, note=reason, decided=decide)
            return
        self.ch(r, decide, staff, "adopt", R.SUBMITTED, R.ADOPTED)
        r.update(state=R.ADOPTED, decided=decide, special=rng.random() < SPECIAL)
        level = LEVEL_OF_COMMITTEE.get(self.committee.level)
        if level is not None:
            self.t_level.add(r["id"], level, decide.date(), self.committee.name, staff)
        self._after_adoption(r, decide, level, shown)

    def _merge(self, r, decide, shown):
        """One or two other members reported the same a few days earlier: merged into `r` before its decision."""
        g, rng = self.g, self.g.rng
        staff = self.staff
        twins = []
        for _n in range(rng.randint(1, 2)):
            submitter = rng.choice(self.writers)
            if submitter == r["submitter"]:
                continue
            at = r["submitted"] + (decide - r["submitted"]) * rng.uniform(0.05, 0.6)
            twin = self._new(at, submitter)
            twin.update(title=r["title"], content=f"同一问题，另一位委员的反映：{r['content']}")
            self.ch(twin, at, g.user_of(submitter), "create", "", R.DRAFT)
            self._submitted(twin, at, g.user_of(submitter))
            twins.append(twin)
        if not twins:
            return
        names = "、".join(f"《{t['title']}》" for t in twins)
        absorbed = decide - dt.timedelta(minutes=rng.randint(5, 60))
        self.ch(r, absorbed, staff, "absorb", R.SUBMITTED, R.SUBMITTED, f"合并了{names}")
        for twin in twins:
            self.ch(twin, absorbed, staff, "merge", R.SUBMITTED, R.MERGED, f"合并至《{shown}》")
            twin.update(state=R.MERGED, merged_into=r["id"], decided=absorbed)

    def _after_adoption(self, r, decide, level, shown):
        """Sending up, adoption at higher levels, a leader's instruction and the forwards to units."""
        g, rng, staff, committee = self.g, self.g.rng, self.staff, self.committee
        cap = g.cap
        parent = g.by_id.get(committee.parent_id)
        if rng.random() < SENT_UP:
            sent = g.after(decide, 2, 20)
            higher = rng.random() < 0.7
            if sent < cap:
                target = SendTarget.HIGHER if higher else SendTarget.PARTY_GOVERNMENT
                recipient = (parent.name if parent else "全国政协") if higher else ""
                self.ch(r, sent, staff, "send_up", R.ADOPTED, R.ADOPTED, f"{target.label} {recipient}".strip())
                self.t_sending.add(r["id"], target, recipient, sent.date(), staff, sent)
                if higher and level is not None and rng.random() < LEVEL_UP:
                    self._level_up(r, sent, level, parent)
        if rng.random() >= INSTRUCTED:
            return
        on = g.after(decide, 7, 40)
        units = g.units[committee.pk]
        if on >= cap:
            return
        chosen = rng.sample(units, min(len(units), rng.randint(1, 2)))
        leader = rng.choice(_leaders(committee))
        text = rng.choice(INSTRUCTIONS)
        departments = "、".join(name for _pk, name in chosen)
        self.ch(r, on, staff, "instruct", R.ADOPTED, R.ADOPTED, f"{leader}批示：{text}")
        self.t_instruction.add(r["id"], leader, on.date(), text, departments, staff, on)
        g.counts["grassroots report instructions"] += 1
        if chosen and rng.random() < FORWARDED:
            self._forward(r, on, chosen, shown)

    def _level_up(self, r, sent, level, parent):
        """Adopted by the committee above (and now and then the one above that)."""
        g, rng, staff = self.g, self.g.rng, self.staff
        adopted = sent
        above = parent
        for step in range(2):
            level = HIGHER.get(level)
            if level is None or (step and rng.random() >= 0.15):
                return
            adopted = g.after(adopted, 10, 60)
            if adopted >= g.cap:
                return
            by = f"{above.name}办公室" if above is not None else "全国政协办公厅"
            self.ch(r, adopted, staff, "level_adopt", R.ADOPTED, R.ADOPTED, f"{level.label}级采用：{by}")
            self.t_level.add(r["id"], level, adopted.date(), by, staff)
            g.counts[f"grassroots level adoptions {level}"] += 1
            above = g.by_id.get(above.parent_id) if above is not None else None

    def _forward(self, r, on, units, shown):
        """转交部门办理: each unit owes a reply (OPINION_REPLY, a month or more); the older ones replied."""
        g, rng, staff = self.g, self.g.rng, self.staff
        sent = g.after(on, 1, 8)
        if sent >= g.cap:
            return
        self.ch(r, sent, staff, "forward", R.ADOPTED, R.ADOPTED, "、".join(name for _pk, name in units))
        months = rng.choice((1, 1, 1, 1, 2, 3))
        due = add_months(sent.date(), months)
        for unit, _name in units:
            fid = self.t_forward.new_id()
            replied = g.after(sent, 7, 45)
            if replied >= g.cap or ((g.now - sent).days < 60 and rng.random() < 0.5):
                replied = None
            user = g.unit_user.get(unit)
            self.t_forward.add(fid, r["id"], unit, ForwardState.REPLIED if replied else ForwardState.SENT, sent,
                               rng.choice(REPLIES) if replied else "", replied, user if replied else None)
            g.obligation(self.committee.pk, ObligationKind.OPINION_REPLY, "办理领导批示的社情民意信息《%(title)s》",
                         {"title": shown}, self.ct_forward, fid, owner_kind=OwnerKind.UNIT, unit=unit,
                         start=sent.date(), due=due, created=sent, actor=staff, done=replied, done_by=user)
            if replied:
                g.change(self.ct_forward, fid, replied, user, "reply", ForwardState.SENT, ForwardState.REPLIED)
            g.counts[f"grassroots report forwards {'replied' if replied else 'owed'}"] += 1

    # -- the issues
    def _bulletins(self, year):
        """期刊 at the end of each month with the month's adopted reports (at most MAX_COMPILE an issue, the
        rest in the next), 专报 at the end of each quarter with the chosen few; numbered in order."""
        g, rng = self.g, self.g.rng
        numbers = {BulletinKind.JOURNAL: 0, BulletinKind.SPECIAL: 0}
        issues = []
        for month in range(1, 13):
            last_day = 31 if month == 12 else 28
            issues.append((g.at(dt.date(year, month, rng.randint(last_day - 3, last_day)), 9, 12), BulletinKind.JOURNAL))
            if month % 3 == 0:
                issues.append((g.at(dt.date(year, month, rng.randint(18, 24)), 9, 12), BulletinKind.SPECIAL))
        adopted = [r for r in self.reports if r["state"] == R.ADOPTED]
        for moment, kind in sorted(issues):
            if moment >= g.cap:
                break
            special = kind == BulletinKind.SPECIAL
            chosen = [r for r in adopted if r["bulletin"] is None and r["special"] == special
                      and r["decided"] < moment][:MAX_COMPILE]
            if not chosen:
                continue
            numbers[kind] += 1
            bid = self.t_bulletin.new_id()
            published = g.after(moment, 1, 3)
            done = published < g.cap
            title = "社情民意专报（党委政府参阅）" if special and rng.random() < 0.5 else ""
            self.t_bulletin.add(bid, self.committee.pk, kind, year, numbers[kind], title,
                                BulletinState.PUBLISHED if done else BulletinState.DRAFT, published if done else None,
                                self.staff, moment)
            g.change(self.ct_bulletin, bid, moment, self.staff, "create", "", BulletinState.DRAFT)
            label = f"{BulletinKind(kind).label}〔{year}〕第{numbers[kind]}期"
            compiled = moment + dt.timedelta(minutes=rng.randint(10, 90))
            for r in chosen:
                self.ch(r, compiled, self.staff, "compile", R.ADOPTED, R.ADOPTED, label)
                r["bulletin"] = bid
            if done:
                g.change(self.ct_bulletin, bid, published, self.staff, "publish", BulletinState.DRAFT,
                         BulletinState.PUBLISHED)
            g.counts[f"grassroots bulletins {kind}"] += 1


def _leaders(committee):
    """The leaders who instruct at the committee's level (县委书记, 市长, 副省长 …)."""
    place = {"province": "省", "city": "市"}.get(committee.level) or committee.name.removesuffix("政协")[-1]
    return [f"{place}委书记", f"{place}长", f"{place}委副书记", f"常务副{place}长", f"副{place}长"]

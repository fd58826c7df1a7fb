"""The grassroots cases (四单) of `seed_history`'s grassroots part (consult/grassroots_history.py, which describes
the whole): per city or county committee and year, cases as consult.cases.services would have stored them —
registered (public form, convenor, a member's visit, a reception day's issue), 定单 or 不予受理, 分单 (a few
offered again to another group), 接单 with co-claimants (a few joining later), 协商解单, 跟进督单, 办结 and
归单 — with their claims, consultation, follow-ups, search rows, stage obligations and timelines. Each case
lives its story from its creation; what would happen after now has not happened, so the open cases are the
last months' and only they hold pending obligations."""

import datetime as dt
from itertools import chain

from supervision.enums import ObligationKind, OwnerKind

from ..history import _pick as _weighted  # the weighted draw the consultation generator uses
from .enums import CaseGrade, CaseOutcome, CaseSource, CaseState, CaseTheme
from .models import (
    DEFAULT_CHECK_WORKDAYS,
    CaseClaim,
    CaseConsultation,
    CaseDeadlineRule,
    CaseFollowUp,
    CaseSearch,
    CaseSettings,
    CommunityCase,
)
from .search import words
from .services import CODE_ALPHABET, CODE_LENGTH

S, K, G, T = CaseState, ObligationKind, CaseGrade, CaseTheme

# (what, after a place: 幸福里小区 + 路灯损坏多日无人维修; the resident's account; grade; theme; departments)
ISSUES = [
    ("路灯损坏多日无人维修", "东侧几盏路灯坏了一个多月，晚上一片漆黑，老人和孩子出行不便。", G.C, T.ENVIRONMENT, "城管局、供电公司"),
    ("主干道路灯不亮存在安全隐患", "道路两侧路灯大面积不亮，夜间已发生多起电动车摔倒事故。", G.B, T.TRAFFIC, "城管局、交通运输局"),
    ("背街小巷没有路灯", "背街小巷一直没有装路灯，夜间行走很不安全。", G.C, T.ENVIRONMENT, "城管局、供电公司"),
    ("楼道堆放杂物存在消防隐患", "楼道里堆满纸箱和旧家具，物业多次劝说无效，一旦起火后果严重。", G.B, T.PROPERTY, "消防救援大队、物业公司"),
    ("学校门口上下学交通拥堵", "早晚高峰家长车辆占道停放，学生过马路很危险。", G.A, T.TRAFFIC, "公安交警大队、教育局"),
    ("缺少老年助餐点", "独居老人多，附近没有助餐点，老人吃饭成了难题。", G.B, T.ELDERLY, "民政局、街道办"),
    ("菜市场凌晨卸货噪音扰民", "每天凌晨四点货车卸货，周边居民休息受到影响。", G.C, T.ENVIRONMENT, "市场监管局、城管局"),
    ("公交站台没有遮雨棚", "站台没有遮雨棚和座椅，雨天候车很不方便。", G.D, T.TRAFFIC, "交通运输局、公交公司"),
    ("雨污管道堵塞积水", "一下大雨单元门口就积水，居民出行困难。", G.B, T.ENVIRONMENT, "住建局、城管局"),
    ("邻里空调滴水纠纷", "楼上空调滴水到楼下阳台，双方多次争执，希望帮助调解。", G.D, T.DISPUTE, "司法所、社区调委会"),
    ("广场健身器材损坏", "广场上的健身器材损坏多时，存在安全隐患。", G.D, T.ELDERLY, "体育局、街道办"),
    ("电动自行车充电难", "小区没有集中充电桩，居民飞线充电，火灾隐患大。", G.B, T.PROPERTY, "住建局、消防救援大队"),
    ("停车位紧张车辆乱停", "车位少，车辆占用消防通道和人行道。", G.C, T.PROPERTY, "住建局、公安交警大队"),
    ("垃圾清运不及时", "垃圾桶满了没人清运，夏天气味难闻、蚊蝇多。", G.C, T.ENVIRONMENT, "城管局、环卫所"),
    ("自来水水压低高层用水难", "高峰时段五楼以上经常停水，居民生活受影响。", G.B, T.PROPERTY, "水务公司、住建局"),
    ("道路坑洼不平", "路面坑洼多，下雨积水，电动车和行人容易摔倒。", G.C, T.TRAFFIC, "交通运输局、住建局"),
    ("物业服务差收费不透明", "物业服务不到位，公共收益去向不明，业主意见很大。", G.B, T.PROPERTY, "住建局、街道办"),
    ("幼儿园入园难", "附近公办幼儿园学位不足，孩子只能到很远的地方上学。", G.A, T.SERVICES, "教育局"),
    ("卫生服务站缺医少药", "卫生服务站医生少、常用药经常缺货，老人看病要跑远路。", G.B, T.SERVICES, "卫健委、医保局"),
    ("工地拖欠农民工工资", "附近工地拖欠十多名农民工工资，多次讨要未果。", G.A, T.EMPLOYMENT, "人社局、住建局"),
    ("灵活就业人员参保咨询难", "不少灵活就业人员不了解参保政策，办理渠道不清楚。", G.D, T.EMPLOYMENT, "人社局、医保局"),
    ("流浪犬伤人隐患", "周边流浪犬多，已有居民被咬伤。", G.B, T.ENVIRONMENT, "公安局、城管局"),
    ("餐饮油烟扰民", "沿街餐饮店油烟直排，楼上居民不敢开窗。", G.C, T.ENVIRONMENT, "生态环境局、市场监管局"),
    ("老旧小区加装电梯推进难", "老人上下楼困难，加装电梯因部分业主反对迟迟推进不了。", G.B, T.PROPERTY, "住建局、街道办"),
    ("村道缺少安全防护设施", "村道临水临崖路段没有护栏，夜间通行危险。", G.A, T.TRAFFIC, "交通运输局、乡镇政府"),
    ("饮用水水质差", "井水浑浊有异味，村民担心饮水安全。", G.A, T.SERVICES, "水利局、卫健委"),
    ("河道垃圾漂浮", "河道里垃圾漂浮、水体发臭，影响周边环境。", G.C, T.ENVIRONMENT, "水利局、生态环境局"),
    ("快递车辆乱停影响通行", "快递三轮车在门口随意停放，堵塞通道。", G.D, T.TRAFFIC, "邮政管理局、城管局"),
    ("独居老人缺少照料", "独居高龄老人多，日常生活无人照料，突发疾病无人知晓。", G.B, T.ELDERLY, "民政局、卫健委"),
    ("宅基地边界纠纷", "两户村民因宅基地边界争执多年，矛盾有激化苗头。", G.B, T.DISPUTE, "自然资源局、司法所"),
    ("公共厕所少如厕难", "附近公共厕所少且卫生差，群众如厕不便。", G.D, T.ENVIRONMENT, "城管局"),
    ("监控设施损坏", "监控大多损坏，近期发生多起电动车被盗。", G.C, T.PROPERTY, "公安局、物业公司"),
    ("校外托管机构安全隐患", "学校周边托管机构无证经营，消防和食品安全让家长担心。", G.B, T.SERVICES, "教育局、市场监管局"),
    ("无障碍设施不足", "人行道和公共建筑无障碍设施不完善，残疾人出行困难。", G.C, T.TRAFFIC, "住建局、残联"),
    ("农贸市场周边占道经营", "早市摊位占用人行道，影响通行和安全。", G.C, T.TRAFFIC, "城管局、市场监管局"),
    ("居民楼外墙瓷砖脱落", "楼房外墙瓷砖多处脱落，行人经过有安全隐患。", G.A, T.PROPERTY, "住建局、物业公司"),
    ("托育机构收费高", "附近托育机构少、收费高，双职工家庭孩子没人带。", G.C, T.ELDERLY, "卫健委、妇联"),
    ("劳动合同纠纷无处咨询", "外来务工人员与企业发生劳动合同纠纷，不知道到哪里咨询。", G.D, T.EMPLOYMENT, "人社局、司法所"),
    ("噪声扰民的广场舞", "晚间广场舞音响声音过大，附近居民和学生休息受影响。", G.D, T.DISPUTE, "公安局、街道办"),
    ("小区绿地被占用种菜", "部分居民毁绿种菜，邻里之间因此产生矛盾。", G.D, T.DISPUTE, "城管局、物业公司"),
]
PLACES = [
    "幸福里小区", "锦绣花园", "东风新村", "人民路", "建设路", "和平村", "新华街", "朝阳小区", "育才路", "学府花园",
    "滨河小区", "光明村", "振兴路", "文昌街", "园丁小区", "团结村", "长安路", "中心菜市场周边", "阳光家园", "桃园新村",
    "老街", "胜利社区", "红星村", "丰收村", "金桥小区", "碧水湾小区", "文化路", "南门口", "北关街", "工业园区",
]
CLOSINGS = ["希望有关方面尽快解决。", "群众意见较大，盼望早日解决。", "多次反映未果，请委员帮助协调。"]
CONSULT_PLACES = ["社区委员工作室", "社区议事厅", "小区议事亭", "村委会会议室", "委员之家", "问题现场"]
RESULTS = [
    "与会各方商定：{d}在两周内拿出整改方案，社区跟进落实并及时向居民反馈。",
    "经现场查看和协商，{d}同意纳入近期工作计划，委员小组每周跟进一次。",
    "委员与居民代表、{d}充分协商，形成三条解决措施，明确了责任单位和完成时限。",
    "协商认为问题属实，{d}承诺限期解决，社区负责做好群众解释工作。",
]
FOLLOW_UPS = [
    "{d}已到现场查看，正在制定方案。", "整改已完成一半，预计下周完工。", "委员回访居民，群众反映情况有所好转。",
    "职能部门已现场处理。", "协调资金已到位，施工队已进场。",
]
ANSWERS = {
    CaseOutcome.RESOLVED: ["问题已解决，感谢您的反映。", "经委员协调，{d}已处理完毕，欢迎继续监督。",
                           "相关设施已修复到位，请您查看。"],
    CaseOutcome.EXPLAINED: ["经协商，该问题涉及规划调整，暂不具备解决条件，已向您当面解释说明。",
                            "问题需纳入明年项目统筹解决，已向群众说明情况并争取理解。"],
}
SUMMARIES = [
    "委员接单后组织微协商，协调{d}及时解决，群众满意。",
    "“四单”闭环办理：群众点单、政协定单、委员接单、协商解单，{d}落实整改，问题得到解决。",
    "委员深入现场调查，邀请{d}和居民代表面对面协商，化解了群众的急难愁盼问题。",
    "通过协商议事，推动{d}建立长效机制，同类问题不再反复。",
]
DECLINE_REASONS = [
    "属于邻里民事纠纷，已转社区人民调解委员会调解。", "该事项正在司法程序中，不宜协商，已向群众说明。",
    "反映的问题已由有关部门立项解决，无需重复办理。",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
SOURCES = {CaseSource.PUBLIC: 50, CaseSource.CONVENOR: 25, CaseSource.MEMBER: 25}  # besides the reception days'
COUNTY_CASES, CITY_CASES = (130, 190), (70, 110)  # a year, in the last year (earlier years fewer)
DECLINED, ARCHIVED, EXPLAINED = 0.08, 0.75, 0.15
LATE_OFFER, REOFFER, JOIN = 0.04, 0.03, 0.08


def compose_issue(rng):
    """(template index, place, title, description) of an issue a resident raises."""
    i = rng.randrange(len(ISSUES))
    place = rng.choice(PLACES)
    what, account = ISSUES[i][0], ISSUES[i][1]
    return i, place, f"{place}{what}", f"{place}居民反映：{account}{rng.choice(CLOSINGS)}"


def resident(rng):
    """A resident's name and phone as a registrar writes them down (sometimes left out)."""
    if rng.random() < 0.15:
        return "", ""
    name = rng.choice(SURNAMES) + rng.choice(("先生", "女士", "大爷", "阿姨"))
    return name, "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _i in range(9))


class CaseHistory:
    def __init__(self, g):
        self.g = g
        L = g.loader  # noqa: N806
        self.t_case = L.table(CommunityCase, [
            "id", "committee_id", "member_group_id", "code", "source", "title", "description", "resident_name",
            "resident_phone", "reception_duty_id", "state", "grade", "theme", "decline_reason", "outcome", "answer",
            "summary", "created_by_id", "created_at", "updated_at", "archived_at"])
        self.t_claim = L.table(CaseClaim, ["case_id", "member_id", "lead", "created_at"])
        self.t_consultation = L.table(CaseConsultation, ["case_id", "held_on", "place", "participants", "departments",
                                                         "result", "recorded_by_id", "created_at"])
        self.t_follow_up = L.table(CaseFollowUp, ["case_id", "on", "note", "recorded_by_id", "created_at"])
        self.t_search = L.table(CaseSearch, ["case_id", "text"])
        self.ct = g.content_type(CommunityCase)
        self.codes = set(CommunityCase.objects.values_list("code", flat=True))
        self.check_days = dict(CaseSettings.objects.values_list("committee_id", "check_workdays"))
        self.rules = {(r.committee_id, r.grade): (r.claim_workdays, r.consult_workdays, r.resolve_workdays)
                      for r in CaseDeadlineRule.objects.all()}
        self.rule_cache = {}
        self.words = {}  # text -> its stored words (consult.cases.search.words), each distinct text cut once
        self.made = 0

    def rule(self, committee, grade):
        """(claim, consult, resolve) working days: deadlines.rule_for without a query."""
        key = (committee.pk, grade)
        if key not in self.rule_cache:
            ids = [int(p) for p in committee.path.strip("/").split("/") if p]
            found = next((self.rules[(i, grade)] for i in reversed(ids) if (i, grade) in self.rules), None)
            self.rule_cache[key] = found or self.rules.get((None, grade)) or (5, 10, 20)
        return self.rule_cache[key]

    def code(self):
        rng = self.g.rng
        while True:
            code = "".join(rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def search_text(self, texts):
        """consult.cases.search.case_words, each distinct text segmented once."""
        cut = []
        for text in texts:
            found = self.words.get(text)
            if found is None:
                found = self.words[text] = words(text)
            cut.append(found)
        return " ".join(dict.fromkeys(chain.from_iterable(cut)))

    # -- a committee's year
    def year(self, committee, year, issues):
        g, rng = self.g, self.g.rng
        low, high = COUNTY_CASES if committee.level == "county" else CITY_CASES
        index = g.years.index(year)
        share = 0.55 + 0.45 * index / max(1, len(g.years) - 1)  # more each year
        first = g.at(dt.date(year, 1, 1), 0, 1)
        last = min(g.at(dt.date(year, 12, 31), 23, 24), g.cap)
        if last <= first:
            return
        span = (last - first).total_seconds()
        n = int(rng.randint(low, high) * share * min(1.0, span / (365 * 86400)))
        n = max(n - len(issues), n // 2)  # with many studios, the reception days bring many
        moments = sorted(first + dt.timedelta(seconds=rng.uniform(0, span)) for _i in range(max(0, n)))
        stories = [(m, None) for m in moments] + [(i["at"], i) for i in issues]
        stories.sort(key=lambda s: s[0])
        for created, issue in stories:
            self._case(committee, created, issue)
        self.made += len(stories)

    def _case(self, committee, created, issue):
        g, rng = self.g, self.g.rng
        groups = g.groups[committee.pk]
        staff = g.staff[committee.pk]
        pk = self.t_case.new_id()
        if issue is not None:  # recorded on a reception day: registered by the member on duty, no group yet
            template, place, title, description = issue["template"], issue["place"], issue["title"], issue["description"]
            name, phone = issue["resident_name"], issue["resident_phone"]
            source, group, registrar, duty = CaseSource.RECEPTION, None, issue["by"], issue["duty"]
            issue["case"] = pk
        else:
            template, place, title, description = compose_issue(rng)
            name, phone = resident(rng)
            source, duty = _weighted(rng, SOURCES), None
            group = rng.choice(groups)
            registrar = None
            if source == CaseSource.MEMBER:
                member = rng.choice(group[3])
                registrar = g.user_of(member)
            elif source == CaseSource.CONVENOR:
                convenors = [m for m in g.members[committee.pk] if g.member_info[m][3]]
                registrar = g.user_of(rng.choice(convenors)) if convenors else staff
                if rng.random() < LATE_OFFER:
                    group = None  # registered for a resident without naming the community's group
        _what, _account, grade, theme, departments = ISSUES[template]
        if rng.random() < 0.15:
            grade = rng.choice(G.values)
        row = {"state": S.SUBMITTED, "group": group[0] if group else None, "decline": "", "outcome": "", "answer": "",
               "summary": "", "archived": None, "updated": created, "result": ""}
        ch = self._timeline(pk)
        ch(created, registrar, "create", "", S.SUBMITTED, str(CaseSource(source).label))
        leader = group[2] if group else None
        check = self._stage(committee, pk, K.CASE_CHECK, "群众点单定单：%(title)s", title, leader, created,
                            self.check_days.get(committee.pk, DEFAULT_CHECK_WORKDAYS), registrar)
        self._story(committee, pk, row, ch, check, created, title, (grade, theme, departments), group, staff)
        self.t_case.add(pk, committee.pk, row["group"], self.code(), source, title, description, name, phone, duty,
                        row["state"], row.get("grade", ""), row.get("theme", ""), row["decline"], row["outcome"],
                        row["answer"], row["summary"], registrar, created, row["updated"], row["archived"])
        self.t_search.add(pk, self.search_text((title, description, row["result"], row["answer"], row["summary"])))
        g.counts[f"grassroots cases {row['state']}"] += 1

    def _timeline(self, pk):
        g = self.g

        def ch(at, actor, action, frm, to, note=""):
            g.change(self.ct, pk, at, actor, action, frm, to, note)
        return ch

    def _story(self, committee, pk, row, ch, check, created, title, kind, group, staff):
        """The case's life from `created` until it ends or now comes; `row` collects what it leaves. Each
        stage's obligation is written once: settled when the stage is done, or pending where the story stops."""
        g, rng = self.g, self.g.rng
        grade, theme, departments = kind
        cap = g.cap
        groups = g.groups[committee.pk]

        def manager(group):
            """Who 定单/分单/归单: the group's leader mostly, else staff."""
            if group and group[2] and rng.random() < 0.7:
                return g.user_of(group[2])
            return staff

        t = g.after(created, 0.1, 3) if rng.random() < 0.85 else g.after(created, 3, 15)  # 定单
        if t >= cap:
            return self._pending(check)
        actor = manager(group)
        row["updated"] = t
        if rng.random() < DECLINED:
            reason = rng.choice(DECLINE_REASONS)
            ch(t, actor, "decline", S.SUBMITTED, S.DECLINED, reason)
            row.update(state=S.DECLINED, decline=reason)
            return self._done(check, t, actor)
        row.update(state=S.ACCEPTED, grade=grade, theme=theme)
        ch(t, actor, "accept", S.SUBMITTED, S.ACCEPTED)
        self._done(check, t, actor)
        claim_days, consult_days, resolve_days = self.rule(committee, grade)
        if group is None or rng.random() < LATE_OFFER:
            group = group or rng.choice(groups)
            t = g.after(t, 0.3, 3)
            if t >= cap:
                return None
            row["updated"] = t
        frm = S.ACCEPTED
        claim = None
        offers = [group] + ([rng.choice(groups)] if rng.random() < REOFFER and len(groups) > 1 else [])
        for n, offered in enumerate(offers):
            if n:
                t = g.after(t, 2, 6)  # nobody claimed: offered to another group
                if t >= cap or offered[0] == group[0]:
                    break
                self._done(claim, t, actor, waived=True, note="改派委员小组")
            ch(t, actor, "offer", frm, S.OFFERED, offered[1])
            row.update(state=S.OFFERED, group=offered[0], updated=t)
            claim = self._stage(committee, pk, K.CASE_CLAIM, "组织委员接单：%(title)s", title, offered[2], t, claim_days,
                                actor)
            group, frm = offered, S.OFFERED
        t = g.after(t, 0.3, 6)
        if t >= cap:
            return self._pending(claim)
        people = group[3]
        lead = rng.choice(people)
        co = [m for m in rng.sample(people, min(len(people), rng.randint(0, 2))) if m != lead]
        lead_user = g.user_of(lead)
        ch(t, lead_user, "claim", S.OFFERED, S.CLAIMED)
        row.update(state=S.CLAIMED, updated=t)
        for m, is_lead in [(lead, True)] + [(m, False) for m in co]:
            self.t_claim.add(pk, m, is_lead, t)
        self._done(claim, t, lead_user)
        consult = self._stage(committee, pk, K.CASE_CONSULT, "协商解单：%(title)s", title, lead, t, consult_days, lead_user)
        claimants = [lead, *co]
        joined = None
        if rng.random() < JOIN:
            others = [m for m in people if m not in claimants]
            if others:
                joined = rng.choice(others)
        held = g.after(t, 2, 18)
        if joined is not None:  # 共同接单 before the consultation
            at = t + (held - t) * rng.uniform(0.2, 0.9)
            if at < cap:
                ch(at, g.user_of(joined), "join", S.CLAIMED, S.CLAIMED)
                self.t_claim.add(pk, joined, False, at)
                row["updated"] = max(row["updated"], at)
                claimants.append(joined)
        if held >= cap:
            return self._pending(consult)
        place = rng.choice(CONSULT_PLACES)
        result = rng.choice(RESULTS).format(d=departments)
        names = "、".join(g.name_of(m) for m in claimants)
        ch(held, lead_user, "consult", S.CLAIMED, S.CONSULTED, place)
        self.t_consultation.add(pk, held.date(), place, f"{names}、社区书记、居民代表", departments, result, lead_user,
                                held)
        row.update(state=S.CONSULTED, result=result, updated=max(row["updated"], held))
        self._done(consult, held, lead_user)
        follow = self._stage(committee, pk, K.CASE_FOLLOWUP, "跟进督单至办结：%(title)s", title, lead, held, resolve_days,
                             lead_user)
        resolved = g.after(held, 8, 50)
        t = held
        for _n in range(rng.randint(0, 3)):
            t = g.after(t, 2, 12)
            if t >= min(resolved, cap):
                break
            note = rng.choice(FOLLOW_UPS).format(d=departments)
            who = g.user_of(rng.choice(claimants))
            ch(t, who, "follow_up", S.CONSULTED, S.CONSULTED, note)
            self.t_follow_up.add(pk, t.date(), note, who, t)
            row["updated"] = max(row["updated"], t)
        if resolved >= cap:
            return self._pending(follow)
        outcome = CaseOutcome.EXPLAINED if rng.random() < EXPLAINED else CaseOutcome.RESOLVED
        answer = rng.choice(ANSWERS[outcome]).format(d=departments)
        ch(resolved, lead_user, "resolve", S.CONSULTED, S.RESOLVED, answer)
        row.update(state=S.RESOLVED, outcome=outcome, answer=answer, updated=resolved)
        self._done(follow, resolved, lead_user)
        if rng.random() >= ARCHIVED:
            return None
        archived = g.after(resolved, 3, 30)
        if archived >= cap:
            return None
        summary = rng.choice(SUMMARIES).format(d=departments)
        ch(archived, manager(group), "archive", S.RESOLVED, S.ARCHIVED, summary[:200])
        row.update(state=S.ARCHIVED, summary=summary, archived=archived, updated=archived)
        return None

    # -- the stages' obligations (cases/deadlines.py)
    def _stage(self, committee, pk, kind, key, title, owner, created, days, actor):
        """An obligation opened at `created` for `days` working days, owed by the member `owner` (the group's
        leader, the lead claimant) or staff; written when settled (`_done`) or left pending (`_pending`)."""
        return {"pk": pk, "committee": committee.pk, "kind": kind, "key": key, "title": title, "owner": owner,
                "created": created, "due": self.g.add_workdays(created.date(), days), "actor": actor}

    def _write(self, spec, done=None, by=None, waived=False, note=""):
        g = self.g
        g.obligation(spec["committee"], spec["kind"], spec["key"], {"title": spec["title"]}, self.ct, spec["pk"],
                     owner_kind=OwnerKind.MEMBER if spec["owner"] else OwnerKind.STAFF, member=spec["owner"],
                     start=spec["created"].date(), due=spec["due"], created=spec["created"], actor=spec["actor"],
                     done=done, done_by=by, waived=waived, note=note)

    def _done(self, spec, at, by, *, waived=False, note=""):
        self._write(spec, at, by, waived, note)

    def _pending(self, spec):
        self._write(spec)

"""Demo proposals for `seed_demo` (hook `seed(context)`): 临沭县 gets proposals in every state, all
made through the services, so timelines, obligations and notifications look as in real use.

A few are then back-dated (assigned four months ago) so the overdue lists are not empty.
"""

import datetime

from django.utils import timezone

from members.enums import Role
from members.models import RoleAssignment

from . import services
from .defaults import ensure_default_lists
from .enums import ContactWay, ProposalKind, ProposalPeriod, Satisfaction
from .models import Assignment, DeclineGround, ProposalCategory, ReplyCategory

COMMITTEE = "临沭县"

# (title, category, 案由, 建议)
TOPICS = [
    ("关于加强农村中小学心理健康教育的建议", "文化教育", "农村留守儿童心理问题多发，乡村学校缺少专职心理教师。",
     "一、按师生比配齐心理健康教师；二、每所学校建设心理辅导室；三、建立家校共育机制。"),
    ("关于推进城区生活垃圾分类的建议", "生态环境", "居民分类投放意识不强，混装混运现象普遍。",
     "一、完善分类收运体系；二、推行定时定点投放；三、对分类投放实行积分奖励。"),
    ("关于加快老旧小区改造的建议", "城乡建设", "老旧小区管网老化、无电梯、停车位不足。",
     "一、统筹加装电梯；二、同步更新雨污管网；三、引入专业物业管理。"),
    ("关于发展社区居家养老服务的建议", "社会事业", "高龄独居老人增多，社区助餐助浴服务不足。",
     "一、每个社区建设日间照料中心；二、发展老年助餐点；三、培育专业养老服务组织。"),
    ("关于推进县域医共体建设的建议", "卫生健康", "乡镇卫生院技术力量薄弱，群众看病往县城跑。",
     "一、县医院牵头组建紧密型医共体；二、专家定期下沉坐诊；三、推行远程会诊。"),
    ("关于规范电动自行车充电管理的建议", "城乡建设", "居民飞线充电、楼道充电火灾隐患突出。",
     "一、小区建设集中充电棚；二、物业加强巡查；三、开展消防安全宣传。"),
    ("关于发展农村电商助力农产品上行的建议", "农业农村", "农产品销售渠道窄，物流成本高。",
     "一、建设县级电商服务中心；二、完善村级快递点；三、培训农民直播带货。"),
    ("关于扩大普惠性学前教育资源的建议", "文化教育", "城区公办幼儿园学位紧张。",
     "一、新建公办幼儿园；二、落实小区配套园移交；三、扶持普惠性民办园。"),
    ("关于缓解老城区停车难的建议", "城乡建设", "老城区车位缺口大，车辆乱停占用消防通道。",
     "一、建设立体停车库；二、机关单位停车位夜间共享；三、规范路内停车收费。"),
    ("关于加强非物质文化遗产保护传承的建议", "文化教育", "柳琴戏等非遗项目传承人老龄化，后继乏人。",
     "一、设立传承人补助；二、推动非遗进校园；三、建设非遗传习所。"),
    ("关于保障农村饮水安全的建议", "农业农村", "部分山区村自来水水压不足，夏季经常停水。",
     "一、实施农村供水管网改造；二、推进城乡供水一体化；三、建立水质定期检测制度。"),
    ("关于规范义务教育课后服务的建议", "文化教育", "课后服务内容单一，教师负担加重。",
     "一、引入社会专业力量；二、开设体育艺术社团；三、给予参与教师补助。"),
    ("关于推销某品牌净水设备进校园的建议", "其他", "某品牌净水器效果好。", "建议全县学校统一采购该品牌净水器。"),
    ("关于某小区楼下烧烤噪音扰民的反映", "其他", "小区楼下烧烤店夜间噪音大。", "建议有关部门处理。"),
    ("关于垃圾分类处理设施建设的建议", "生态环境", "分类后的垃圾缺少处理设施。", "建设厨余垃圾处理站。"),
    ("关于提升城市防汛排涝能力的建议", "城乡建设", "暴雨时城区低洼路段严重积水。", "一、改造雨水管网；二、建设海绵城市设施。"),
    ("关于推进城区公共厕所提档升级的建议", "城乡建设", "城区公厕数量不足、分布不均，部分设施陈旧。",
     "一、新建和改造一批公厕；二、推动沿街单位厕所对外开放；三、落实保洁管理责任。"),
    # last year's handled proposals (evaluation/demo.py: HISTORY)
    ("关于加强乡村医生队伍建设的建议", "卫生健康", "乡村医生年龄偏大，待遇偏低，后继乏人。",
     "一、提高乡村医生补助；二、定向培养医学生；三、落实养老保障。"),
    ("关于实施农村道路提质工程的建议", "农业农村", "部分村级道路破损严重，雨天通行困难。",
     "一、实施村道硬化提质；二、建立管护长效机制。"),
    ("关于建设城市绿道和口袋公园的建议", "生态环境", "城区居民身边的休闲健身场地不足。",
     "一、沿河建设城市绿道；二、利用边角地建设口袋公园。"),
    ("关于加强中小学生近视防控的建议", "文化教育", "中小学生近视率逐年上升。",
     "一、保证每天户外活动时间；二、改善教室照明；三、定期开展视力筛查。"),
]


class Demo:
    def __init__(self, ctx, committee):
        self.ctx = ctx
        self.committee = committee
        members = [m for m in ctx.members[committee.pk] if m.user_id]
        zhang = ctx.users.get("member_zhang")
        self.authors = ([zhang.member] if zhang is not None else []) + [m for m in members if not zhang or m.pk != zhang.member.pk]
        self.staff = RoleAssignment.objects.filter(role=Role.STAFF, committee=committee).select_related("user").first().user
        self.leader = RoleAssignment.objects.filter(role=Role.LEADER, committee=committee).select_related("user").first()
        self.units = [u for u in ctx.units[committee.pk] if RoleAssignment.objects.filter(role=Role.UNIT, unit=u).exists()]
        self.categories = {c.name: c for c in ProposalCategory.objects.for_committee(committee)}
        self.reply_categories = {c.code: c for c in ReplyCategory.objects.for_committee(committee)}
        self.n = 0
        self.titles = set()

    def liaison(self, unit):
        return RoleAssignment.objects.filter(role=Role.UNIT, unit=unit).select_related("user").first().user

    def author(self, i):
        return self.authors[i % len(self.authors)]

    def draft(self, i, *, kind=ProposalKind.INDIVIDUAL, period=ProposalPeriod.BETWEEN, **extra):
        title, category, reason, suggestions = TOPICS[i]
        if title in self.titles:  # each demo proposal has its own title (no two alike in the lists)
            raise ValueError(f"demo topic {i} used twice: {title}")
        self.titles.add(title)
        member = self.author(i)
        p = services.create_draft(actor=member.user, title=title, kind=kind, period=period, reason=reason,
                                  suggestions=suggestions, category=self.categories.get(category), **extra)
        if kind == ProposalKind.JOINT:
            others = [self.author(i + k) for k in (1, 2)]
            services.invite_cosigners(proposal=p, actor=member.user, members=others)
        return p

    def submitted(self, i, **kw):
        p = self.draft(i, **kw)
        services.submit(proposal=p, actor=p.proposer.user)
        for sig in p.signatures.filter(is_initiator=False):
            services.confirm_cosignature(signature=sig, actor=sig.member.user)
        p.refresh_from_db()
        return p

    def handling(self, i, *, co=True, **kw):
        p = services.accept(proposal=self.submitted(i, **kw), actor=self.staff)
        lead, other = self.units[i % len(self.units)], self.units[(i + 1) % len(self.units)]
        services.assign_units(proposal=p, actor=self.staff, lead=lead, co_units=[other] if co else [])
        return p

    def reply(self, p, code, *, approve=True):
        a = p.assignments.get(role="lead")
        user = self.liaison(a.unit)
        services.record_contact(assignment=a, actor=user, date=timezone.localdate(), way=ContactWay.FACE,
                                note="与提案人当面沟通办理思路")
        r = services.submit_reply(assignment=a, actor=user, category=self.reply_categories[code],
                                  body="经认真研究，现将办理情况答复如下：一、已纳入年度重点工作；二、明确责任科室和时间表。",
                                  signed_by=a.unit.leader_name or "分管负责人", contact_name=a.unit.contact_name,
                                  contact_phone=a.unit.contact_phone)
        if approve:
            services.review_reply(reply=r, actor=self.staff, approve=True)
        return r

    def rate(self, reply, result, note=""):
        p = reply.assignment.proposal
        return services.rate_reply(reply=reply, actor=p.proposer.user, attitude=Satisfaction.SATISFIED,
                                   relevance="relevant", result=result, note=note)


def seed(ctx):
    """Proposals in every state in 临沭县 (skipped when the plan has no such committee)."""
    committee = ctx.committees.get(COMMITTEE)
    if committee is None or not ctx.current_session.get(committee.pk):
        ctx.log("（跳过提案演示数据：没有临沭县或其当前会议）")
        return 0
    ensure_default_lists()
    d = Demo(ctx, committee)
    if len(d.authors) < 4 or len(d.units) < 2:
        ctx.log("（跳过提案演示数据：委员账号或承办单位不足）")
        return 0
    made = []
    made.append(d.draft(0))  # 草稿 (member_zhang's)
    cosigning = d.draft(1, kind=ProposalKind.JOINT)  # 联名确认中
    services.submit(proposal=cosigning, actor=cosigning.proposer.user)
    made.append(cosigning)
    staged = d.submitted(2)  # 待审查, marked 拟立案
    services.stage_decision(proposal=staged, actor=d.staff, action="accept")
    made += [staged, d.submitted(3, kind=ProposalKind.JOINT)]
    returned = d.submitted(4)
    services.return_for_revision(proposal=returned, actor=d.staff, note="建议部分请进一步具体化，明确责任主体。")
    withdrawn = d.submitted(5)
    services.withdraw(proposal=withdrawn, actor=withdrawn.proposer.user, note="拟与其他委员联名重新提交")
    rejected = d.submitted(12)
    services.decline(proposal=rejected, actor=d.staff, ground=DeclineGround.objects.for_committee(committee)
                     .filter(name__contains="推销").first() or DeclineGround.objects.for_committee(committee).first())
    converted = d.submitted(13)
    services.convert(proposal=converted, actor=d.staff, to="social", note="属个案反映，转社情民意信息")
    main = d.handling(16)  # 办理中, with a merged proposal, a co-handler opinion and an extension request
    merged = d.submitted(14)
    services.merge(proposal=merged, into=main, actor=d.staff, note="与主提案内容相近，并案办理")
    co = main.assignments.get(role="co")
    services.send_co_opinion(assignment=co, actor=d.liaison(co.unit), body="建议统筹安排专项资金，我单位积极配合。")
    lead = main.assignments.get(role="lead")
    services.request_extension(assignment=lead, actor=d.liaison(lead.unit), reason="涉及跨部门协调，需要更多时间调研",
                               requested_due_date=lead.due_date + datetime.timedelta(days=45))
    made += [returned, withdrawn, rejected, converted, main, merged]
    accepted = services.accept(proposal=d.submitted(6), actor=d.staff)  # 已立案, not yet assigned
    made.append(accepted)
    replied = d.handling(7, kind=ProposalKind.JOINT)  # 已答复待评价
    d.reply(replied, "A")
    pending_review = d.handling(8, co=False)  # reply awaiting staff review
    d.reply(pending_review, "B", approve=False)
    rehandling = d.handling(9, co=False)  # 重新办理
    d.rate(d.reply(rehandling, "C"), Satisfaction.UNSATISFIED, note="答复未提出具体措施和时间表")
    closed = d.handling(10, co=False, period=ProposalPeriod.PLENARY)  # 已办结, B → 回头看
    d.rate(d.reply(closed, "B"), Satisfaction.SATISFIED)
    key = d.handling(11)  # 重点提案
    if d.leader is not None:
        services.mark_key(proposal=key, actor=d.staff, leaders=[d.leader.user],
                          meeting_date=timezone.localdate() + datetime.timedelta(days=20),
                          meeting_note="召开重点提案办理协商会，主席会议成员领衔督办")
    overdue = d.handling(15, co=False)  # assigned four months ago: overdue
    _backdate(overdue, days=120)
    made += [replied, pending_review, rehandling, closed, key, overdue]
    ctx.log(f"  提案：{len(made)} 件，覆盖各个状态")
    from .evaluation import demo as evaluation_demo  # last year's 民主评议 and awards

    evaluation_demo.seed(ctx, d)
    return len(made)


def _backdate(proposal, *, days):
    """Make the assignments look handed over `days` ago: their dates and obligations shift back."""
    from django.db.models import F

    from supervision.models import Obligation
    from supervision.services import obligations_for

    shift = datetime.timedelta(days=days)
    for a in Assignment.objects.filter(proposal=proposal):
        Assignment.objects.filter(pk=a.pk).update(assigned_at=F("assigned_at") - shift)  # due dates: the obligations
        Obligation.objects.filter(pk__in=obligations_for(a).values("pk")).update(
            start_date=F("start_date") - shift, due_date=F("due_date") - shift,
            original_due_date=F("original_due_date") - shift, next_reminder_at=timezone.now())

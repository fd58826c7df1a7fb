"""Demo grassroots cases for `seed_demo` (called from consult/demo.py for each demo committee): the committee
takes cases from the public form, and a community member group with at least two members with accounts has
cases in every state — 待定单 (from the public form and a convenor), 不予受理, 待接单, 已接单, 已协商 with a
follow-up, 已办结 and 已归档 — made through the services, so timelines and obligations are real."""

from django.db.models import Count, Q
from django.utils import timezone

from members.models import MemberGroup

from . import services
from .models import CaseSettings, CommunityCase

# (title, description, grade, theme)
ISSUES = [
    ("小区门口路灯损坏", "3号楼前两盏路灯坏了两个月，晚上老人出行不便。", "C", "environment"),
    ("老旧小区楼道堆放杂物", "楼道堆满纸箱和旧家具，存在消防隐患，物业劝说无效。", "B", "property"),
    ("学校门口上下学交通拥堵", "早晚高峰家长车辆占道停放，学生过马路危险。", "A", "traffic"),
    ("社区缺少老年助餐点", "独居老人多，附近没有助餐点，吃饭成了难题。", "B", "elderly"),
    ("菜市场凌晨卸货噪音扰民", "每天凌晨四点货车卸货，周边居民休息受影响。", "C", "environment"),
    ("公交站台没有遮雨棚", "社区门口公交站台无遮雨棚，雨天候车不便。", "D", "traffic"),
    ("小区雨污管道堵塞积水", "一下大雨单元门口就积水，居民出行困难。", "B", "environment"),
    ("楼上住户空调滴水纠纷", "邻里因空调滴水多次争执，希望调解。", "D", "dispute"),
    ("社区广场健身器材损坏", "广场两台健身器材损坏，存在安全隐患。", "D", "elderly"),
]
TODAY_PLACE = "社区委员工作室"


def _group(committee):
    """A member group of the committee with a leader and at least two members with accounts."""
    return (MemberGroup.objects.filter(committee=committee, leader__isnull=False)
            .annotate(users=Count("members", filter=Q(members__user__isnull=False, members__active=True)))
            .filter(users__gte=2).order_by("-users", "pk").first())


def seed_committee(ctx, committee, staff):
    if CommunityCase.objects.filter(committee=committee).exists():
        return 0
    group = _group(committee)
    if group is None:
        ctx.log(f"（跳过{committee.name}的群众点单演示数据：没有两名以上有账号委员的委员小组）")
        return 0
    CaseSettings.objects.get_or_create(committee=committee, defaults={"accepts_public": True})
    workers = list(group.members.filter(user__isnull=False, active=True).select_related("user").order_by("pk")[:2])
    lead, mate = workers
    today = timezone.localdate()
    made = []

    def new(i, source="public"):
        title, description, _grade, _theme = ISSUES[i]
        case = services.register_case(
            actor=None if source == "public" else staff, committee=committee, member_group=group, title=title,
            description=description, source=source, resident_name="居民" + "甲乙丙丁戊己庚辛壬"[i],
            resident_phone=f"1390550{i:04d}")
        made.append(case)
        return case

    def accept(case, i):
        return services.accept(case=case, actor=staff, grade=ISSUES[i][2], theme=ISSUES[i][3], member_group=group)

    def consult(case):
        return services.consult(case=case, actor=lead.user, held_on=today, place=TODAY_PLACE,
                                participants=f"{lead.name}、{mate.name}、社区书记、居民代表", departments="街道办、相关职能部门",
                                result="与会各方商定：职能部门一周内拿出处理方案，社区跟进落实并向居民反馈。")

    new(0)  # 待定单
    new(1, source="convenor")  # 待定单, registered for a resident
    services.decline(case=new(7), actor=staff, reason="属于邻里民事纠纷，已转社区人民调解委员会调解。")
    accept(new(5), 5)  # 待接单
    services.claim(case=accept(new(2), 2), actor=lead.user, co_members=[mate])  # 已接单
    case = consult(services.claim(case=accept(new(3), 3), actor=lead.user))
    services.follow_up(case=case, actor=lead.user, on=today, note="街道已选定助餐点场地，正在装修。")
    for i, archive in ((4, False), (6, True), (8, True)):
        case = consult(services.claim(case=accept(new(i), i), actor=lead.user, co_members=[mate]))
        services.follow_up(case=case, actor=mate.user, on=today, note="职能部门已现场处理。")
        case = services.resolve(case=case, actor=lead.user, outcome="resolved", answer="问题已解决，感谢您的反映。")
        if archive:
            services.archive(case=case, actor=staff, summary="委员接单后组织微协商，协调职能部门及时解决，群众满意。")
    ctx.log(f"  群众点单：{committee.name} {len(made)} 件（{group.name}），问题库、建言库、案例库均有数据")
    return len(made)

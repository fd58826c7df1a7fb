"""Grassroots cases in a given state, built through the services from the `org` fixture alone.

The cast (added to `o` by `cast(o)`, idempotent): the township 乌衣镇联络组 takes cases from the public form;
its community group 乌衣镇·滁阳社区委员小组 is led by 王组长 and has 张委员 (o.member) and 陈委员; 刘召集人 is
the township's convenor. o.other_member (李委员) and o.far_member are in no group."""

import datetime as dt
import itertools

from django.utils import timezone

from consult.cases import services
from consult.cases.models import CaseSettings
from members.models import MemberGroup
from tests.factories import make_member_user

PHONE = "13905501234"
NAME = "周大妈"
_n = itertools.count(1)


def cast(o):
    if getattr(o, "group", None) is not None:
        return o
    CaseSettings.objects.get_or_create(committee=o.township, defaults={"accepts_public": True})
    o.group = MemberGroup.objects.create(committee=o.township, name="乌衣镇第一委员小组", community="滁阳社区")
    o.leader_user, o.group_leader = make_member_user(o.county, name="王组长", township=o.township, member_group=o.group,
                                                     is_standing=True)
    o.group.leader = o.group_leader
    o.group.save()
    o.member.member_group = o.group
    o.member.township = o.township
    o.member.save()
    o.member_user.__dict__.pop("_portal_scope", None)  # the scope cached its member before the group was set
    o.mate_user, o.mate = make_member_user(o.county, name="陈委员", township=o.township, member_group=o.group)
    o.convenor_user, o.convenor = make_member_user(o.county, name="刘召集人", township=o.township, is_convenor=True)
    o.other_group = MemberGroup.objects.create(committee=o.township, name="乌衣镇第二委员小组", community="花园社区")
    return o


def submitted(o, **over):
    cast(o)
    values = {"title": f"小区门口路灯不亮{next(_n)}", "description": "滁阳社区3号楼前的路灯坏了两个月，晚上出行不便。",
              "resident_name": NAME, "resident_phone": PHONE, "member_group": o.group, **over}
    return services.register_case(actor=None, committee=o.township, source="public", **values)


def accepted(o, **over):
    case = submitted(o, **over)
    return services.accept(case=case, actor=o.staff, grade="C", theme="environment")


def offered(o, **over):
    case = accepted(o, **over)
    return services.offer(case=case, actor=o.staff, member_group=o.group)


def claimed(o, **over):
    case = offered(o, **over)
    return services.claim(case=case, actor=o.member_user, co_members=[o.mate])


def consulted(o, **over):
    case = claimed(o, **over)
    return services.consult(case=case, actor=o.member_user, held_on=timezone.localdate(), place="滁阳社区议事厅",
                            participants="张委员、陈委员、社区书记、居民代表5人", departments="区城管局",
                            result="城管局一周内更换路灯；社区建立路灯巡查台账。")


def resolved(o, **over):
    case = consulted(o, **over)
    services.follow_up(case=case, actor=o.member_user, on=timezone.localdate(), note="城管局已派人查看线路。")
    return services.resolve(case=case, actor=o.member_user, outcome="resolved", answer="路灯已于本周更换，感谢您的反映。")


def archived(o, **over):
    case = resolved(o, **over)
    return services.archive(case=case, actor=o.staff, summary="委员接单后协调城管局，一周内解决路灯问题。")


def declined(o, **over):
    case = submitted(o, **over)
    return services.decline(case=case, actor=o.staff, reason="属于物业合同纠纷，建议通过法律途径解决。")


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)

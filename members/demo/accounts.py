"""Handling units with their liaison accounts, and the named demo logins for each role."""

from django.contrib.auth import get_user_model

from members.enums import CommitteeLevel, Role
from members.models import HandlingUnit, Member, RoleAssignment

from . import data
from .plan import CHUZHOU, LINSHU

BATCH = 1000
PROVINCE_KEEPS_JU = {"市场监督管理局", "医疗保障局", "数据资源管理局", "城市管理局"}  # not 厅 at province level


def unit_name(place, level, entry):
    county_suffix, city_suffix, _short, _slug = entry
    if level == CommitteeLevel.COUNTY:
        return place + county_suffix
    if level == CommitteeLevel.PROVINCE and city_suffix not in PROVINCE_KEEPS_JU:
        return place + city_suffix.removesuffix("局") + ("厅" if city_suffix.endswith("局") else "")
    return place + city_suffix


def build_units(ctx):
    """承办单位 per committee, each with one liaison account (临沭's are `unit_<slug>`)."""
    User = get_user_model()
    units, users, roles = [], [], []
    for key, spec in ctx.specs.items():
        if not spec.units:
            continue
        committee = ctx.committees[key]
        place = committee.name.removesuffix("政协")
        for entry in data.UNITS[: spec.units]:
            slug = entry[3]
            leader_gender, contact_gender = ctx.people.gender(), ctx.people.gender()
            unit = HandlingUnit(
                committee=committee, name=unit_name(place, spec.level, entry), short_name=entry[2],
                leader_name=ctx.people.name(leader_gender), leader_phone=ctx.people.phone(),
                leader_email=f"{slug}.leader.{committee.pk}@gov.example",
                contact_name=ctx.people.name(contact_gender), contact_phone=ctx.people.phone(),
            )
            username = f"unit_{slug}" if key == LINSHU else f"unit_{slug}_{committee.pk}"
            user = User(username=username, password=ctx.password_hash, first_name=unit.contact_name,
                        email=f"{username}@gov.example")
            units.append(unit)
            users.append(user)
            roles.append(RoleAssignment(user=user, role=Role.UNIT, committee=committee, unit=unit))
    HandlingUnit.objects.bulk_create(units, batch_size=BATCH)
    User.objects.bulk_create(users, batch_size=BATCH)
    RoleAssignment.objects.bulk_create(roles, batch_size=BATCH)
    for unit, user in zip(units, users, strict=True):
        ctx.units[unit.committee_id].append(unit)
        if unit.committee_id == ctx.committees[LINSHU].pk and user.username in ("unit_jiaoyu", "unit_weijian"):
            ctx.add_account(user, f"承办单位联络员 · {unit.name}")


def build_role_accounts(ctx):
    """admin, staff per level, an office viewer, a leader and two members with profiles."""
    User = get_user_model()
    admin = User(username="admin", password=ctx.password_hash, first_name="系统管理员",
                 is_superuser=True, is_staff=True, email="admin@gov.example")
    admin.save()
    ctx.add_account(admin, "超级管理员 · 全部数据")
    for username, role, key in [
        ("staff_anhui", Role.STAFF, "安徽省"), ("staff_chuzhou", Role.STAFF, CHUZHOU),
        ("staff_linshu", Role.STAFF, LINSHU), ("office_linshu", Role.OFFICE, LINSHU),
    ]:
        committee = ctx.committees[key]
        user = User(username=username, password=ctx.password_hash, is_staff=(role == Role.STAFF),
                    first_name=ctx.people.name(ctx.people.gender()), email=f"{username}@gov.example")
        user.save()
        RoleAssignment.objects.create(user=user, role=role, committee=committee)
        ctx.add_account(user, f"{Role(role).label} · {committee.name}")
    chair = ctx.members_of(LINSHU)[0]  # 主席: a 主席会议成员 who also leads (reads the whole committee)
    leader = _claim_member(ctx, chair, "leader_linshu", chair.name)
    RoleAssignment.objects.create(user=leader, role=Role.LEADER, committee=chair.committee)
    ctx.add_account(leader, f"主席会议成员 · {chair.committee.name}主席 {chair.name}")
    zhang = next(m for m in ctx.members_of(LINSHU)[6:] if m.sector.name == "教育界")
    user = _claim_member(ctx, zhang, "member_zhang", "张" + zhang.name[1:])
    ctx.add_account(user, f"委员 · {zhang.committee.name} {zhang.name}（{zhang.sector.name}）")
    li = next(m for m in ctx.members_of(CHUZHOU)[6:] if m.member_group and m.member_group.leader_id == m.pk)
    user = _claim_member(ctx, li, "member_li", "李" + li.name[1:])
    ctx.add_account(user, f"委员 · {li.committee.name}常委 {li.name}（{li.member_group.name}组长）")


def _claim_member(ctx, member, username, name):
    """Give a generated member a memorable login (and name); returns the account."""
    Member.objects.filter(pk=member.pk).update(name=name)
    member.name = name
    user = member.user
    user.username, user.first_name, user.email = username, name, f"{username}@gov.example"
    user.save(update_fields=["username", "first_name", "email"])
    return user

"""Members with their login accounts, member groups, sector groups with convenors (bulk inserts).

Every member gets an account whose username is their (unique) phone number; all accounts share one
password hash computed once.
"""

from django.contrib.auth import get_user_model

from members.enums import CommitteeLevel
from members.models import Member, MemberGroup, SectorGroup
from members.numerals import chinese_number

from . import data
from .people import People

BATCH = 1000
CHAIR_POSITIONS = ["主席", "副主席", "副主席", "副主席", "副主席", "秘书长"]
LINSHU_INFO_OFFICERS = 20  # seed 001: 从各界别聘请了20名社情民意信息员


def place_of(committee_name):
    """"临沭县政协" → "临沭县" (used in employer names)."""
    return committee_name.removesuffix("政协")


def build_members(ctx):
    """Members, their accounts, member groups and sector groups for every committee but townships."""
    people = People(ctx.rng)
    users, members, groups, sector_groups, leaders = [], [], [], [], []
    for key, spec in ctx.specs.items():
        if spec.level == CommitteeLevel.TOWNSHIP or not spec.members:
            continue
        committee = ctx.committees[key]
        committee_groups = _member_groups(ctx, spec, committee)
        roster = [_new_member(ctx, people, spec, committee, i, committee_groups) for i in range(spec.members)]
        leaders += _mark_roles(ctx, spec, roster)
        sector_groups += _sector_groups(ctx, spec, committee, roster)
        groups += committee_groups
        members += roster
        ctx.members[committee.pk] = roster
    User = get_user_model()
    for m in members:
        users.append(User(username=m.phone, password=ctx.password_hash, first_name=m.name))
        m.user = users[-1]
    # bulk_create/bulk_update copy the ids of related rows saved just before (groups, users, leaders).
    MemberGroup.objects.bulk_create(groups, batch_size=BATCH)
    User.objects.bulk_create(users, batch_size=BATCH)
    Member.objects.bulk_create(members, batch_size=BATCH)
    for group, member in leaders:
        group.leader = member
    MemberGroup.objects.bulk_update(groups, ["leader"], batch_size=BATCH)
    _save_sector_groups(sector_groups)


def _member_groups(ctx, spec, committee):
    """委员小组: one per community (滁州's 18) or per township (镇街委员活动组)."""
    if spec.communities:
        return [
            MemberGroup(committee=committee, name=f"第{chinese_number(i + 1)}委员小组（{c}）", community=c)
            for i, c in enumerate(spec.communities)
        ]
    return [MemberGroup(committee=committee, name=f"{t}委员活动组", community=t) for t in spec.townships]


def _new_member(ctx, people, spec, committee, i, groups):
    sectors = ctx.sectors[committee.pk]
    specials = ctx.special_committees[committee.pk]
    sector = sectors[i % len(sectors)]
    gender = people.gender()
    employer, position = people.employer(sector.name, place_of(committee.name))
    member = Member(
        committee=committee, name=people.name(gender), gender=gender, birth_date=people.birth_date(ctx.today),
        phone=people.phone(), party=people.party(sector.name), sector=sector,
        special_committee=specials[i % len(specials)],  # 全员入委: everyone in one special committee
        employer=employer, position=position,
    )
    if spec.townships:
        member.township = ctx.committees[spec.townships[i % len(spec.townships)]]
    if groups:
        member.member_group = groups[i % len(groups)]
    return member


def _mark_roles(ctx, spec, roster):
    """主席会议成员 (the first six), 常委 (~15%), 信息员 (20 in 临沭, ~8% elsewhere).

    Returns (group, leader) pairs: each member group is led by its first member, made a 常委.
    """
    for member, position in zip(roster, CHAIR_POSITIONS, strict=False):
        member.is_chair_member = member.is_standing = True
        member.position = position
        member.employer = f"政协{place_of(member.committee.name)}委员会"
    rng = ctx.rng
    for member in roster[len(CHAIR_POSITIONS):]:
        member.is_standing = rng.random() < 0.12
    officers = LINSHU_INFO_OFFICERS if spec.key == "临沭县" else max(1, len(roster) // 12)
    for member in rng.sample(roster, min(officers, len(roster))):
        member.is_info_officer = True
    leaders = {}
    for member in roster[len(CHAIR_POSITIONS):]:
        group = member.member_group
        if group is not None and id(group) not in leaders:
            member.is_standing = True
            leaders[id(group)] = (group, member)
    return list(leaders.values())


def _sector_groups(ctx, spec, committee, roster):
    """界别活动组 with 1–2 convenors from their sectors; counties use 临沭's six, others groups of three."""
    specials = ctx.special_committees[committee.pk]
    by_name = {s.name: s for s in ctx.sectors[committee.pk]}
    if spec.level == CommitteeLevel.COUNTY:
        layout = [(name, specials[i], names) for name, i, names in data.LINSHU_SECTOR_GROUPS]
    else:
        names = list(by_name)
        layout = [
            (f"第{chinese_number(n + 1)}界别活动组", specials[n % len(specials)], names[k:k + 3])
            for n, k in enumerate(range(0, len(names), 3))
        ]
    planned = []
    for name, special, sector_names in layout:
        sectors = [by_name[n] for n in sector_names if n in by_name]
        ids = {s.pk for s in sectors}
        candidates = [m for m in roster[len(CHAIR_POSITIONS):] if m.sector.pk in ids]
        convenors = candidates[: 1 + (len(candidates) > 8)]
        for m in convenors:
            m.is_convenor = True
        group = SectorGroup(committee=committee, name=name, special_committee=special)
        planned.append((group, sectors, convenors))
    return planned


def _save_sector_groups(planned):
    SectorGroup.objects.bulk_create([g for g, _, _ in planned], batch_size=BATCH)
    sector_links = SectorGroup.sectors.through
    convenor_links = SectorGroup.convenors.through
    sector_links.objects.bulk_create(
        [sector_links(sectorgroup_id=g.pk, sector_id=s.pk) for g, sectors, _ in planned for s in sectors],
        batch_size=BATCH,
    )
    convenor_links.objects.bulk_create(
        [convenor_links(sectorgroup_id=g.pk, member_id=m.pk) for g, _, convenors in planned for m in convenors],
        batch_size=BATCH,
    )

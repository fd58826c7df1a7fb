"""Studios (委员工作室, 委员之家) with their members and the 委员接待日 roster on the 25th of each month."""

import datetime

from members.enums import CommitteeLevel, StudioKind
from members.models import ReceptionDuty, Studio

BATCH = 1000
RECEPTION_DAY = 25  # 每月25日固定为“委员接待日” (seed 002)
ROSTER_MONTHS = 3
# 临沭: 17 委员之家 — 6 in town, 9 in the 镇街, one for the city's members, one county-wide (seed 001).
LINSHU_TOWN_HOMES = ["临沭街道", "郑山街道", "经济开发区", "城区教育界", "城区医卫界", "城区经济界"]


def build_studios(ctx):
    planned = []  # (Studio, [members])
    for key, spec in ctx.specs.items():
        if spec.level == CommitteeLevel.TOWNSHIP or not spec.members:
            continue
        committee = ctx.committees[key]
        planned += _studios_for(ctx, spec, committee, ctx.members[committee.pk])
    Studio.objects.bulk_create([s for s, _ in planned], batch_size=BATCH)
    links = Studio.members.through
    links.objects.bulk_create(
        [links(studio_id=s.pk, member_id=m.pk) for s, ms in planned for m in ms], batch_size=BATCH
    )
    ReceptionDuty.objects.bulk_create(_roster(ctx, planned), batch_size=BATCH)


def _studios_for(ctx, spec, committee, roster):
    place = committee.name.removesuffix("政协")
    rng = ctx.rng
    out = []

    def add(name, kind, members, sector=None):
        studio = Studio(committee=committee, name=name, kind=kind, sector=sector, address=f"{place}{name}")
        out.append((studio, members))

    for community in spec.communities:  # 滁州: a studio in each community, for its member group
        add(f"{community}委员工作室", StudioKind.STUDIO, [m for m in roster if m.member_group.community == community])
    for township in spec.townships:
        town = ctx.committees[township]
        add(f"{township}委员之家", StudioKind.HOME, [m for m in roster if m.township_id == town.pk][:15])
    if spec.key == "临沭县":
        for name in LINSHU_TOWN_HOMES:
            add(f"{name}委员之家", StudioKind.HOME, rng.sample(roster, 10))
        add("住沭市政协委员之家", StudioKind.HOME, [])
        welfare = [m for m in roster if m.sector.name == "社会福利和社会保障界"]
        add("中波示范岗委员工作室", StudioKind.STUDIO, welfare[:6], sector=welfare[0].sector if welfare else None)
        add("“有事来协商”议事厅", StudioKind.HALL, rng.sample(roster, 12))
    add(f"{place}综合委员之家", StudioKind.HOME, rng.sample(roster, min(12, len(roster))))
    return out


def _roster(ctx, planned):
    """2–3 members on duty at each studio on the reception day of the next three months."""
    duties = []
    for month in range(ROSTER_MONTHS):
        y, m = divmod(ctx.today.month - 1 + month, 12)
        day = datetime.date(ctx.today.year + y, m + 1, RECEPTION_DAY)
        for studio, members in planned:
            for member in ctx.rng.sample(members, min(len(members), ctx.rng.randint(2, 3))):
                duties.append(ReceptionDuty(studio=studio, member=member, date=day, note="委员接待日"))
    return duties

"""A few obligations, so the home pages show deadlines (one overdue, the others coming up)."""

import datetime

from . import data
from .plan import CHUZHOU, LINSHU


def build_obligations(ctx):
    """Through the deadline engine's own service, like every other feature. Returns how many were made."""
    try:
        from supervision.enums import ObligationKind, OwnerKind
        from supervision.services import create_obligation
    except ImportError:
        ctx.log("（跳过示例办理时限：supervision.services.create_obligation 尚不可用）")
        return 0
    today = ctx.today
    made = 0
    for key, offsets in ((LINSHU, (-5, 3, 12)), (CHUZHOU, (10, 20))):
        committee = ctx.committees[key]
        units = ctx.units[committee.pk]
        for unit, title, days in zip(units, data.UNIT_OBLIGATIONS, offsets, strict=False):
            due = today + datetime.timedelta(days=days)
            create_obligation(
                subject=unit, committee=committee, kind=ObligationKind.GENERIC, title=f"{unit.short_name}：{title}",
                owner_kind=OwnerKind.UNIT, owner_unit=unit, due_date=due,
                start_date=min(today, due - datetime.timedelta(days=30)),
            )
            made += 1
    zhang = ctx.users.get("member_zhang")
    if zhang is not None:
        member = zhang.member
        for title, days in zip(data.MEMBER_OBLIGATIONS, (7, 25), strict=True):
            create_obligation(
                subject=member, committee=member.committee, kind=ObligationKind.GENERIC, title=title,
                owner_kind=OwnerKind.MEMBER, owner_member=member, due_date=today + datetime.timedelta(days=days),
            )
            made += 1
    return made

"""Demo 委员接待日 for `seed_demo` (called from consult/demo.py for each committee with a demo staff account):
a year of reception days at a few of the committee's studios (made by members/demo/studios.py; one is opened
here when there is none). This year's days already past are recorded (members present, visitors, an issue);
the days to come are planned through `services.generate_roster`, so their duties carry their obligations,
and the first coming duty of a member with a login at each studio is confirmed."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from members.enums import DutyState
from members.models import ReceptionDuty, Studio

from . import services
from .enums import DayState
from .models import ReceptionDay, ReceptionIssue
from .roster import plan_roster, reception_dates

STUDIOS = 4
ISSUES = [
    ("小区路灯损坏多日无人维修", "居民反映小区东侧三盏路灯损坏，夜间出行不便，希望尽快维修。"),
    ("农贸市场周边占道经营", "早市摊位占用人行道，影响通行和安全，建议规范设置临时摊区。"),
    ("老年人助餐点就餐难", "社区助餐点座位少、菜品单一，希望增加服务时段。"),
]


def _studios(committee, staff, members):
    studios = list(Studio.objects.filter(committee=committee, active=True).annotate(n=Count("members"))
                   .filter(n__gte=3).order_by("name")[:STUDIOS])
    if studios or len(members) < 3:
        return studios
    place = committee.name.removesuffix("政协")
    return [services.create_studio(actor=staff, committee=committee, name=f"{place}委员工作室", kind="studio",
                                   address=f"{place}政务服务中心二楼", opening_hours="每月25日 9:00–11:30",
                                   members=members[:8])]


def _past_year(studio, year, today, n):
    """This year's reception days already past: recorded, everyone present."""
    members = list(studio.members.filter(active=True).order_by("pk"))
    dates = [d for d in reception_dates(year, studio.reception_day) if d <= today]
    plan = plan_roster(dates, [m.pk for m in members], studio.duty_size)
    for i, (date, ids) in enumerate(sorted(plan.items())):
        for member_id in ids:
            ReceptionDuty.objects.create(studio=studio, member_id=member_id, date=date, state=DutyState.DONE,
                                         note="委员接待日")
        day = ReceptionDay.objects.create(
            studio=studio, date=date, state=DayState.HELD, visitors=3 + (i * 7 + n) % 9, summary="接待群众来访，现场答复政策咨询。",
            recorded_at=timezone.make_aware(dt.datetime.combine(date, dt.time(11, 30))))
        title, text = ISSUES[(i + n) % len(ISSUES)]
        ReceptionIssue.objects.create(day=day, title=title, description=text, resident_name="王女士")


def seed_committee(ctx, committee, staff, members):
    today = timezone.localdate()
    made = 0
    for n, studio in enumerate(_studios(committee, staff, members)):
        ReceptionDuty.objects.filter(studio=studio, state=DutyState.PLANNED).delete()  # the sample roster
        _past_year(studio, today.year, today, n)
        for year in (today.year, today.year + 1):
            if any(d > today for d in reception_dates(year, studio.reception_day)):
                services.generate_roster(actor=staff, studio=studio, year=year)
                break
        first = (ReceptionDuty.objects.filter(studio=studio, date__gt=today, member__user__isnull=False)
                 .select_related("member__user").order_by("date", "pk").first())
        if first is not None:
            services.confirm_duty(actor=first.member.user, duty=first)
        made += 1
    if made:
        ctx.log(f"  委员接待日：{committee.name} {made} 个工作室的全年接待日与排班")
    return made

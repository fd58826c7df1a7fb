"""委员接待日 records built through the services from the `org` fixture (tests, the access matrix, the admin walk).

The roster is generated for next year (every reception day still to come whatever today is): with the studio's
members [张委员 (o.member), 李委员 (o.other_member), 王委员] and two on duty, the rotation gives 张李, 王张, 李王, …"""

import datetime as dt

from django.utils import timezone

from consult.reception import services
from consult.reception.models import ReceptionDay
from members.models import ReceptionDuty
from tests.factories import MemberFactory


def studio(o, **over):
    found = getattr(o, "_reception_studio", None)
    if found is not None and not over:
        return found
    values = {"name": "乌衣镇委员工作室", "kind": "studio", "address": "乌衣镇政府二楼", "opening_hours": "每月25日 9:00–11:30",
              "members": [o.member, o.other_member, MemberFactory(committee=o.county, name="王委员")], **over}
    made = services.create_studio(actor=o.staff, committee=o.county, **values)
    if not over:
        o._reception_studio = made
    return made


def next_year():
    return timezone.localdate().year + 1


def rostered(o):
    s = studio(o)
    if not ReceptionDuty.objects.filter(studio=s, date__year=next_year()).exists():
        services.generate_roster(actor=o.staff, studio=s, year=next_year())
    return s


def duty(o, member=None):
    """The first duty of `member` (default 张委员) in next year's roster."""
    s = rostered(o)
    return ReceptionDuty.objects.filter(studio=s, member=member or o.member).order_by("date").first()


def swap_pair(o):
    """A duty of 张委员 on a date 李委员 is free, and one of 李委员 on a date 张委员 is free."""
    s = rostered(o)
    mine = ReceptionDuty.objects.filter(studio=s, member=o.member).exclude(
        date__in=ReceptionDuty.objects.filter(studio=s, member=o.other_member).values("date")).order_by("date").first()
    theirs = ReceptionDuty.objects.filter(studio=s, member=o.other_member).exclude(
        date__in=ReceptionDuty.objects.filter(studio=s, member=o.member).values("date")).order_by("date").first()
    return mine, theirs


def swap(o):
    found = getattr(o, "_reception_swap", None)
    if found is None:
        mine, theirs = swap_pair(o)
        found = o._reception_swap = services.request_swap(actor=o.member_user, duty=mine, other_duty=theirs,
                                                          reason="当天要出差")
    return found


def accepted_swap(o):
    s = swap(o)
    s.refresh_from_db()
    if s.state == "requested":
        services.accept_swap(actor=o.other_member_user, swap=s)
        s.refresh_from_db()
    return s


def day_today(o):
    """Today's reception day at the studio with 张委员 and 李委员 on duty (a roster row made directly: the
    service plans only days to come)."""
    found = getattr(o, "_reception_today", None)
    if found is not None:
        return found
    s = studio(o)
    today = timezone.localdate()
    for m in (o.member, o.other_member):
        ReceptionDuty.objects.get_or_create(studio=s, member=m, date=today)
    o._reception_today = ReceptionDay.objects.get_or_create(studio=s, date=today)[0]
    return o._reception_today


def held_day(o):
    day = day_today(o)
    if day.state != "held":
        services.record_day(actor=o.member_user, day=day, visitors=5, summary="接待顺利",
                            issues=[{"title": "路灯不亮", "description": "小区东门路灯坏了一个月。"}])
        day.refresh_from_db()
    return day


def unavailable(o):
    today = timezone.localdate()
    return services.add_unavailability(actor=o.member_user, member=o.member, start_date=today + dt.timedelta(days=30),
                                       end_date=today + dt.timedelta(days=40), reason="外出学习")


def every_record(o):
    """At least one row of every reception model in the county (the admin walk)."""
    held_day(o)
    accepted_swap(o)
    unavailable(o)


def one_of_each(o):
    """A saved row of every reception model with a declared workflow (the transition walk)."""
    return {ReceptionDuty: duty(o), ReceptionDay: day_today(o), type(swap(o)): swap(o)}

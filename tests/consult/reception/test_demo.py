"""The demo's year of reception days (consult/reception/demo.py, called by consult/demo.py from seed_demo)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from consult.reception import demo
from consult.reception.models import ReceptionDay, ReceptionIssue
from members.models import ReceptionDuty
from supervision.enums import ObligationKind
from supervision.models import Obligation
from tests.factories import MemberFactory


class Ctx:
    def __init__(self):
        self.lines = []

    def log(self, line):
        self.lines.append(line)


def test_a_year_of_reception_days_past_recorded_and_to_come_planned(org):
    members = [org.member, org.other_member, *MemberFactory.create_batch(4, committee=org.county)]
    ctx = Ctx()
    with time_machine.travel(dt.datetime(2027, 6, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert demo.seed_committee(ctx, org.county, org.staff, members) == 1  # no studio yet: one is opened
    days = ReceptionDay.objects.filter(studio__committee=org.county).order_by("date")
    assert [d.date.month for d in days] == list(range(1, 13))
    assert [d.state for d in days] == ["held"] * 5 + ["planned"] * 7
    assert ReceptionIssue.objects.filter(day__in=days).count() == 5
    duties = ReceptionDuty.objects.filter(studio__committee=org.county)
    assert duties.filter(state="done").count() == 10 and duties.filter(date__gt=dt.date(2027, 6, 10)).count() == 14
    assert duties.filter(state="confirmed").count() == 1  # 张委员 confirmed the first coming duty
    assert Obligation.objects.filter(kind=ObligationKind.RECEPTION_DAY).count() == 14
    assert ctx.lines == ["  委员接待日：南谯区政协 1 个工作室的全年接待日与排班"]

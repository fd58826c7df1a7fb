"""The 委员接待日 lists run the same number of queries for a few rows as for many."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consult.reception.models import ReceptionDay
from members.models import ReceptionDuty, Studio
from tests.factories import MemberFactory
from tests.test_query_counts import assert_same_besides_pager_counts


def _studios(o, n):
    for i in range(n):
        s = Studio.objects.create(committee=o.county, name=f"工作室{Studio.objects.count()}-{i}", address="乌衣镇")
        s.members.add(o.member, MemberFactory(committee=o.county))


def _days(o, n):
    """n studios with a reception day this month and two members on duty."""
    day = timezone.localdate().replace(day=25)
    for i in range(n):
        s = Studio.objects.create(committee=o.county, name=f"接待工作室{Studio.objects.count()}-{i}")
        other = MemberFactory(committee=o.county)
        s.members.add(o.member, other)
        ReceptionDay.objects.create(studio=s, date=day)
        for m in (o.member, other):
            ReceptionDuty.objects.create(studio=s, member=m, date=day)


def _upcoming(o, n):
    """n future duties of 张委员 at studios where someone else is on duty too (the swap forms)."""
    start = timezone.localdate() + dt.timedelta(days=10)
    for i in range(n):
        s = Studio.objects.create(committee=o.county, name=f"值班工作室{Studio.objects.count()}-{i}")
        other = MemberFactory(committee=o.county)
        s.members.add(o.member, other)
        ReceptionDuty.objects.create(studio=s, member=o.member, date=start + dt.timedelta(days=i))
        ReceptionDuty.objects.create(studio=s, member=other, date=start + dt.timedelta(days=i + 1))


CASES = [
    ("consult:reception_studios", "staff", _studios),
    ("consult:reception_calendar", "staff", _days),
    ("consult:my_reception", "member_user", _upcoming),
    ("consult-studio-list", "staff", _studios),
    ("consult-reception-day-list", "staff", _days),
    ("consult-reception-duty-list", "member_user", _days),
]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return ctx


@pytest.mark.parametrize("name, who, make", CASES, ids=[c[0] for c in CASES])
def test_list_query_count_does_not_grow_with_rows(org, name, who, make):
    client = Client()
    client.force_login(getattr(org, who))
    url = reverse(name)
    make(org, 2)
    few = _count(client, url)
    make(org, 20)
    assert_same_besides_pager_counts(few, _count(client, url), url)

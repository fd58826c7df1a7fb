"""Pagers count exactly only what is small (portal/pagination.py): above EXACT_COUNT_LIMIT rows expected
by PostgreSQL's planner they show its estimate as such ("约"), and every page stays reachable."""

import pytest
from django.db import connection
from django.urls import reverse

from members.models import Member
from portal import pagination
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def huge_estimate(monkeypatch):
    """The planner expecting 250,000 rows, whatever the database (SQLite has no planner estimate)."""
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: 251_234)


def test_small_lists_count_exactly(client, org):
    MemberFactory.create_batch(3, committee=org.county)
    client.force_login(org.staff)
    page = client.get(reverse("members:list"))
    assert page.context["page"].paginator.count_exact is True
    total = Member.objects.filter(committee=org.county).count()
    assert f"共 {total} 人" in page.content.decode()
    data = client.get("/api/v1/members/").json()
    assert data["count"] == total
    assert data["count_exact"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_planner_estimate_reads_postgresqls_plan(org):
    MemberFactory.create_batch(5, committee=org.county)
    estimate = pagination.planner_estimate(Member.objects.filter(committee=org.county))
    assert isinstance(estimate, int) and estimate >= 1


def test_huge_lists_show_a_rounded_estimate(client, org, huge_estimate):
    MemberFactory.create_batch(60, committee=org.county)
    client.force_login(org.staff)
    first = client.get(reverse("members:list"))
    assert first.context["page"].paginator.count_exact is False
    text = first.content.decode()
    assert "约 250,000 人" in text
    data = client.get("/api/v1/members/").json()
    assert (data["count"], data["count_exact"]) == (250_000, False)


def test_every_page_stays_reachable_and_the_last_one_counts(client, org, huge_estimate):
    MemberFactory.create_batch(120, committee=org.county)
    total = Member.objects.filter(committee=org.county).count()
    client.force_login(org.staff)
    seen, number = [], 1
    while True:
        response = client.get(reverse("members:list"), {"page": number})
        page = response.context["page"]
        seen.extend(m.pk for m in page.object_list)
        if not page.has_next():
            break
        number += 1
        assert number < 10
    assert len(seen) == len(set(seen)) == total
    assert f"共 {total} 人" in response.content.decode()  # the last page is not full: the count is exact


def test_api_pages_on_past_an_estimate(client, org, huge_estimate):
    MemberFactory.create_batch(60, committee=org.county)
    client.force_login(org.staff)
    data = client.get("/api/v1/members/").json()
    assert data["count_exact"] is False and data["next"] and len(data["results"]) == 50
    rest = client.get(data["next"]).json()
    total = Member.objects.filter(committee=org.county).count()
    assert len(data["results"]) + len(rest["results"]) == total
    assert (rest["count"], rest["count_exact"], rest["next"]) == (total, True, None)


def test_bad_page_numbers_are_refused_cleanly(client, org, huge_estimate):
    client.force_login(org.staff)
    assert client.get("/api/v1/members/", {"page": "abc"}).status_code == 404
    assert client.get("/api/v1/members/", {"page": "0"}).status_code == 404
    assert client.get(reverse("members:list"), {"page": "abc"}).status_code == 200


def test_a_list_that_cannot_match_anything_counts_zero(org):
    """pk__in=[] (a user with no scope) compiles to no SQL at all: the pager must not ask for a plan of it."""
    assert pagination.planner_estimate(Member.objects.filter(pk__in=[])) in (None, 0)
    assert pagination.bounded_count(Member.objects.filter(pk__in=[])) == (0, True)


def test_a_first_page_that_is_not_full_is_the_count(client, org, huge_estimate):
    # page 1 is read before anything is counted: short, it is the whole list — exact, whatever the
    # planner expects, and neither estimated nor counted (no EXPLAIN, no COUNT query)
    from django.test.utils import CaptureQueriesContext

    MemberFactory.create_batch(3, committee=org.county)
    total = Member.objects.filter(committee=org.county).count()
    assert total < 20
    client.force_login(org.staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("members:list"))
    assert page.context["page"].paginator.count_exact is True
    assert f"共 {total} 人" in page.content.decode()
    assert not [q for q in queries if "COUNT(*)" in q["sql"] and "members_member" in q["sql"]]
    data = client.get("/api/v1/members/").json()
    assert (data["count"], data["count_exact"], data["next"]) == (total, True, None)
    assert len(data["results"]) == total


def test_counts_asks_several_exact_counts_in_one_statement(org):
    from django.test.utils import CaptureQueriesContext

    from members.models import HandlingUnit

    with CaptureQueriesContext(connection) as ctx:
        got = pagination.counts(Member.objects.filter(committee=org.county), HandlingUnit.objects.all(),
                                Member.objects.filter(pk__in=[]), Member.objects.filter(committee=org.city))
    assert got == (Member.objects.filter(committee=org.county).count(), HandlingUnit.objects.count(), 0, 0)
    assert got[0] == 2 and got[1] == 2  # 张委员 and 李委员; 南谯区's two units
    assert len(ctx.captured_queries) == 1


@pytest.mark.parametrize("as_values", [False, True])
def test_a_list_counted_exactly_reads_its_count_with_its_first_page(org, as_values):
    # limit=EXACT (a list small by what it is): page 1 and the count in one query, whatever the page holds
    from django.test.utils import CaptureQueriesContext

    for i in range(23):
        MemberFactory(committee=org.county, name=f"委员{i:02d}")
    members = Member.objects.filter(committee=org.county).order_by("name", "pk")
    listed = members.values("pk", "name") if as_values else members
    with CaptureQueriesContext(connection) as ctx:
        page = pagination.BoundedPaginator(listed, 20, limit=pagination.EXACT).get_page(None)
        assert (page.paginator.count, page.paginator.count_exact, page.paginator.num_pages) == (25, True, 2)
    assert len(ctx.captured_queries) == 1 and "OVER ()" in ctx.captured_queries[0]["sql"]
    names = [row["name"] if as_values else row.name for row in page.object_list]
    assert names == list(members.values_list("name", flat=True)[:20]) and page.has_next()
    assert all(pagination.TOTAL not in (row if as_values else vars(row)) for row in page.object_list)
    second = pagination.BoundedPaginator(listed, 20, limit=pagination.EXACT).get_page(2)
    assert len(second.object_list) == 5 and second.paginator.count == 25
    empty = pagination.BoundedPaginator(Member.objects.filter(pk__in=[0]).order_by("pk"), 20, limit=pagination.EXACT)
    assert empty.get_page(None).paginator.count == 0


def test_a_list_of_tuples_counted_exactly_is_counted_apart(org):
    # value tuples cannot carry the window count: the first page is read as it is, the count asked apart
    for i in range(23):
        MemberFactory(committee=org.county, name=f"委员{i:02d}")
    listed = Member.objects.filter(committee=org.county).order_by("name", "pk").values_list("name", flat=True)
    page = pagination.BoundedPaginator(listed, 20, limit=pagination.EXACT).get_page(None)
    assert page.paginator.count == 25 and list(page.object_list) == list(listed[:20])

"""List endpoints and pages run the same number of queries for 1 row as for 25.

To cover a new list, add one line to LIST_ENDPOINTS:
    ("proposals:list", "staff", lambda o, n: ProposalFactory.create_batch(n, committee=o.county)),
i.e. the URL name, the `org` attribute of the user who asks (see tests/conftest.py), and a function
creating `n` more rows that this user sees. JSON lists are counted through DRF's "count"; pages
through the paginator in their context (`page_obj`, `page` or `paginator`).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import HandlingUnit, MemberGroup, RoleAssignment, Session, Studio, Term
from supervision.models import Notification
from tests.consult import builders as consult_rows
from tests.factories import (
    CommitteeFactory,
    HandlingUnitFactory,
    MemberFactory,
    SectorFactory,
    SpecialCommitteeFactory,
    UserFactory,
)
from tests.proposals import builders as proposal_rows
from tests.proposals import evaluation_builders as evaluation_rows

FEW, MANY = 1, 25


def _townships(o, n):
    CommitteeFactory.create_batch(n, parent=o.county, level="township")


def _terms(o, n):
    start = Term.objects.filter(committee=o.county).count()
    Term.objects.bulk_create(
        Term(committee=o.county, number=start + i + 1, name=f"第{start + i + 1}届", start_date="2020-01-01")
        for i in range(n)
    )


def _sessions(o, n):
    term, _ = Term.objects.get_or_create(committee=o.county, number=14, defaults={"name": "第十四届", "start_date": "2022-01-01"})
    start = term.sessions.count()
    Session.objects.bulk_create(
        Session(term=term, number=start + i + 1, name=f"第{start + i + 1}次会议", start_date="2023-01-01") for i in range(n)
    )


def _members(o, n):
    """Members with every related record filled, so a missing select_related shows."""
    sector = SectorFactory(committee=o.county)
    special = SpecialCommitteeFactory(committee=o.county)
    group = MemberGroup.objects.create(committee=o.county, name="小组", leader=o.member)
    MemberFactory.create_batch(
        n, committee=o.county, sector=sector, special_committee=special, township=o.township, member_group=group
    )


def _member_groups(o, n):
    for _ in range(n):
        MemberGroup.objects.create(committee=o.county, name="委员小组", leader=MemberFactory(committee=o.county))


def _studios(o, n):
    for i in range(n):
        studio = Studio.objects.create(committee=o.county, name=f"工作室{i}", sector=SectorFactory(committee=o.county))
        studio.members.add(o.member, o.other_member)


def _units(o, n):
    HandlingUnitFactory.create_batch(n, committee=o.county)


def _role_assignments(o, n):
    units = HandlingUnitFactory.create_batch(n, committee=o.county)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=UserFactory(), role="unit", committee=o.county, unit=unit) for unit in units
    )


def _notifications(o, n):
    Notification.objects.bulk_create(Notification(user=o.member_user, title=f"提醒{i}") for i in range(n))


def _member_invitations(o, n):
    """Invitations of o.member, whose calendar feed exists already (made on their first visit)."""
    from consult.member.services import calendar_feed

    calendar_feed(o.member)
    consult_rows.make_invitations(o, n)


LIST_ENDPOINTS = [
    ("committee-list", "staff", _townships),
    ("term-list", "staff", _terms),
    ("session-list", "staff", _sessions),
    ("sector-list", "staff", lambda o, n: SectorFactory.create_batch(n, committee=o.county)),
    ("special-committee-list", "staff", lambda o, n: SpecialCommitteeFactory.create_batch(n, committee=o.county)),
    ("member-list", "staff", _members),
    ("member-list", "member_user", _members),  # masked phones for a member
    ("member-group-list", "staff", _member_groups),
    ("studio-list", "staff", _studios),
    ("unit-list", "staff", _units),
    ("unit-list", "member_user", _units),
    ("role-assignment-list", "staff", _role_assignments),
    ("members:list", "staff", _members),
    ("supervision:notifications", "member_user", _notifications),
    ("proposals:mine", "member_user", proposal_rows.make_drafts_and_handled),
    ("proposals:overview", "staff", proposal_rows.make_handled),
    ("proposals:inbox", "unit_user", proposal_rows.make_handled),
    ("proposal-review-report-list", "staff", proposal_rows.make_review_reports),
    ("proposals:public_list", "member_user", proposal_rows.make_public),
    ("unit-evaluation-list", "office", evaluation_rows.make_published_evaluations),
    ("proposal-award-list", "member_user", evaluation_rows.make_published_awards),
    ("public-award-list", "member_user", evaluation_rows.make_published_awards),
    ("proposals:public_awards", "member_user", evaluation_rows.make_published_awards),
    ("proposals:evaluation_table", "staff", evaluation_rows.make_units_with_handling),
    ("consult-topic-list", "staff", consult_rows.make_topics),
    ("consult-topic-list", "member_user", consult_rows.make_topics),
    ("consult-research-list", "staff", consult_rows.make_research),
    ("consult-plan-list", "member_user", consult_rows.make_plans),
    ("consult-meeting-list", "staff", consult_rows.make_meetings),
    ("consult-invitation-list", "member_user", consult_rows.make_invitations),
    ("consult-attendance-list", "staff", consult_rows.make_attendance),
    ("consult-outcome-list", "member_user", consult_rows.make_outcomes),
    ("consult-sending-list", "unit_user", consult_rows.make_sendings),
    ("consult-instruction-list", "unit_user", consult_rows.make_instructions),
    ("consult-speech-list", "staff", consult_rows.make_speeches),
    ("consult-speech-list", "member_user", consult_rows.make_speeches),
    ("consult:topics", "staff", consult_rows.make_topics),
    ("consult:topics", "office", consult_rows.make_topics),
    ("consult:plans", "staff", consult_rows.make_plans),
    ("consult:meetings", "staff", consult_rows.make_meetings),
    ("consult:meetings", "leader", consult_rows.make_meetings),
    ("consult:outcomes", "staff", consult_rows.make_outcomes),
    ("consult:sendings", "unit_user", consult_rows.make_sendings),
    ("consult:my_meetings", "member_user", _member_invitations),
    ("consult:my_topics", "member_user", consult_rows.make_topics),
]


def _row_count(response):
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        return data["count"] if isinstance(data, dict) else len(data)
    for key in ("page_obj", "page", "paginator"):
        found = response.context.get(key) if response.context else None
        if found is not None:
            return (found.paginator if hasattr(found, "paginator") else found).count
    raise AssertionError("cannot count the rows of this response: add a paginator to the context")


def _measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(queries), _row_count(response), queries


def _pager_count(sql):
    """A pager's own count of a full first page: PostgreSQL's estimate (EXPLAIN) or an exact COUNT(*)."""
    return sql.startswith(("EXPLAIN", "SELECT COUNT(*)"))


def assert_constant_queries(client, url, org, make_rows, *, few=FEW, many=MANY):
    """Add `few` rows, count queries; add rows up to `many`, count again: the counts must be equal — but
    for the pager's count (at most an EXPLAIN and a COUNT), which a first page that is not full does
    without (its length is the count: portal/pagination.py). Every other query is the same in number."""
    make_rows(org, few)
    few_queries, few_rows, few_captured = _measure(client, url)
    make_rows(org, many - few)
    many_queries, many_rows, captured = _measure(client, url)
    assert many_rows - few_rows == many - few, "the rows made were not all visible to this user"
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert_same_besides_pager_counts(few_captured, captured, f"{url}: {few} rows, then {many}\n{sql}")


def split_pager_counts(captured):
    """(queries besides the pager's counts, the pager's counts) of a capture (see assert_same_besides_pager_counts)."""
    pager = sum(_pager_count(q["sql"]) for q in captured.captured_queries)
    return len(captured) - pager, pager


def assert_same_besides_pager_counts(few, many, message):
    """Two captures of one list (CaptureQueriesContext), with few rows and many: as many queries, but for
    the pager's count of a full first page (at most two: EXPLAIN, COUNT) that a short list does without."""
    counts = [sum(_pager_count(q["sql"]) for q in c.captured_queries) for c in (few, many)]
    assert 0 <= counts[1] - counts[0] <= 2, f"the pager counted {counts[0]} times, then {counts[1]}: {message}"
    assert len(many) - counts[1] == len(few) - counts[0], f"{len(few)} queries, then {len(many)}: {message}"


@pytest.mark.parametrize(
    ("url_name", "user_attr", "make_rows"), LIST_ENDPOINTS, ids=[f"{name}-{user}" for name, user, _ in LIST_ENDPOINTS]
)
def test_list_query_count_does_not_grow_with_rows(client, org, url_name, user_attr, make_rows):
    client.force_login(getattr(org, user_attr))
    assert_constant_queries(client, reverse(url_name), org, make_rows)


def test_unit_list_for_a_liaison_stays_one_unit(client, org):
    """A liaison's unit list does not grow when the county gets more units."""
    client.force_login(org.unit_user)
    HandlingUnitFactory.create_batch(5, committee=org.county)
    response = client.get(reverse("unit-list"))
    assert [row["id"] for row in response.json()["results"]] == [org.unit.pk]
    assert HandlingUnit.objects.filter(committee=org.county).count() == 7

"""seed_demo builds what the README and the issue promise, its logins work, and --if-empty keeps data."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from members.enums import CommitteeLevel, Role, StudioKind
from members.models import Committee, HandlingUnit, Member, ReceptionDuty, RoleAssignment, Studio

PASSWORD = "Demo-test-2026!"


def seed(*args):
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--password", PASSWORD, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(demo_module, db):
    """The demo, seeded once for this module (tests/conftest.py); each test sees a fresh copy."""
    return demo_module


def login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_linshu_has_213_members_in_17_sectors_and_5_special_committees(seeded):
    linshu = Committee.objects.get(name="临沭县政协")
    assert linshu.members.count() == 213
    assert linshu.sectors.count() == 17
    assert linshu.members.filter(sector__isnull=True).count() == 0
    assert set(linshu.sectors.annotate(n=Count("members")).values_list("n", flat=True)) == {12, 13}
    assert linshu.special_committees.count() == 5
    assert list(linshu.special_committees.filter(handles_proposals=True).values_list("name", flat=True)) == ["提案委员会"]
    assert linshu.members.filter(special_committee__isnull=True).count() == 0  # 全员入委
    assert linshu.children.filter(level=CommitteeLevel.TOWNSHIP).count() == 9
    assert linshu.sector_groups.count() == 6
    for group in linshu.sector_groups.all():
        assert 1 <= group.convenors.count() <= 2
        assert all(c.is_convenor for c in group.convenors.all())
    assert Studio.objects.filter(committee=linshu, kind=StudioKind.HOME).count() == 17
    assert ReceptionDuty.objects.filter(studio__committee=linshu, date__day=25).count() > 0
    assert linshu.terms.get(is_current=True).name == "第十四届"


def test_chuzhou_has_226_members_across_18_community_groups_led_by_standing_members(seeded):
    chuzhou = Committee.objects.get(name="滁州市政协")
    assert chuzhou.members.count() == 226
    groups = list(chuzhou.member_groups.select_related("leader"))
    assert len(groups) == 18
    assert len({g.community for g in groups}) == 18
    for group in groups:
        assert group.leader.is_standing and group.leader.member_group_id == group.pk
        assert 12 <= group.members.count() <= 13


def test_committee_paths_follow_the_tree(seeded):
    for committee in Committee.objects.select_related("parent"):
        expected = f"{committee.parent.path if committee.parent else '/'}{committee.pk}/"
        assert committee.path == expected


def test_phones_are_unique_and_parties_plausible(seeded):
    phones = list(Member.objects.values_list("phone", flat=True))
    assert len(phones) == len(set(phones)) == Member.objects.count()
    total = len(phones)
    cpc = Member.objects.filter(party="cpc").count()
    assert 0.2 * total < cpc < 0.4 * total  # non-CPC members are at least 60%


def test_every_unit_has_a_liaison_account(seeded):
    assert HandlingUnit.objects.count() == RoleAssignment.objects.filter(role=Role.UNIT).count() > 0
    assert HandlingUnit.objects.filter(name="临沭县教育局", liaisons__user__username="unit_jiaoyu").exists()


def test_output_lists_the_demo_logins(seeded):
    for username in ("admin", "staff_chuzhou", "staff_linshu", "office_linshu", "leader_linshu",
                     "unit_jiaoyu", "member_zhang"):
        assert username in seeded
    assert PASSWORD in seeded


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("member_zhang", ["委员信息", "张"]),
        ("staff_linshu", ["本级及下级政协", "临沭县政协"]),
        ("staff_chuzhou", ["本级及下级政协", "南谯区政协"]),
        ("office_linshu", ["辖区概览"]),
        ("leader_linshu", ["辖区概览", "委员信息"]),
        ("unit_jiaoyu", ["本单位", "临沭县教育局"]),
        ("admin", ["本级及下级政协", "安徽省政协", "山东省政协"]),
    ],
)
def test_demo_login_reaches_its_home_page(seeded, client, username, expected):
    response = login(client, username)
    assert response.status_code == 302 and response["Location"] == "/"
    text = client.get("/").content.decode()
    for snippet in expected:
        assert snippet in text


def test_member_logs_in_with_phone_number(seeded, client):
    phone = Member.objects.filter(committee__name="临沭县政协", user__username__startswith="1").first().phone
    assert login(client, phone).status_code == 302


def test_home_shows_demo_deadlines(seeded, client):
    login(client, "unit_jiaoyu")
    assert "报送本年度提案办理工作总结" in client.get("/").content.decode()


def test_second_run_without_if_empty_refuses(seeded):
    with pytest.raises(CommandError, match="已有政协组织"):
        seed()


@pytest.mark.parametrize("place", ["临沭县政协", "滁州市政协"])
def test_a_year_of_consultation_per_demo_committee(seeded, place):
    from consult.meetings.enums import AttendanceStatus, MeetingState
    from consult.models import ConsultationPlan, Meeting, OutcomeSending
    from consult.outcomes.enums import SendingState
    from consult.plans.frequency import standing
    from consult.topics.enums import TopicSource
    from supervision.enums import ObligationKind, ObligationState
    from supervision.services import obligations_for

    committee = Committee.objects.get(name=place)
    plan = ConsultationPlan.objects.get(committee=committee)
    assert standing(plan).plan_meets and standing(plan).shortfalls == []
    assert set(committee.consult_topics.values_list("source", flat=True)) == set(TopicSource.values)
    assert committee.consult_topics.values("state").distinct().count() >= 6
    held = Meeting.objects.filter(committee=committee, state=MeetingState.HELD)
    assert held.count() == 3
    statuses = set(held.values_list("attendance__status", flat=True))
    assert statuses == set(AttendanceStatus.values)  # present, online, leave, absent
    assert Meeting.objects.filter(committee=committee, state=MeetingState.NOTIFIED,
                                  invitations__state="leave_requested").exists()
    sendings = OutcomeSending.objects.filter(outcome__committee=committee)
    replied = sendings.get(state=SendingState.REPLIED)
    assert replied.adoptions.count() == 3 and replied.replied_at < replied.sent_at + datetime.timedelta(days=61)
    overdue = list(sendings.filter(state=SendingState.SENT, outcome__instructions__isnull=True))
    assert len(overdue) == 1
    assert obligations_for(overdue[0], ObligationKind.OUTCOME_REPLY).get().state == ObligationState.OVERDUE
    instructed = sendings.get(outcome__instructions__isnull=False)
    loop = obligations_for(instructed, ObligationKind.OUTCOME_REPLY).exclude(state=ObligationState.WAIVED).get()
    assert loop.state == ObligationState.OPEN and loop.due_date > timezone.localdate()


def test_the_demo_overdue_reply_shows_on_the_units_home_page(seeded, client):
    from consult.models import OutcomeSending

    sending = OutcomeSending.objects.get(outcome__committee__name="临沭县政协", state="sent",
                                         outcome__instructions__isnull=True)
    liaison = RoleAssignment.objects.get(role=Role.UNIT, unit=sending.unit).user
    client.force_login(liaison)
    assert sending.outcome.title in client.get("/").content.decode()


def test_the_demo_timelines_carry_the_days_things_happened(seeded, client):
    """The demo's consultation steps are dated on the days of the story, not all today: a held meeting was
    organised, notified and held in that order before today; its page shows those dates."""
    from consult.meetings.enums import MeetingState
    from consult.models import Meeting, OutcomeSending, Topic
    from portal.audit import timeline

    today = timezone.localdate()
    committee = Committee.objects.get(name="临沭县政协")
    held = Meeting.objects.filter(committee=committee, state=MeetingState.HELD).order_by("starts_at")
    assert held.count() == 3
    for meeting in held:
        day = timezone.localtime(meeting.starts_at).date()
        rows = list(timeline(meeting))
        days = {r.action: timezone.localtime(r.at).date() for r in rows}
        assert days == {"create": day - datetime.timedelta(days=12), "notify": day - datetime.timedelta(days=10),
                        "hold": day}
        assert [r.at for r in rows] == sorted(r.at for r in rows)
    first = held.first()
    topic = Topic.objects.get(committee=committee, meetings__isnull=False, meetings__state=MeetingState.HELD,
                              meetings__starts_at=held[1].starts_at)
    topic_days = [timezone.localtime(r.at).date() for r in timeline(topic)]
    assert topic_days == sorted(topic_days) and topic_days[0] < timezone.localtime(first.starts_at).date()
    assert all(d < today for d in topic_days)
    replied = OutcomeSending.objects.get(outcome__committee=committee, state="replied")
    assert [(r.action, timezone.localtime(r.at).date()) for r in timeline(replied)] == [
        ("reply", timezone.localtime(replied.replied_at).date())]
    sent = [timezone.localtime(r.at).date() for r in timeline(replied.outcome) if r.action == "send"]
    assert sent == [timezone.localtime(replied.sent_at).date()] and sent[0] < today - datetime.timedelta(days=90)
    staff = RoleAssignment.objects.filter(role=Role.STAFF, committee=committee).first().user
    client.force_login(staff)
    page = client.get(reverse("consult:meeting", args=[first.pk])).content.decode()
    assert f"{timezone.localtime(first.starts_at):%Y-%m-%d}" in page
    assert f"{timezone.localtime(first.starts_at) - datetime.timedelta(days=10):%Y-%m-%d}" in page  # notified

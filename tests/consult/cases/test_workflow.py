"""四单工作法 through the services: each step, who may take it, the deadlines as obligations, and the refusals
(a clear Chinese message, nothing changed)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from consult.cases import selectors, services
from consult.cases.models import CaseDeadlineRule, CommunityCase
from consult.errors import ConsultError, ConsultPermissionError
from members.models import Studio
from portal.audit import timeline
from supervision.calendar import add_workdays
from supervision.enums import ObligationKind as K
from supervision.models import Obligation
from tests.consult.cases import builders as b
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)  # a Monday


def _obligation(case, kind):
    return Obligation.objects.get(subject_id=case.pk, subject_type__model="communitycase", kind=kind)


@time_machine.travel(NOW, tick=False)
def test_walk_from_point_to_archive_with_deadlines(org):
    today = timezone.localdate()
    case = b.submitted(org)
    assert case.state == "submitted" and len(case.code) == 10
    assert not set(case.code) & set("01OIL")
    check = _obligation(case, K.CASE_CHECK)
    assert check.owner_member == org.group_leader and check.due_date == add_workdays(today, 3)

    case = services.accept(case=case, actor=org.group_leader.user, grade="A", theme="traffic", member_group=org.group)
    assert (case.state, case.grade, case.theme) == ("offered", "A", "traffic")
    assert _obligation(case, K.CASE_CHECK).state == "met"
    claim = _obligation(case, K.CASE_CLAIM)
    assert claim.due_date == add_workdays(today, 2)  # grade A: 2 working days (the default rule)

    case = services.claim(case=case, actor=org.member_user, co_members=[org.mate])
    assert [(c.member.name, c.lead) for c in case.claims.order_by("-lead")] == [("张委员", True), ("陈委员", False)]
    assert _obligation(case, K.CASE_CLAIM).state == "met"
    consult = _obligation(case, K.CASE_CONSULT)
    assert consult.owner_member == org.member and consult.due_date == add_workdays(today, 5)

    case = services.consult(case=case, actor=org.mate_user, held_on=today, place="社区议事厅", participants="张委员、陈委员",
                            departments="区交通局", result="增设减速带。")
    assert case.state == "consulted" and case.consultation.departments == "区交通局"
    assert _obligation(case, K.CASE_CONSULT).state == "met"
    assert _obligation(case, K.CASE_FOLLOWUP).due_date == add_workdays(today, 10)

    services.follow_up(case=case, actor=org.member_user, on=today, note="交通局已勘察。")
    case = services.resolve(case=case, actor=org.member_user, outcome="resolved", answer="减速带已安装。")
    assert case.state == "resolved" and _obligation(case, K.CASE_FOLLOWUP).state == "met"
    case = services.archive(case=case, actor=org.convenor_user, summary="交通安全隐患经微协商解决。")
    assert case.state == "archived" and case.archived_at is not None
    actions = [row.action for row in timeline(case)]
    assert actions == ["create", "accept", "offer", "claim", "consult", "follow_up", "resolve", "archive"]


@time_machine.travel(NOW, tick=False)
def test_committee_rule_wins_over_default(org):
    b.cast(org)
    CaseDeadlineRule.objects.create(committee=org.county, grade="C", claim_workdays=1, consult_workdays=2,
                                    resolve_workdays=3)
    case = b.offered(org)
    assert _obligation(case, K.CASE_CLAIM).due_date == add_workdays(timezone.localdate(), 1)


def test_decline_meets_the_check_and_keeps_the_reason(org):
    case = b.declined(org)
    assert case.state == "declined" and "法律途径" in case.decline_reason
    assert _obligation(case, K.CASE_CHECK).state == "met"


def test_illegal_transitions_refused_and_nothing_changes(org):
    case = b.submitted(org)
    with pytest.raises(ConsultError) as exc:
        services.archive(case=case, actor=org.staff, summary="总结")
    assert exc.value.message == "当前状态为“待定单”，不能变更为“已归档”。只有处于以下状态时才可以：已办结。"
    case.refresh_from_db()
    assert case.state == "submitted" and case.summary == ""
    with pytest.raises(ConsultError) as exc:
        services.claim(case=case, actor=org.member_user)
    assert "只有处于以下状态时才可以：待接单" in exc.value.message
    assert not case.claims.exists()


def test_who_may_check_a_case(org):
    case = b.submitted(org)
    for user in (org.member_user, org.other_member_user, org.far_member_user, org.office, org.other_staff):
        with pytest.raises(ConsultPermissionError):
            services.accept(case=case, actor=user, grade="B", theme="other")
    case.refresh_from_db()
    assert case.state == "submitted" and case.grade == ""
    services.accept(case=case, actor=org.convenor_user, grade="B", theme="other")  # the township's convenor


def test_decline_needs_a_reason(org):
    case = b.submitted(org)
    with pytest.raises(ConsultError, match="请填写不予受理理由"):
        services.decline(case=case, actor=org.staff, reason="  ")
    case.refresh_from_db()
    assert case.state == "submitted"


def test_grade_and_group_are_checked(org):
    case = b.submitted(org)
    with pytest.raises(ConsultError, match="请选择分类"):
        services.accept(case=case, actor=org.staff, grade="E", theme="other")
    from members.models import MemberGroup

    far_group = MemberGroup.objects.create(committee=org.other_county, name="来安县委员小组")
    with pytest.raises(ConsultError, match="所选的委员小组不属于乌衣镇联络组"):
        services.accept(case=case, actor=org.staff, grade="B", theme="other", member_group=far_group)
    case.refresh_from_db()
    assert case.state == "submitted"


def test_only_the_offered_group_claims(org):
    case = b.offered(org)
    for user in (org.other_member_user, org.far_member_user, org.staff):
        with pytest.raises(ConsultPermissionError):
            services.claim(case=case, actor=user)
    with pytest.raises(ConsultError, match="李委员不是乌衣镇第一委员小组的在任委员"):
        services.claim(case=case, actor=org.member_user, co_members=[org.other_member])
    case.refresh_from_db()
    assert case.state == "offered" and not case.claims.exists()


def test_a_group_mate_joins_a_claimed_case_once(org):
    case = b.offered(org)
    services.claim(case=case, actor=org.member_user)
    services.join(case=case, actor=org.mate_user)
    with pytest.raises(ConsultError, match="您已接下此单"):
        services.join(case=case, actor=org.mate_user)
    assert case.claims.count() == 2


def test_consultation_by_claimants_and_not_in_the_future(org):
    case = b.claimed(org)
    with pytest.raises(ConsultPermissionError):
        services.consult(case=case, actor=org.other_member_user, held_on=timezone.localdate(), place="甲",
                         participants="乙", result="丙")
    with pytest.raises(ConsultError, match="协商日期不能晚于今天"):
        services.consult(case=case, actor=org.member_user, held_on=timezone.localdate() + dt.timedelta(days=1),
                         place="甲", participants="乙", result="丙")
    case.refresh_from_db()
    assert case.state == "claimed"


def test_register_on_behalf(org):
    b.cast(org)
    case = services.register_case(actor=org.convenor_user, committee=org.township, title="菜市场噪音扰民",
                                  description="凌晨四点卸货。", source="convenor", resident_phone="13800001111")
    assert case.source == "convenor" and case.created_by == org.convenor_user
    assert _obligation(case, K.CASE_CHECK).owner_kind == "staff"  # no group yet: staff check it
    with pytest.raises(ConsultPermissionError):
        services.register_case(actor=org.far_member_user, committee=org.township, title="甲", description="乙",
                               source="convenor")
    with pytest.raises(ConsultError, match="不受理群众点单"):
        services.register_case(actor=org.superuser, committee=CommitteeFactory(name="安徽省政协", level="province"),
                               title="甲", description="乙", source="convenor")


def test_reception_day_case_by_the_member_on_duty(org):
    b.cast(org)
    studio = Studio.objects.create(committee=org.township, name="乌衣镇委员工作室")
    duty = studio.duties.create(member=org.other_member, date=timezone.localdate())
    case = services.register_case(actor=org.other_member_user, committee=org.township, title="农田灌溉渠堵塞",
                                  description="影响春耕。", source="reception", reception_duty=duty)
    assert case.reception_duty == duty
    other = Studio.objects.create(committee=org.other_county, name="来安县委员工作室").duties.create(
        member=org.other_member, date=timezone.localdate())
    with pytest.raises(ConsultError, match="接待日值班不属于乌衣镇联络组"):
        services.register_case(actor=org.staff, committee=org.township, title="甲", description="乙", source="reception",
                               reception_duty=other)


def test_public_source_needs_a_committee_that_takes_it(org):
    b.cast(org)
    with pytest.raises(ConsultError, match="暂未开通群众网上点单"):
        services.register_case(actor=None, committee=org.county, title="甲", description="乙", source="public")
    assert not CommunityCase.objects.exists()


def test_raise_to_topic_links_both_ways(org):
    case = b.consulted(org)
    with pytest.raises(ConsultPermissionError):
        services.raise_to_topic(case=case, actor=org.member_user)
    case = services.raise_to_topic(case=case, actor=org.staff)
    assert case.topic.source == "grassroots" and case.topic.committee == org.county
    assert list(case.topic.community_cases.all()) == [case]
    with pytest.raises(ConsultError, match="已提升为协商议题"):
        services.raise_to_topic(case=case, actor=org.staff)


def test_member_counts(org):
    b.archived(org)
    b.claimed(org)
    counts = selectors.member_counts([org.member, org.mate])
    assert counts[org.member.pk] == {"claimed": 2, "led": 2, "resolved": 1}
    assert counts[org.mate.pk] == {"claimed": 2, "led": 0, "resolved": 1}


def test_a_claimant_turns_the_case_into_their_own_proposal_draft(org):
    case = b.consulted(org)
    for user in (org.staff, org.other_member_user, org.group_leader.user):
        with pytest.raises(ConsultPermissionError, match="只有接单委员可以将点单转为本人的提案草稿"):
            services.to_proposal(case=case, actor=user)
    case = services.to_proposal(case=case, actor=org.mate_user)
    proposal = case.proposal
    assert (proposal.state, proposal.proposer, proposal.title) == ("draft", org.mate, case.title)
    assert proposal.suggestions == "城管局一周内更换路灯；社区建立路灯巡查台账。"
    assert proposal.reason.startswith("群众点单（乌衣镇联络组）：滁阳社区3号楼前的路灯坏了两个月")
    assert list(proposal.community_cases.all()) == [case] and case.state == "consulted"
    with pytest.raises(ConsultError, match="此点单已转为提案草稿"):
        services.to_proposal(case=case, actor=org.member_user)

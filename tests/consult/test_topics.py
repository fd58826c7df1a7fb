"""The topic pipeline: each step an action of the table with its timeline row; illegal steps refused with
a message naming the states they may start from, nothing changed."""

import pytest
from django.db import transaction

from consult.errors import ConsultError, ConsultPermissionError
from consult.models import PlanItem, Topic
from consult.topics import services as topics
from consult.topics.enums import TopicState
from portal.audit import timeline
from portal.models import StateChange
from tests.consult import builders as b


def test_a_member_recommends_a_topic_for_their_own_committee(org):
    topic = topics.propose_topic(actor=org.member_user, source="member", title="关于治理城区停车难的建议")
    assert (topic.committee, topic.proposer, topic.state) == (org.county, org.member, TopicState.COLLECTED)
    assert [row.action for row in timeline(topic)] == ["create"]


def test_a_member_cannot_record_an_assigned_topic_or_one_for_another_committee(org):
    with pytest.raises(ConsultPermissionError) as exc:
        topics.propose_topic(actor=org.member_user, source="assigned", title="点题")
    assert exc.value.message == "委员只能推荐议题（委员荐题）。"
    with pytest.raises(ConsultPermissionError):
        topics.propose_topic(actor=org.member_user, source="member", title="荐题", committee=org.other_county)
    assert not Topic.objects.exists()


def test_staff_record_a_public_topic_with_the_residents_name(org):
    with pytest.raises(ConsultError) as exc:
        topics.propose_topic(actor=org.staff, committee=org.county, source="public", title="社会征集议题")
    assert exc.value.message == "请填写提出人姓名。"
    topic = topics.propose_topic(actor=org.staff, committee=org.county, source="public", title="社会征集议题",
                                 resident_name="王大妈", resident_phone="13900001111")
    assert (topic.proposer_display, topic.resident_phone) == ("王大妈", "13900001111")


def test_staff_cannot_name_a_member_of_another_county_as_proposer(org):
    with pytest.raises(ConsultError) as exc:
        topics.propose_topic(actor=org.staff, committee=org.county, source="member", title="荐题",
                             proposer=org.far_member)
    assert exc.value.message == "所选的荐题委员不属于南谯区政协，不能使用。"


def test_the_whole_pipeline_writes_a_timeline_row_per_step(org):
    out = b.sent(org)
    topic = out.topic
    for sending in out.sendings.all():
        b.reply(org, sending)
    topic.refresh_from_db()
    assert topic.state == TopicState.REPLIED
    topics.start_lookback(topic=topic, actor=org.staff)
    from consult.outcomes import services as outcomes

    for sending in out.sendings.all():
        outcomes.lookback_report(sending=sending, actor=org.unit_user if sending.unit == org.unit else org.other_unit_user,
                                 report="电梯已加装 12 部。")
    topics.close(topic=topic, actor=org.staff)
    topic.refresh_from_db()
    assert topic.state == TopicState.CLOSED
    assert [(r.action, r.to_state) for r in timeline(topic)] == [
        ("create", "collected"), ("start_prestudy", "prestudy"), ("discuss", "discussing"), ("approve", "planned"),
        ("start_research", "researching"), ("consulted", "consulted"), ("send_outcome", "outcome_sent"),
        ("all_replied", "replied"), ("start_lookback", "lookback"), ("close", "closed"),
    ]


def test_discussion_needs_the_five_prestudy_elements(org):
    topic = b.prestudy(org, policy_basis="", problems="  ")
    with pytest.raises(ConsultError) as exc:
        topics.discuss(topic=topic, actor=org.staff)
    assert exc.value.message == "预可研五要素尚未填写完整，缺少：政策依据、存在问题。"
    topic.refresh_from_db()
    assert topic.state == TopicState.PRESTUDY


def test_approval_puts_the_topic_into_the_plan(org):
    topic = b.planned(org, meeting_type="counterpart", quarter=3)
    item = PlanItem.objects.get(topic=topic)
    assert (item.plan.year, item.meeting_type, item.quarter, list(item.units.all())) == (
        b.plan(org).year, "counterpart", 3, [org.unit])


def test_approval_into_another_committees_plan_is_refused(org):
    topic = b.discussing(org)
    other = b.plan(org, committee=org.other_county)
    with pytest.raises(ConsultError) as exc:
        topics.approve(topic=topic, actor=org.staff, plan=other, meeting_type="special")
    assert exc.value.message == "所选的年度计划不属于南谯区政协，不能使用。"
    topic.refresh_from_db()
    assert topic.state == TopicState.DISCUSSING and not PlanItem.objects.exists()


def test_an_illegal_step_is_refused_with_the_states_it_may_start_from_and_changes_nothing(org):
    topic = b.collected(org)
    before = StateChange.objects.count()
    with pytest.raises(ConsultError) as exc:
        topics.discuss(topic=topic, actor=org.staff)
    assert exc.value.message == "当前状态为“已征集”，不能变更为“商题中”。只有处于以下状态时才可以：预可研。"
    with pytest.raises(ConsultError) as exc:
        topics.close(topic=topic, actor=org.staff)
    assert exc.value.message == "当前状态为“已征集”，不能变更为“已办结”。只有处于以下状态时才可以：已反馈、回头看。"
    topic.refresh_from_db()
    assert topic.state == TopicState.COLLECTED and StateChange.objects.count() == before


def test_dropping_needs_a_reason_and_is_final(org):
    topic = b.prestudy(org)
    with pytest.raises(ConsultError) as exc:
        topics.drop(topic=topic, actor=org.staff, reason=" ")
    assert exc.value.message == "请填写不予采用理由。"
    topics.drop(topic=topic, actor=org.staff, reason="已列入政府年度重点工作，无需协商。")
    topic.refresh_from_db()
    assert (topic.state, topic.drop_reason) == (TopicState.DROPPED, "已列入政府年度重点工作，无需协商。")
    assert timeline(topic).last().note == "已列入政府年度重点工作，无需协商。"
    with pytest.raises(ConsultError), transaction.atomic():
        topics.start_prestudy(topic=topic, actor=org.staff)


def test_only_staff_of_the_committee_move_a_topic(org):
    topic = b.collected(org)
    for user in (org.member_user, org.other_staff, org.unit_user, org.leader):
        with pytest.raises(ConsultPermissionError):
            topics.start_prestudy(topic=topic, actor=user)
    topics.start_prestudy(topic=topic, actor=org.city_staff)  # the city manages its counties
    topic.refresh_from_db()
    assert topic.state == TopicState.PRESTUDY


def test_research_needs_participants_dates_in_order_and_a_report(org):
    topic = b.planned(org)
    import datetime as dt

    common = dict(topic=topic, actor=org.staff, kind="inspection", places="乌衣镇", report="视察报告")
    with pytest.raises(ConsultError) as exc:
        topics.record_research(start_date=dt.date(2026, 3, 5), end_date=dt.date(2026, 3, 4), participants=[org.member],
                               **common)
    assert exc.value.message == "结束日期（2026-03-04）不能早于开始日期（2026-03-05）。"
    with pytest.raises(ConsultError) as exc:
        topics.record_research(start_date=dt.date(2026, 3, 4), end_date=dt.date(2026, 3, 4), participants=[], **common)
    assert exc.value.message == "请选择参加调研的委员。"
    with pytest.raises(ConsultError) as exc:
        topics.record_research(start_date=dt.date(2026, 3, 4), end_date=dt.date(2026, 3, 4),
                               participants=[org.far_member], **common)
    assert exc.value.message == "所选的参加委员不属于南谯区政协，不能使用。"
    topic.refresh_from_db()
    assert topic.state == TopicState.PLANNED and not topic.research.exists()

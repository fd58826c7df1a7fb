"""Outcomes: each unit owes a reply within 2 months of sending (请你来协商), within the 3-month closed loop
once a leader instructed (from the instruction's date); reminders and overdue by the sweep; the reply
gives adoption per recommendation."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from consult.errors import ConsultError, ConsultPermissionError
from consult.outcomes import services as outcomes
from consult.outcomes.enums import OutcomeState, SendingState
from consult.topics.enums import TopicState
from supervision.enums import ObligationKind as K
from supervision.enums import ObligationState, OwnerKind
from supervision.models import Reminder
from supervision.services import obligations_for, run_sweep
from tests.consult import builders as b

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def test_each_unit_owes_a_reply_two_months_after_sending_reminded_then_overdue(org):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        out = b.sent(org)
        sending = out.sendings.get(unit=org.unit)
        ob = obligations_for(sending, K.OUTCOME_REPLY).get()
    assert (ob.owner_kind, ob.owner_unit, ob.start_date, ob.due_date) == (
        OwnerKind.UNIT, org.unit, dt.date(2027, 3, 1), dt.date(2027, 5, 1))
    assert ob.title == f"答复协商成果《{out.title}》"
    with time_machine.travel(at(2027, 4, 17), tick=False):  # 14 days before
        run_sweep()
    assert set(Reminder.objects.filter(obligation=ob).values_list("stage", flat=True)) == {"before-14"}
    with time_machine.travel(at(2027, 5, 2), tick=False):
        run_sweep()
    ob.refresh_from_db()
    assert ob.state == ObligationState.OVERDUE
    with time_machine.travel(at(2027, 5, 3), tick=False):
        b.reply(org, sending)  # a late reply still meets it
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET


def test_a_leader_instruction_rebases_the_reply_to_three_months_from_its_date(org):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        out = b.sent(org)
    with time_machine.travel(at(2027, 3, 15), tick=False):
        instruction = outcomes.instruct(outcome=out, actor=org.staff, leader="县委书记 王某", instructed_on=dt.date(2027, 3, 10),
                                        text_body="请教育局牵头抓好落实。", units=[org.unit])
    assert list(instruction.units.all()) == [org.unit]
    sending = out.sendings.get(unit=org.unit)
    old, new = obligations_for(sending, K.OUTCOME_REPLY).order_by("id")
    assert (old.state, old.due_date) == (ObligationState.WAIVED, dt.date(2027, 5, 1))
    assert (new.state, new.start_date, new.due_date) == (ObligationState.OPEN, dt.date(2027, 3, 10), dt.date(2027, 6, 10))
    assert new.title == f"领导批示闭环办理协商成果《{out.title}》"
    # the unit not named keeps its two months
    other = obligations_for(out.sendings.get(unit=org.other_unit), K.OUTCOME_REPLY).get()
    assert (other.state, other.due_date) == (ObligationState.OPEN, dt.date(2027, 5, 1))
    with time_machine.travel(at(2027, 5, 20), tick=False):
        run_sweep()
    new.refresh_from_db()
    other.refresh_from_db()
    assert (new.state, other.state) == (ObligationState.OPEN, ObligationState.OVERDUE)
    with time_machine.travel(at(2027, 6, 11), tick=False):
        run_sweep()
    new.refresh_from_db()
    assert new.state == ObligationState.OVERDUE


def test_an_instruction_naming_a_unit_not_yet_sent_sends_it_with_the_three_month_loop(org):
    from tests.factories import HandlingUnitFactory

    third = HandlingUnitFactory(committee=org.county, name="南谯区住建局")
    with time_machine.travel(at(2027, 3, 1), tick=False):
        out = b.sent(org, units=[org.unit])
        outcomes.instruct(outcome=out, actor=org.staff, leader="区长 李某", instructed_on=dt.date(2027, 3, 1),
                          text_body="住建局一并研究。", units=[third])
    sending = out.sendings.get(unit=third)
    ob = obligations_for(sending, K.OUTCOME_REPLY).get()
    assert (sending.state, ob.owner_unit, ob.due_date) == (SendingState.SENT, third, dt.date(2027, 6, 1))


def test_instruction_input_is_checked_and_nothing_changes(org):
    out = b.outcome(org)
    with pytest.raises(ConsultError) as exc:
        outcomes.instruct(outcome=out, actor=org.staff, leader="王某", instructed_on=dt.date(2026, 1, 1),
                          text_body="阅", units=[org.unit])
    assert exc.value.message == "当前状态为“起草中”，不能记录领导批示。只有处于以下状态时才可以：已报送。"
    outcomes.send(outcome=out, actor=org.staff, units=[org.unit])
    with pytest.raises(ConsultError) as exc:
        outcomes.instruct(outcome=out, actor=org.staff, leader="王某", instructed_on=dt.date(2099, 1, 1),
                          text_body="阅", units=[org.unit])
    assert exc.value.message == "批示日期不能晚于今天。"
    from tests.factories import HandlingUnitFactory

    far_unit = HandlingUnitFactory(committee=org.other_county)
    with pytest.raises(ConsultError) as exc:
        outcomes.instruct(outcome=out, actor=org.staff, leader="王某", instructed_on=timezone.localdate(),
                          text_body="阅", units=[far_unit])
    assert exc.value.message == "所选的承办单位不属于南谯区政协，不能使用。"
    assert not out.instructions.exists()


def test_the_reply_answers_every_recommendation_and_only_the_unit_replies(org):
    out = b.sent(org)
    sending = out.sendings.get(unit=org.unit)
    first, second = out.recommendations.all()
    with pytest.raises(ConsultPermissionError) as exc:
        outcomes.reply(sending=sending, actor=org.other_unit_user, measures="x",
                       adoptions=[{"recommendation": first, "adoption": "adopted"}])
    assert exc.value.message == "只有南谯区教育局可以答复。"
    with pytest.raises(ConsultError) as exc:
        outcomes.reply(sending=sending, actor=org.unit_user, measures="已部署",
                       adoptions=[{"recommendation": first, "adoption": "adopted"}])
    assert exc.value.message == "请逐条答复采纳情况，尚缺第 2 条建议。"
    sending.refresh_from_db()
    assert sending.state == SendingState.SENT and not sending.adoptions.exists()
    outcomes.reply(sending=sending, actor=org.unit_user, measures="已部署",
                   adoptions=[{"recommendation": first, "adoption": "adopted", "measures": "已简化审批"},
                              {"recommendation": second, "adoption": "partly", "measures": "列入明年预算"}])
    sending.refresh_from_db()
    assert sending.state == SendingState.REPLIED
    assert list(sending.adoptions.values_list("recommendation__number", "adoption")) == [(1, "adopted"), (2, "partly")]
    out.topic.refresh_from_db()
    assert out.topic.state == TopicState.OUTCOME_SENT  # the other unit has not replied yet
    b.reply(org, out.sendings.get(unit=org.other_unit), adoption="not_adopted")
    out.topic.refresh_from_db()
    assert out.topic.state == TopicState.REPLIED


def test_an_outcome_needs_a_held_meeting_and_is_sent_once_per_unit(org):
    topic = b.researching(org)
    m = b.notified(org, topic)
    with pytest.raises(ConsultError) as exc:
        outcomes.create_outcome(actor=org.staff, meeting=m, kind="minutes", title="纪要", text_body="纪要")
    assert exc.value.message == f"协商活动“{m.title}”尚未召开，不能记录成果。"
    out = b.sent(org, units=[org.unit])
    assert out.state == OutcomeState.SENT
    with pytest.raises(ConsultError) as exc:
        outcomes.send(outcome=out, actor=org.staff, units=[org.unit, org.other_unit])
    assert exc.value.message == "已经报送过以下单位：南谯区教育局。"
    assert out.sendings.count() == 1


def test_lookback_is_an_obligation_of_each_replying_unit(org):
    out = b.sent(org, units=[org.unit])
    sending = out.sendings.get()
    with pytest.raises(ConsultError):
        outcomes.lookback_report(sending=sending, actor=org.unit_user, report="已落实")
    b.reply(org, sending)
    from consult.topics import services as topics

    topics.start_lookback(topic=out.topic, actor=org.staff)
    ob = obligations_for(sending, K.REVIEW).get()
    assert (ob.owner_unit, ob.state) == (org.unit, ObligationState.OPEN)
    with pytest.raises(ConsultError) as exc:
        topics.close(topic=out.topic, actor=org.staff)
    assert exc.value.message == "以下单位尚未报送回头看落实情况，不能办结：南谯区教育局。"
    outcomes.lookback_report(sending=sending, actor=org.unit_user, report="已加装电梯 12 部")
    ob.refresh_from_db()
    assert ob.state == ObligationState.MET

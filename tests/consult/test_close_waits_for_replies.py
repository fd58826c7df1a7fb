"""A topic is not closed while a unit still owes its reply: a leader's instruction naming a new unit after every
earlier unit replied opens a sending (the 3-month loop) that 办结 must wait for."""

import pytest
from django.utils import timezone

from consult.errors import ConsultError
from consult.outcomes import services as outcomes
from consult.topics import services as topics
from consult.topics.enums import TopicState
from supervision.enums import PENDING_STATES, ObligationKind
from supervision.services import obligations_for
from tests.consult import builders as b


def test_close_is_refused_while_an_instructed_unit_has_not_replied(org):
    outcome = b.sent(org, units=[org.unit])
    b.reply(org, outcome.sendings.get())
    topic = outcome.topic
    topic.refresh_from_db()
    assert topic.state == TopicState.REPLIED
    outcomes.instruct(outcome=outcome, actor=org.staff, leader="区长", instructed_on=timezone.localdate(),
                      text_body="请卫健委一并研究落实。", units=[org.other_unit])
    late = outcome.sendings.get(unit=org.other_unit)
    assert obligations_for(late, ObligationKind.OUTCOME_REPLY).filter(state__in=PENDING_STATES).exists()
    with pytest.raises(ConsultError) as exc:
        topics.close(topic=topic, actor=org.staff)
    assert exc.value.message == "以下单位尚未答复协商成果，不能办结：南谯区卫健委。"
    topic.refresh_from_db()
    assert topic.state == TopicState.REPLIED
    b.reply(org, late)
    topics.close(topic=topic, actor=org.staff)
    topic.refresh_from_db()
    assert topic.state == TopicState.CLOSED

"""民主评议 metrics on a small built history, and the composite score with weights."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from proposals import services
from proposals.enums import ContactWay, Satisfaction
from proposals.evaluation.metrics import Metrics, composite_score, unit_metrics
from proposals.models import EvaluationSettings
from supervision.enums import ObligationKind
from supervision.services import meet_obligation

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)


def at(days):
    return time_machine.travel(T0 + datetime.timedelta(days=days), tick=False)


@pytest.fixture
def history(pw):
    """o.unit leads three 2025 proposals: replied on time, late, and late but within an approved extension."""
    o = pw.o
    with time_machine.travel(datetime.datetime(2024, 5, 6, 10, tzinfo=TZ), tick=False):
        pw.handling()  # another year: not counted for 2025
    with at(0):
        on_time, late, extended = pw.handling(), pw.handling(), pw.handling(co=True)
    with at(30):
        first = pw.reply(on_time)
        services.review_reply(reply=first, actor=o.staff, approve=False, note="请补充具体措施")
        services.record_contact(assignment=pw.lead(on_time), actor=o.unit_user, date=datetime.date(2025, 4, 2),
                                way=ContactWay.FACE, note="当面沟通")
        second = pw.reply(on_time, contact=False)
        services.review_reply(reply=second, actor=o.staff, approve=True)
        pw.rate(second, result=Satisfaction.SATISFIED)
    with at(60):
        a = pw.lead(extended)
        req = services.request_extension(assignment=a, actor=o.unit_user, reason="需跨部门调研",
                                          requested_due_date=a.due_date + datetime.timedelta(days=30))
        services.decide_extension(request=req, actor=o.staff, approve=True)
    with at(100):  # past the three months
        r_late = pw.reply(late, category=pw.cat_b)
        services.review_reply(reply=r_late, actor=o.staff, approve=True)
        pw.rate(r_late, result=Satisfaction.BASIC)
        r_ext = pw.reply(extended, category=pw.cat_c)
        services.review_reply(reply=r_ext, actor=o.staff, approve=True)
        pw.rate(r_ext, result=Satisfaction.UNSATISFIED, note="没有具体措施")
        meet_obligation(subject=pw.lead(late), kind=ObligationKind.REVIEW, actor=o.unit_user, note="已落实")
    return pw


def metrics(pw, unit):
    return unit_metrics([unit.pk], 2025, today=datetime.date(2025, 6, 12))[unit.pk]


def test_assignments_of_the_year_counted_by_role(history):
    o = history.o
    m, co = metrics(history, o.unit), metrics(history, o.other_unit)
    assert (m.lead, m.co, m.separate, m.assigned) == (3, 0, 0, 3)
    assert (co.lead, co.co, co.assigned) == (0, 1, 1)


def test_on_time_counts_the_approved_extension_and_not_the_late_reply(history):
    m = metrics(history, history.o.unit)
    assert (m.reply_due, m.on_time, m.extended) == (3, 2, 1)
    assert m.on_time_rate == 66.7


def test_replies_sent_back_and_categories(history):
    m = metrics(history, history.o.unit)
    assert (m.replies_submitted, m.replies, m.sent_back) == (4, 3, 1)
    assert m.categories == {"A": 1, "B": 1, "C": 1}


def test_contacts_counted_as_321(history):
    m = metrics(history, history.o.unit)
    assert (m.communication, m.meeting, m.public) == (3, 1, 0)


def test_satisfaction_shares_and_score(history):
    m = metrics(history, history.o.unit)
    assert m.ratings == 3
    assert (m.satisfied_share, m.basic_share, m.unsatisfied_share) == (33.3, 33.3, 33.3)
    assert m.attitude_satisfied_share == 100.0
    assert m.relevant_share == 100.0
    assert m.satisfaction_score == 53.3  # (100 + 60 + 0) / 3


def test_lookback_met(history):
    m = metrics(history, history.o.unit)
    assert (m.lookback_due, m.lookback_met) == (1, 1)


def test_a_unit_without_assignments_has_no_rates(history):
    m = unit_metrics([history.o.other_unit.pk], 2024)[history.o.other_unit.pk]
    assert m.assigned == 0 and m.on_time_rate is None and m.satisfaction_score is None


def test_composite_with_default_weights(history):
    m = metrics(history, history.o.unit)
    weights = EvaluationSettings.for_committee(history.o.county)
    # (66.7 × 25 + 53.3 × 35 + 100 × 10 + 80 × 30) / 100
    assert composite_score(m, Decimal("80"), weights) == Decimal("69.33")


def test_composite_with_committee_weights(history):
    EvaluationSettings.objects.create(committee=history.o.county, weight_on_time=50, weight_satisfaction=50,
                                      weight_lookback=0, weight_panel=0)
    m = metrics(history, history.o.unit)
    assert composite_score(m, Decimal("80"), EvaluationSettings.for_committee(history.o.county)) == Decimal("60.00")


def test_composite_leaves_out_parts_without_data(org):
    weights = EvaluationSettings.for_committee(org.county)
    assert composite_score(Metrics(), Decimal("90"), weights) == Decimal("90.00")
    assert composite_score(Metrics(), None, weights) is None

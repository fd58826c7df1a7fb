"""The unit's consultation pages: its sendings (owing first by due date, overdue marked), the reply per
recommendation, and 回头看 where due."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consult.outcomes.enums import SendingState
from consult.topics import services as topics
from consult.topics.enums import TopicState
from supervision.models import Obligation
from tests.consult import builders as b


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _due(sending, days):
    Obligation.objects.filter(subject_id=sending.pk, kind="outcome_reply", state="open").update(
        due_date=timezone.localdate() + dt.timedelta(days=days))


def test_the_inbox_lists_what_is_owed_first_soonest_due_and_marks_overdue(org):
    later = b.sent(org).sendings.get(unit=org.unit)
    overdue = b.sent(org).sendings.get(unit=org.unit)
    done = b.sent(org).sendings.get(unit=org.unit)
    b.reply(org, done)
    _due(later, 30)
    _due(overdue, -3)
    r = _client(org.unit_user).get(reverse("consult:sendings"))
    assert [s.pk for s in r.context["page"]] == [overdue.pk, later.pk, done.pk]
    page = r.content.decode()
    assert page.count('data-testid="overdue"') == 1
    assert page.index(overdue.outcome.title) < page.index('data-testid="overdue"') < page.index(later.outcome.title)


def test_a_unit_replies_per_recommendation(org):
    outcome = b.sent(org)
    sending = outcome.sendings.get(unit=org.unit)
    first, second = outcome.recommendations.all()
    c = _client(org.unit_user)
    page = c.get(reverse("consult:sending", args=[sending.pk])).content.decode()
    assert 'data-testid="reply-form"' in page and first.text in page
    r = c.post(reverse("consult:sending_reply", args=[sending.pk]), {
        "measures": "已出台实施办法", f"adoption_{first.pk}": "adopted", f"adoption_{second.pk}": ""}, follow=True)
    assert _messages(r) == ["第 2 条建议的采纳情况：该字段是必填项。"]
    sending.refresh_from_db()
    assert sending.state == SendingState.SENT
    r = c.post(reverse("consult:sending_reply", args=[sending.pk]), {
        "measures": "已出台实施办法", f"adoption_{first.pk}": "adopted", f"measures_{first.pk}": "已简化",
        f"adoption_{second.pk}": "partly"}, follow=True)
    assert _messages(r) == ["答复已提交。"]
    sending.refresh_from_db()
    assert (sending.state, sending.measures) == (SendingState.REPLIED, "已出台实施办法")
    assert [(a.recommendation.number, a.adoption) for a in sending.adoptions.all()] == [(1, "adopted"), (2, "partly")]
    page = r.content.decode()
    assert "部分采纳" in page and 'data-testid="reply-form"' not in page
    # staff see it on the outcome page
    page = _client(org.staff).get(reverse("consult:outcome", args=[outcome.pk])).content.decode()
    assert "1. 采纳：已简化" in page and "已出台实施办法" in page


def test_another_unit_cannot_open_or_reply_and_staff_cannot_reply(org):
    outcome = b.sent(org, units=[org.unit])
    sending = outcome.sendings.get()
    assert _client(org.other_unit_user).get(reverse("consult:sending", args=[sending.pk])).status_code == 404
    page = _client(org.staff).get(reverse("consult:sending", args=[sending.pk])).content.decode()
    assert 'data-testid="reply-form"' not in page
    r = _client(org.staff).post(reverse("consult:sending_reply", args=[sending.pk]), {"measures": "代答"})
    assert r.status_code == 403
    sending.refresh_from_db()
    assert sending.state == SendingState.SENT


def test_lookback_where_due(org):
    outcome = b.sent(org, units=[org.unit])
    sending = outcome.sendings.get()
    c = _client(org.unit_user)
    b.reply(org, sending)
    assert 'data-testid="lookback-form"' not in c.get(reverse("consult:sending", args=[sending.pk])).content.decode()
    topic = outcome.topic
    topic.refresh_from_db()
    assert topic.state == TopicState.REPLIED
    topics.start_lookback(topic=topic, actor=org.staff)
    page = c.get(reverse("consult:sending", args=[sending.pk])).content.decode()
    assert 'data-testid="lookback-form"' in page
    assert "待报送回头看" in c.get(reverse("consult:sendings")).content.decode()
    r = c.post(reverse("consult:sending_lookback", args=[sending.pk]), {"report": "已完成加装电梯 30 部。"}, follow=True)
    assert _messages(r) == ["回头看落实情况已报送。"]
    sending.refresh_from_db()
    assert sending.lookback_report == "已完成加装电梯 30 部。"
    assert 'data-testid="lookback-form"' not in r.content.decode()


def test_the_unit_home_links_to_its_sendings_and_the_attention_item_leads_there(org):
    b.sent(org, units=[org.unit])
    r = _client(org.unit_user).get(reverse("home"))
    assert f'href="{reverse("consult:sendings")}"' in r.content.decode()
    assert [(i.label, i.total, i.url) for i in r.context["attention"]] == [
        ("协商成果答复", 1, reverse("consult:sendings"))]

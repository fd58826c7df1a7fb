"""社会征集: the public form (no login) records a resident's topic through the service, behind a rate limit per
address, an arithmetic challenge used once, and a honeypot."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from consult.models import Topic
from consult.topics.enums import TopicSource, TopicState
from portal.audit import timeline

URL = "/consult/public/topics/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _challenge(response):
    """(token, answer) of the challenge the page shows."""
    page = response.content.decode()
    a, b = map(int, re.search(r"验证题：(\d) \+ (\d) = \?", page).groups())
    token = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    return token, str(a + b)


def _data(org, response, **over):
    token, answer = _challenge(response)
    return {"committee": org.county.pk, "name": "王女士", "phone": "13955501234", "title": "关于解决城区停车难的建议",
            "problem": "老城区停车位严重不足，占道停车多。", "suggestion": "利用闲置地块建设立体停车场。",
            "challenge": token, "answer": answer, "website": "", **over}


def test_a_resident_proposes_a_topic_without_logging_in(client, org):
    assert reverse("consult:public_propose") == URL
    response = client.get(URL)
    assert response.status_code == 200 and "协商议题社会征集" in response.content.decode()
    response = client.post(URL, _data(org, response), follow=True)
    assert "感谢您的建议！议题已提交南谯区政协，将在选题时研究。" in response.content.decode()
    topic = Topic.objects.get()
    assert (topic.committee, topic.source, topic.state, topic.title, topic.resident_name, topic.resident_phone,
            topic.problems, topic.directions, topic.proposer, topic.created_by) == (
        org.county, TopicSource.PUBLIC, TopicState.COLLECTED, "关于解决城区停车难的建议", "王女士", "13955501234",
        "老城区停车位严重不足，占道停车多。", "利用闲置地块建设立体停车场。", None, None)
    assert [r.action for r in timeline(topic)] == ["create"]


def test_the_form_offers_committees_that_run_a_public_call(client, org):
    choices = [label for _value, label in client.get(URL).context["form"].fields["committee"].choices]
    assert choices[0] == "请选择" and set(choices[1:]) == {"滁州市政协", "南谯区政协", "来安县政协"}  # no township


@pytest.mark.parametrize(("over", "message"), [
    ({"phone": "12"}, "请填写正确的联系电话（手机号或带区号的固定电话）。"),
    ({"title": ""}, "该字段是必填项。"),
    ({"problem": "x" * 20_001}, "确保该变量包含不超过 20000 字符"),
    ({"committee": "999999"}, "选择一个有效的选项"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_recorded(client, org, over, message):
    response = client.post(URL, _data(org, client.get(URL), **over))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Topic.objects.exists()


def test_the_challenge_must_be_answered_right_and_only_once(client, org):
    first = client.get(URL)
    wrong = _data(org, first)
    wrong["answer"] = str(int(wrong["answer"]) + 1)
    response = client.post(URL, wrong)
    assert response.status_code == 400 and "验证题答案不正确，请重新计算。" in response.content.decode()
    assert _challenge(response)[0] != wrong["challenge"]  # a new question is shown
    right = _data(org, first)
    assert client.post(URL, right).status_code == 302
    response = client.post(URL, right | {"title": "同一道验证题再用一次"})
    assert response.status_code == 400 and "这道验证题已经用过，请回答新的验证题。" in response.content.decode()
    response = client.post(URL, right | {"challenge": right["challenge"][:-2] + "xx"})
    assert response.status_code == 400 and "提交未通过校验，请刷新页面后重试。" in response.content.decode()
    assert Topic.objects.count() == 1


def test_the_honeypot_catches_a_bot(client, org):
    response = client.post(URL, _data(org, client.get(URL), website="http://spam.example"))
    assert response.status_code == 400 and "提交未通过校验，请刷新页面后重试。" in response.content.decode()
    assert not Topic.objects.exists()


def test_submissions_from_one_address_are_rate_limited(client, org, settings):
    settings.PUBLIC_FORM_LIMIT = 2
    for title in ("议题一", "议题二"):
        assert client.post(URL, _data(org, client.get(URL), title=title)).status_code == 302
    response = client.post(URL, _data(org, client.get(URL), title="议题三"))
    assert response.status_code == 429 and "提交过于频繁，请一小时后再试。" in response.content.decode()
    assert sorted(Topic.objects.values_list("title", flat=True)) == ["议题一", "议题二"]
    other = client.post(URL, _data(org, client.get(URL), title="议题四"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302  # another address is not blocked

"""群众点单 on the public form (no login, on a phone) and the status page by tracking code: abuse protection
like 社会征集 (rate limit, challenge, honeypot), only communities of committees that take cases, and the status
page shows the state and the published answer — never contact details, never another case."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from consult.cases.models import CaseSettings, CommunityCase
from members.models import MemberGroup
from tests.consult.cases import builders as b

URL = "/consult/public/cases/"
TRACK = "/consult/public/cases/track/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _data(org, response, **over):
    page = response.content.decode()
    x, y = map(int, re.search(r"验证题：(\d) \+ (\d) = \?", page).groups())
    token = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    return {"member_group": org.group.pk, "title": "楼道堆放杂物", "description": "5号楼楼道堆满杂物，有消防隐患。",
            "name": "周大妈", "phone": b.PHONE, "challenge": token, "answer": str(x + y), "website": "", **over}


def test_a_resident_raises_an_issue_and_tracks_it_by_code(client, org):
    b.cast(org)
    assert reverse("consult:case_public") == URL
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200 and "群众点单" in page and "乌衣镇联络组 · 滁阳社区" in page
    response = client.post(URL, _data(org, response), follow=True)
    case = CommunityCase.objects.get()
    page = response.content.decode()
    assert f"请记下您的查询码 {case.code}" in page
    assert (case.committee, case.member_group, case.source, case.state, case.resident_name, case.resident_phone,
            case.created_by) == (org.township, org.group, "public", "submitted", "周大妈", b.PHONE, None)
    assert "待定单" in page and "楼道堆放杂物" in page
    assert b.PHONE not in page and "周大妈" not in page


def test_only_communities_of_committees_that_take_cases_are_offered(client, org):
    b.cast(org)
    closed = MemberGroup.objects.create(committee=org.other_county, name="来安县委员小组", community="新安社区")
    CaseSettings.objects.create(committee=org.other_county, accepts_public=False)
    labels = [label for _v, label in client.get(URL).context["form"].fields["member_group"].choices]
    assert labels == ["请选择", "乌衣镇联络组 · 滁阳社区", "乌衣镇联络组 · 花园社区"]
    one = client.get(URL, {"committee": org.township.pk}).context["form"].fields["member_group"]
    assert [label for _v, label in one.choices] == labels
    assert list(client.get(URL, {"committee": org.county.pk}).context["form"].fields["member_group"].choices) == [
        ("", "请选择")]
    response = client.post(URL, _data(org, client.get(URL), member_group=closed.pk))
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert not CommunityCase.objects.exists()


@pytest.mark.parametrize(("over", "message"), [
    ({"phone": "12"}, "请填写正确的联系电话（手机号或带区号的固定电话）。"),
    ({"title": ""}, "该字段是必填项。"),
    ({"description": "x" * 20_001}, "确保该变量包含不超过 20000 字符"),
    ({"member_group": "99999999999"}, "选择一个有效的选项"),
    ({"website": "http://spam.example"}, "提交未通过校验，请刷新页面后重试。"),
    ({"answer": "99"}, "验证题答案不正确，请重新计算。"),
])
def test_bad_input_is_refused_and_nothing_is_recorded(client, org, over, message):
    b.cast(org)
    response = client.post(URL, _data(org, client.get(URL), **over))
    assert response.status_code == 400 and message in response.content.decode()
    assert not CommunityCase.objects.exists()


def test_name_and_phone_are_optional(client, org):
    b.cast(org)
    assert client.post(URL, _data(org, client.get(URL), name="", phone="")).status_code == 302
    assert CommunityCase.objects.get().resident_phone == ""


def test_rate_limited_per_address(client, org, settings):
    b.cast(org)
    settings.PUBLIC_FORM_LIMIT = 2
    for title in ("一", "二"):
        assert client.post(URL, _data(org, client.get(URL), title=title)).status_code == 302
    response = client.post(URL, _data(org, client.get(URL), title="三"))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert CommunityCase.objects.count() == 2


def test_status_page_shows_the_answer_once_resolved_and_never_contacts(client, org):
    case = b.claimed(org)
    page = client.get(TRACK, {"code": case.code.lower()}).content.decode()
    assert "已接单" in page and "办理答复" not in page and b.PHONE not in page and b.NAME not in page
    case = b.archived(org, title="垃圾清运不及时")
    page = client.get(TRACK, {"code": case.code}).content.decode()
    assert "已归档" in page and "路灯已于本周更换，感谢您的反映。" in page and "（已解决）" in page
    assert b.PHONE not in page and b.NAME not in page and "张委员" not in page  # nor who handled it
    assert "路灯不亮" not in page  # not the other case


def test_status_page_shows_a_decline_reason(client, org):
    case = b.declined(org)
    page = client.get(TRACK, {"code": case.code}).content.decode()
    assert "不予受理" in page and "建议通过法律途径解决" in page


def test_unknown_or_bad_code(client, org):
    response = client.get(TRACK, {"code": "ABCDEFGHJK"})
    assert response.status_code == 404 and "没有找到这个查询码对应的点单" in response.content.decode()
    assert client.get(TRACK, {"code": "x" * 40}).status_code == 400
    assert client.get(TRACK).status_code == 200

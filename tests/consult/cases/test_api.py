"""/api/v1/consult-cases/: the banks with their filters, registering on a resident's behalf, each step of the
workflow, and bad input (400 with a Chinese message, nothing changed) or a wrong role (403/404)."""

import pytest
from django.test import Client
from django.utils import timezone

from consult.cases.models import CommunityCase
from tests.consult.cases import builders as b

pytestmark = pytest.mark.django_db
API = "/api/v1/consult-cases/"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _post(c, url, data):
    return c.post(url, data=data, content_type="application/json")


def test_walk_through_the_api(org):
    b.cast(org)
    staff, member = _client(org.staff), _client(org.member_user)
    r = _post(staff, API, {"committee": org.township.pk, "source": "convenor", "title": "健身器材损坏",
                           "description": "社区广场健身器材有两台损坏。", "resident_name": "吴先生",
                           "resident_phone": "13700001111"})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["state_display"] == "待定单" and "resident_phone" not in r.json()
    r = _post(staff, f"{API}{pk}/accept/", {"grade": "D", "theme": "elderly", "member_group": org.group.pk})
    assert r.json()["state"] == "offered" and r.json()["grade_display"] == "四类：简单"
    r = _post(member, f"{API}{pk}/claim/", {"co_members": [org.mate.pk]})
    assert [(c["member_name"], c["lead"]) for c in r.json()["claims"]] == [("张委员", True), ("陈委员", False)]
    today = timezone.localdate().isoformat()
    r = _post(member, f"{API}{pk}/consult/", {"held_on": today, "place": "社区广场", "participants": "张委员、物业",
                                              "result": "物业负责维修。"})
    assert r.json()["consultation"]["result"] == "物业负责维修。"
    r = _post(member, f"{API}{pk}/follow-up/", {"on": today, "note": "物业已报修。"})
    assert r.json()["follow_ups"] == [{"on": today, "note": "物业已报修。"}]
    r = _post(member, f"{API}{pk}/resolve/", {"outcome": "resolved", "answer": "器材已修好。"})
    assert r.json()["state"] == "resolved"
    assert _post(member, f"{API}{pk}/archive/", {"summary": "总结"}).status_code == 403  # a claimant does not archive
    r = _post(_client(org.leader_user), f"{API}{pk}/archive/", {"summary": "小事快办。"})
    assert r.json()["state"] == "archived" and r.json()["summary"] == "小事快办。"


def test_banks_and_filters(org):
    b.cast(org)
    open_case = b.offered(org, title="菜市场占道经营")
    advice = b.consulted(org, title="路口缺少红绿灯")
    done = b.archived(org, title="小区垃圾分类")
    c = _client(org.staff)

    def titles(**params):
        r = c.get(API, params)
        assert r.status_code == 200, r.content
        return {row["title"] for row in r.json()["results"]}

    assert titles(bank="problems") == {open_case.title, advice.title}
    assert titles(bank="advice") == {advice.title, done.title}
    assert titles(bank="cases") == {done.title}
    assert titles(q="红绿灯") == {advice.title}
    assert titles(q="3号楼") == {open_case.title, advice.title, done.title}  # the description too
    assert titles(grade="C", year=timezone.localdate().year) == {open_case.title, advice.title, done.title}
    assert titles(member_group=org.other_group.pk) == set()
    assert titles(state="archived") == {done.title}
    for bad in ({"bank": "x"}, {"grade": "Z"}, {"year": "1"}, {"member_group": "abc"}, {"q": "x" * 101}):
        assert c.get(API, bad).status_code == 400, bad


def test_who_sees_what_in_the_list(org):
    b.cast(org)
    case = b.offered(org)
    assert [r["id"] for r in _client(org.member_user).get(API).json()["results"]] == [case.pk]  # offered to the group
    assert _client(org.other_member_user).get(API).json()["results"] == []
    assert _client(org.far_member_user).get(f"{API}{case.pk}/").status_code == 404
    assert _client(org.other_staff).get(f"{API}{case.pk}/").status_code == 404
    assert Client().get(API).status_code == 403


@pytest.mark.parametrize(("action", "body", "message"), [
    ("accept", {"grade": "A"}, "theme"),
    ("decline", {"reason": ""}, "reason"),
    ("offer", {"member_group": 99999999}, "member_group"),
    ("claim", {}, "只有处于以下状态时才可以：待接单"),
    ("archive", {"summary": "x"}, "只有处于以下状态时才可以：已办结"),
])
def test_bad_input_is_a_400_and_changes_nothing(org, action, body, message):
    case = b.submitted(org)
    user = org.member_user if action == "claim" else org.staff
    if action == "claim":
        CommunityCase.objects.filter(pk=case.pk).update(member_group=org.group)
    r = _post(_client(user), f"{API}{case.pk}/{action}/", body)
    assert r.status_code in (400, 403) and message in r.content.decode(), r.content
    case.refresh_from_db()
    assert case.state == "submitted" and case.grade == "" and case.decline_reason == ""


def test_register_refusals(org):
    b.cast(org)
    r = _post(_client(org.far_member_user), API, {"committee": org.township.pk, "source": "convenor", "title": "甲",
                                                  "description": "乙"})
    assert r.status_code == 403 and "不能代群众点单" in r.json()["detail"]
    r = _post(_client(org.staff), API, {"committee": org.township.pk, "source": "public", "title": "甲", "description": "乙"})
    assert r.status_code == 400 and "source" in r.json()
    r = _post(_client(org.staff), API, {"committee": org.township.pk, "source": "convenor", "title": "甲",
                                        "description": "乙", "member_group": b.cast(org).group.pk + 1000})
    assert r.status_code == 400
    assert not CommunityCase.objects.exists()

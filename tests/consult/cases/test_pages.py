"""The case pages: the banks with filters, registering for a resident, the case page's action forms (each a
service call; a refusal a message and nothing changed) and the member's page."""

import pytest
from django.test import Client
from django.utils import timezone

from consult.cases.models import CommunityCase
from tests.consult.cases import builders as b

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _act(c, case, action, data):
    return c.post(f"/consult/cases/{case.pk}/{action}/", data, follow=True).content.decode()


def test_walk_on_the_pages(org):
    b.cast(org)
    staff, member = _client(org.staff), _client(org.member_user)
    page = staff.get("/consult/cases/new/").content.decode()
    assert "代群众点单" in page and "乌衣镇联络组" in page
    r = staff.post("/consult/cases/new/", {"committee": org.township.pk, "member_group": org.group.pk,
                                           "source": "convenor", "title": "雨污管道堵塞", "description": "一下雨就积水。",
                                           "resident_name": "钱师傅", "resident_phone": "13511112222"})
    case = CommunityCase.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/consult/cases/{case.pk}/"
    page = staff.get(r["Location"]).content.decode()
    assert "钱师傅" in page and "定单" in page and "不予受理" in page and "群众点单定单" in page
    page = _act(staff, case, "accept", {"grade": "B", "theme": "environment", "member_group": org.group.pk})
    assert "已执行：定单。" in page and "待接单" in page
    page = _act(member, case, "claim", {"co_members": [org.mate.pk]})
    assert "已执行：接单。" in page and "张委员（牵头）、陈委员" in page
    today = timezone.localdate().isoformat()
    page = _act(member, case, "consult", {"held_on": today, "place": "社区议事厅", "participants": "张委员、陈委员、城建办",
                                          "departments": "镇城建办", "result": "城建办疏通管道并加装雨水篦子。"})
    assert "城建办疏通管道并加装雨水篦子。" in page and "已协商，跟进中" in page
    page = _act(member, case, "follow_up", {"on": today, "note": "施工队已进场。"})
    assert "施工队已进场。" in page
    page = _act(member, case, "resolve", {"outcome": "explained", "answer": "管道已疏通，改造列入明年计划。"})
    assert "已办结" in page and "已向群众解释说明" in page
    page = _act(staff, case, "archive", {"summary": "微协商推动小区排水问题解决。"})
    assert "已归档" in page and "微协商推动小区排水问题解决。" in page
    bank = staff.get("/consult/cases/?bank=cases").content.decode()
    assert "雨污管道堵塞" in bank and "钱师傅" not in bank and "13511112222" not in bank
    advice = staff.get("/consult/cases/?bank=advice").content.decode()
    assert "城建办疏通管道并加装雨水篦子" in advice


def test_refusals_are_messages_and_change_nothing(org):
    case = b.submitted(org)
    staff = _client(org.staff)
    page = _act(staff, case, "decline", {"reason": ""})
    assert "不予受理理由（群众可见）：该字段是必填项。" in page
    page = _act(staff, case, "archive", {"summary": "太早了"})
    assert "当前状态为“待定单”，不能变更为“已归档”。只有处于以下状态时才可以：已办结。" in page
    case.refresh_from_db()
    assert case.state == "submitted" and case.summary == ""
    assert staff.post(f"/consult/cases/{case.pk}/nonsense/").status_code == 404
    assert _client(org.member_user).post(f"/consult/cases/{case.pk}/accept/",
                                         {"grade": "A", "theme": "other"}).status_code == 403


def test_bank_filters(org):
    b.offered(org, title="公交站台没有遮雨棚")
    b.offered(org, title="学校门口交通拥堵")
    c = _client(org.staff)
    page = c.get("/consult/cases/", {"q": "公交"}).content.decode()
    assert "公交站台没有遮雨棚" in page and "学校门口交通拥堵" not in page
    page = c.get("/consult/cases/", {"committee": org.township.pk, "grade": "C", "theme": "environment"}).content.decode()
    assert "共 2 件" in page
    assert c.get("/consult/cases/", {"year": "abc"}).status_code == 400


def test_member_page_lists_offered_and_claimed(org):
    offered = b.offered(org, title="广场舞噪音")
    claimed = b.resolved(org, title="路面坑洼")
    page = _client(org.member_user).get("/consult/me/cases/").content.decode()
    assert "广场舞噪音" in page and "路面坑洼" in page and "已接单 1 件（牵头 1 件），已办结 1 件" in page
    page = _client(org.other_member_user).get("/consult/me/cases/").content.decode()
    assert "广场舞噪音" not in page and "本小组暂无待接单的事项。" in page
    assert _client(org.staff).get("/consult/me/cases/").status_code == 403
    assert offered.pk != claimed.pk


def test_raise_to_a_topic_and_to_a_proposal_draft_from_the_case_page(org):
    case = b.consulted(org)
    page = _act(_client(org.staff), case, "raise", {"note": ""})
    assert "已执行：提升为协商议题。" in page and "已提升为协商议题" in page
    case.refresh_from_db()
    topic_page = _client(org.staff).get(f"/consult/topics/{case.topic_id}/").content.decode()
    assert f'href="/consult/cases/{case.pk}/"' in topic_page and "来自群众点单" in topic_page
    member = _client(org.member_user)
    assert "转为本人提案草稿" in member.get(f"/consult/cases/{case.pk}/").content.decode()
    page = _act(member, case, "to_proposal", {"note": ""})
    assert "已执行：转为本人提案草稿。" in page and "已转为提案草稿" in page
    case.refresh_from_db()
    assert case.proposal.proposer == org.member


def test_the_group_leader_sees_what_waits_for_them(org):
    b.submitted(org, title="垃圾桶不够用")
    b.resolved(org, title="井盖缺失")
    b.offered(org, title="路边停车乱")
    page = _client(org.leader_user).get("/consult/me/cases/").content.decode()
    assert "待我定单、分单、归单" in page and "垃圾桶不够用" in page and "井盖缺失" in page
    assert page.count('data-testid="manage-row"') == 2
    assert "待我定单" not in _client(org.member_user).get("/consult/me/cases/").content.decode()

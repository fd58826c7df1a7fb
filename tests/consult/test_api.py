"""The consultation API: writes through the services, bad input a 400 with a Chinese message (never a
500), nothing changed."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from consult.models import ConsultSettings, PlanItem, Topic
from consult.topics.enums import TopicState
from tests.consult import builders as b


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_member_recommends_a_topic_and_staff_walk_it_into_the_plan(org):
    created = _api(org.member_user).post("/api/v1/consult-topics/", {"title": "关于建设口袋公园的建议", **b.PRESTUDY},
                                         format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["source_display"], body["proposer_name"], body["state_display"]) == ("委员荐题", "张委员", "已征集")
    staff = _api(org.staff)
    url = f"/api/v1/consult-topics/{body['id']}/"
    assert staff.post(f"{url}start-prestudy/", {}, format="json").json()["state"] == "prestudy"
    assert staff.post(f"{url}discuss/", {"note": "已与区政府办商定"}, format="json").json()["state"] == "discussing"
    plan = b.plan(org)
    approved = staff.post(f"{url}approve/", {"plan": plan.pk, "meeting_type": "sector", "month": 6,
                                             "units": [org.unit.pk]}, format="json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["state_display"] == "已定题"
    item = PlanItem.objects.get(topic_id=body["id"])
    assert (item.meeting_type, item.quarter, item.month) == ("sector", 2, 6)
    standing = staff.get(f"/api/v1/consult-plans/{plan.pk}/frequency/").json()
    assert standing["plan_meets"] is False
    assert standing["shortfalls"] == ["各类协商：计划 1 次，要求至少 4 次"]
    assert standing["lines"][0]["progress"] == "已召开 0 次，要求 4 次；下一次计划于6月"


def test_bad_input_is_a_400_with_a_chinese_message_and_nothing_changes(org):
    topic = b.discussing(org)
    staff = _api(org.staff)
    url = f"/api/v1/consult-topics/{topic.pk}/approve/"
    plan = b.plan(org)
    cases = [
        ({"plan": 999999, "meeting_type": "special"}, "plan"),
        ({"plan": plan.pk, "meeting_type": "special", "quarter": 5}, "quarter"),
        ({"plan": plan.pk, "meeting_type": "tea_party"}, "meeting_type"),
        ({"plan": "abc", "meeting_type": "special"}, "plan"),
    ]
    for body, field in cases:
        response = staff.post(url, body, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.content)
    response = staff.post(url, {"plan": plan.pk, "meeting_type": "special", "quarter": 1, "month": 5}, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "5月不在第1季度。"}
    other_plan = b.plan(org, committee=org.other_county)
    response = staff.post(url, {"plan": other_plan.pk, "meeting_type": "special"}, format="json")
    assert response.json() == {"plan": ["找不到所选的年度计划。"]}
    topic.refresh_from_db()
    assert topic.state == TopicState.DISCUSSING and not PlanItem.objects.exists()
    response = staff.post(f"/api/v1/consult-topics/{topic.pk}/drop/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()


def test_holding_a_meeting_without_research_is_refused_through_the_api(org):
    topic = b.planned(org)
    m = b.notified(org, topic)
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    response = _api(org.staff).post(f"/api/v1/consult-meetings/{m.pk}/hold/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("不调研不协商：议题《")
    m.refresh_from_db()
    assert m.state == "notified"


def test_meeting_creation_checks_times_and_the_online_link(org):
    start = timezone.now() + dt.timedelta(days=3)
    body = {"committee": org.county.pk, "title": "网上议政", "meeting_type": "special", "mode": "online",
            "starts_at": start.isoformat(), "ends_at": (start - dt.timedelta(hours=1)).isoformat()}
    staff = _api(org.staff)
    assert staff.post("/api/v1/consult-meetings/", body, format="json").json() == {"detail": "结束时间须晚于开始时间。"}
    body["ends_at"] = (start + dt.timedelta(hours=1)).isoformat()
    assert staff.post("/api/v1/consult-meetings/", body, format="json").json() == {"detail": "请填写视频会议链接。"}
    assert staff.post("/api/v1/consult-meetings/", {**body, "starts_at": "明天"}, format="json").status_code == 400
    far = {**body, "starts_at": "9999-12-31T08:00:00+08:00", "ends_at": "9999-12-31T10:00:00+08:00"}
    assert staff.post("/api/v1/consult-meetings/", far, format="json").json() == {"detail": "会议时间须在 2000 年至 2100 年之间。"}
    created = staff.post("/api/v1/consult-meetings/", {**body, "video_url": "https://meeting.example.cn/r/9"}, format="json")
    assert created.status_code == 201 and created.json()["mode_display"] == "线上"


def test_leave_over_the_cap_through_the_api(org):
    ConsultSettings.objects.create(committee=org.county, leave_cap=0)
    inv = b.notified(org).invitations.get(member=org.member)
    response = _api(org.member_user).post(f"/api/v1/consult-invitations/{inv.pk}/leave/", {"reason": "出差"}, format="json")
    assert response.status_code == 400
    assert "已达南谯区政协每年 0 次的上限" in response.json()["detail"]


def test_a_unit_replies_through_the_api_with_adoption_per_recommendation(org):
    out = b.sent(org, units=[org.unit])
    sending = out.sendings.get()
    first, second = out.recommendations.all()
    client = _api(org.unit_user)
    url = f"/api/v1/consult-sendings/{sending.pk}/reply/"
    response = client.post(url, {"measures": "已落实", "adoptions": [
        {"recommendation": first.pk, "adoption": "adopted"}]}, format="json")
    assert response.json() == {"detail": "请逐条答复采纳情况，尚缺第 2 条建议。"}
    response = client.post(url, {"measures": "已落实", "adoptions": [
        {"recommendation": first.pk, "adoption": "maybe"}, {"recommendation": second.pk, "adoption": "adopted"}]},
        format="json")
    assert response.status_code == 400 and "adoptions" in response.json()
    response = client.post(url, {"measures": "已落实", "adoptions": [
        {"recommendation": first.pk, "adoption": "adopted", "measures": "已简化审批"},
        {"recommendation": second.pk, "adoption": "not_adopted", "measures": "财力不足"}]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state_display"], body["due_date"]) == ("已答复", None)
    assert [(a["number"], a["adoption_display"]) for a in body["adoptions"]] == [(1, "采纳"), (2, "未采纳")]
    assert _api(org.staff).post(url, {"measures": "x", "adoptions": []}, format="json").status_code == 403


def test_an_outcome_and_an_instruction_through_the_api(org):
    m = b.held(org, b.planned(org))
    staff = _api(org.staff)
    created = staff.post("/api/v1/consult-outcomes/", {
        "meeting": m.pk, "outcome_kind": "special_report", "title": "协商专报", "text": "专报正文",
        "recommendations": ["建议一", "建议二"]}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert [r["number"] for r in body["recommendations"]] == [1, 2]
    sent = staff.post(f"/api/v1/consult-outcomes/{body['id']}/send/", {"units": [org.unit.pk]}, format="json")
    assert sent.json()["state_display"] == "已报送"
    response = staff.post("/api/v1/consult-instructions/", {
        "outcome": body["id"], "leader": "区委书记", "instructed_on": "2020-01-01", "text": "阅", "units": [org.unit.pk]},
        format="json")
    assert response.json() == {"detail": "批示日期不能早于成果报送日期。"}
    response = staff.post("/api/v1/consult-instructions/", {
        "outcome": body["id"], "leader": "区委书记", "instructed_on": timezone.localdate().isoformat(), "text": "阅",
        "units": [org.unit.pk]}, format="json")
    assert response.status_code == 201 and response.json()["units"] == [org.unit.pk]
    assert Topic.objects.get(pk=m.topic_id).state == TopicState.OUTCOME_SENT

"""委员接待日 in the API: lists with filters and pages, the actions, bad input as 400 with the message."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from consult.reception.models import DutySwap
from members.models import ReceptionDuty, Studio
from tests.consult.reception import builders as b

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10):
    return time_machine.travel(dt.datetime(y, m, d, hour, tzinfo=TZ), tick=False)


def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_staff_create_a_studio_and_bad_input_is_refused_with_the_message(org):
    staff = _api(org.staff)
    response = staff.post("/api/v1/consult-studios/", {
        "committee": org.county.pk, "name": "乌衣镇委员之家", "kind": "home", "opening_hours": "每月25日上午",
        "members": [org.member.pk, org.other_member.pk]}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["kind_display"], body["reception_day"], body["duty_size"]) == ("乌衣镇委员之家", "委员之家", 25, 2)
    assert body["members"] == sorted([org.member.pk, org.other_member.pk])
    bad = staff.post("/api/v1/consult-studios/", {"committee": org.county.pk, "name": "四人", "duty_size": 4},
                     format="json")
    assert bad.status_code == 400 and "duty_size" in bad.json()
    outside = staff.patch(f"/api/v1/consult-studios/{body['id']}/", {"members": [org.far_member.pk]}, format="json")
    assert outside.status_code == 400
    assert outside.json() == {"detail": "所选的委员（赵委员）不属于南谯区政协，不能使用。"}
    assert Studio.objects.get(pk=body["id"]).members.count() == 2


def test_members_see_only_the_studios_they_belong_to(org):
    studio = b.studio(org)
    other = Studio.objects.create(committee=org.county, name="别的工作室")
    ids = [r["id"] for r in _api(org.member_user).get("/api/v1/consult-studios/").json()["results"]]
    assert ids == [studio.pk]
    assert _api(org.far_member_user).get("/api/v1/consult-studios/").json()["count"] == 0
    assert _api(org.member_user).get(f"/api/v1/consult-studios/{other.pk}/").status_code == 404
    staff_ids = {r["id"] for r in _api(org.staff).get("/api/v1/consult-studios/").json()["results"]}
    assert staff_ids == {studio.pk, other.pk}


def test_duties_are_listed_with_filters_and_pages(org):
    with at(2027, 1, 10):
        studio = b.studio(org)
        result = _api(org.staff).post(f"/api/v1/consult-studios/{studio.pk}/generate/", {"year": 2027}, format="json")
        assert result.json() == {"created": 24, "removed": 0, "kept": 0}
        staff = _api(org.staff)
        january = staff.get("/api/v1/consult-reception-duties/", {"studio": studio.pk, "year": 2027, "month": 1}).json()
        assert january["count"] == 2
        assert sorted(r["member_name"] for r in january["results"]) == ["张委员", "李委员"]
        assert {r["state_display"] for r in january["results"]} == {"待确认"}
        mine = staff.get("/api/v1/consult-reception-duties/", {"member": org.member.pk}).json()
        assert mine["count"] == 8 and len(mine["results"]) == 8 and mine["next"] is None
        assert [r["date"][5:7] for r in mine["results"]][:3] == ["01", "02", "04"]
        assert staff.get("/api/v1/consult-reception-duties/", {"page": 2}).status_code == 404
        for params in ({"month": 13}, {"year": "x"}, {"state": "lost"}):
            response = staff.get("/api/v1/consult-reception-duties/", params)
            assert response.status_code == 400 and list(params) == list(response.json())
        days = staff.get("/api/v1/consult-reception-days/", {"studio": studio.pk, "year": 2027}).json()
        assert days["count"] == 12 and days["results"][0]["date"] == "2027-01-25"


def test_confirm_and_swap_through_the_api(org):
    with at(2027, 1, 10):
        b.rostered(org)
        mine, theirs = b.swap_pair(org)
        zhang, li, staff = _api(org.member_user), _api(org.other_member_user), _api(org.staff)
        confirmed = zhang.post(f"/api/v1/consult-reception-duties/{mine.pk}/confirm/")
        assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
        again = zhang.post(f"/api/v1/consult-reception-duties/{mine.pk}/confirm/")
        assert again.status_code == 400
        second = ReceptionDuty.objects.filter(studio=mine.studio, member=org.member).exclude(pk=mine.pk).first()
        selfish = zhang.post(f"/api/v1/consult-reception-duties/{mine.pk}/swap/", {"other_duty": second.pk},
                             format="json")
        assert selfish.status_code == 400 and selfish.json() == {"detail": "不能与自己换班，请选择其他委员的值班。"}
        missing = zhang.post(f"/api/v1/consult-reception-duties/{mine.pk}/swap/", {"other_duty": 999999},
                             format="json")
        assert missing.status_code == 400 and missing.json() == {"other_duty": ["找不到所选的值班。"]}
        asked = zhang.post(f"/api/v1/consult-reception-duties/{mine.pk}/swap/", {"other_duty": theirs.pk,
                                                                                 "reason": "出差"}, format="json")
        assert asked.status_code == 201 and asked.json()["state_display"] == "待对方同意"
        swap_id = asked.json()["id"]
        assert li.post(f"/api/v1/consult-duty-swaps/{swap_id}/accept/").json()["state"] == "accepted"
        approved = staff.post(f"/api/v1/consult-duty-swaps/{swap_id}/approve/", {"note": "同意"}, format="json")
        assert approved.status_code == 200 and approved.json()["state_display"] == "已换班"
        row = staff.get(f"/api/v1/consult-reception-duties/{mine.pk}/").json()
        assert (row["member_name"], row["state"]) == ("李委员", "confirmed")
    assert DutySwap.objects.get().decision_note == "同意"


@pytest.mark.parametrize("body, field", [
    ({"visitors": -1}, "visitors"),
    ({"visitors": 1, "issues": [{"title": "x" * 201, "description": "y"}]}, "issues"),
    ({"visitors": 1, "issues": [{"title": "t", "description": "d"}] * 21}, "issues"),
    ({}, "visitors"),
])
def test_bad_day_records_are_400_naming_the_field(org, body, field):
    day = b.day_today(org)
    response = _api(org.member_user).post(f"/api/v1/consult-reception-days/{day.pk}/record/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    day.refresh_from_db()
    assert day.state == "planned"


def test_the_day_is_recorded_through_the_api_with_its_issues(org):
    day = b.day_today(org)
    response = _api(org.other_member_user).post(f"/api/v1/consult-reception-days/{day.pk}/record/", {
        "visitors": 4, "summary": "接待顺利",
        "issues": [{"title": "公交站台破损", "description": "站台顶棚漏雨。", "resident_phone": "13900001111"}]},
        format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["visitors"]) == ("held", 4)
    assert [i["title"] for i in body["issues"]] == ["公交站台破损"]
    assert "13900001111" not in response.content.decode()  # the contact goes with the case, not the day
    for user in (org.member_user, org.office, org.staff):  # nor in the day as anyone reads it
        seen = _api(user).get(f"/api/v1/consult-reception-days/{day.pk}/")
        assert seen.status_code == 200 and "公交站台破损" in seen.content.decode(), user
        assert "13900001111" not in seen.content.decode()
    from consult.reception.models import ReceptionIssue

    assert ReceptionIssue.objects.get(day=day).resident_phone == "13900001111"  # kept for the case's staff

"""社情民意 in the API: the member submits and revises, staff act, bulletins are numbered and published, the
department replies; filters and pagination; bad input is a 400 in the user's language and changes nothing;
list queries do not grow with the rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consult.models import Bulletin, OpinionReport
from consult.reports.enums import ReportState
from tests.consult.reports import builders as b
from tests.test_query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db


def _post(client, name, data=None, **kwargs):
    return client.post(reverse(name, kwargs=kwargs or None), data or {}, content_type="application/json")


def test_a_member_submits_revises_and_sees_only_their_own(client, org):
    client.force_login(org.member_user)
    response = _post(client, "consult-report-list", {"title": "关于校园周边交通的建议", "content": "上下学拥堵。"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["state_display"], body["submitter_name"]) == ("draft", "草稿", "张委员")
    pk = body["id"]
    response = _post(client, "consult-report-revise", {"title": "关于校园周边交通的建议", "content": "早晚高峰拥堵。",
                                                       "submit": True}, pk=pk)
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    response = _post(client, "consult-report-revise", {"title": "再改", "content": "再改"}, pk=pk)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("当前状态为“已报送待审”，不能修改。")
    b.submitted(org, user=org.other_member_user)
    rows = client.get(reverse("consult-report-list")).json()
    assert rows["count"] == 1 and rows["results"][0]["id"] == pk
    client.force_login(org.other_member_user)
    assert client.get(reverse("consult-report-detail", args=[pk])).status_code == 404


def test_bad_input_is_refused_in_the_users_language_and_changes_nothing(client, org):
    client.force_login(org.member_user)
    response = _post(client, "consult-report-list", {"title": "题" * 201, "content": "正文"})
    assert response.status_code == 400 and "title" in response.json()
    response = _post(client, "consult-report-list", {"title": "标题"})
    assert response.status_code == 400 and "content" in response.json()
    assert not OpinionReport.objects.exists()
    client.force_login(org.staff)
    assert client.get(reverse("consult-report-list"), {"state": "nonsense"}).status_code == 400
    assert client.get(reverse("consult-report-list"), {"committee": "x"}).status_code == 400
    report = b.submitted(org)
    response = _post(client, "consult-report-reject", {"note": ""}, pk=report.pk)
    assert response.status_code == 400
    response = _post(client, "consult-report-merge", {"others": [999999]}, pk=report.pk)
    assert response.status_code == 400 and "others" in response.json()
    far = b.submitted(org, user=org.far_member_user)
    response = _post(client, "consult-report-merge", {"others": [far.pk]}, pk=report.pk)
    assert response.status_code == 400 and response.json() == {"others": ["找不到所选的信息。"]}
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_staff_take_a_report_through_to_a_forwarded_instruction(client, org):
    report = b.submitted(org)
    today = timezone.localdate().isoformat()
    client.force_login(org.staff)
    assert _post(client, "consult-report-edit", {"title": "编辑后", "content": "编辑后的正文"}, pk=report.pk).status_code == 200
    assert _post(client, "consult-report-adopt", {}, pk=report.pk).json()["state"] == "adopted"
    assert _post(client, "consult-report-send-up", {"target": "party_government", "recipient": "区委办",
                                                    "sent_on": today}, pk=report.pk).status_code == 200
    response = _post(client, "consult-report-level-adoption", {"adoption_level": "province", "adopted_on": today,
                                                              "adopted_by": "安徽省政协"}, pk=report.pk)
    assert [x["adoption_level"] for x in response.json()["levels"]] == ["county", "province"]
    response = _post(client, "consult-report-instruct", {"leader": "王书记", "instructed_on": today, "text": "请落实。"},
                     pk=report.pk)
    assert response.json()["instructions"][0]["leader"] == "王书记"
    response = _post(client, "consult-report-forward", {"units": [org.unit.pk], "reply_months": 2}, pk=report.pk)
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["edited_title"], body["sendings"][0]["target"]) == (report.title, "编辑后", "party_government")
    client.force_login(org.unit_user)
    (fwd,) = client.get(reverse("consult-report-forward-list")).json()["results"]
    assert fwd["due_date"] is not None and fwd["unit_name"] == "南谯区教育局"
    response = _post(client, "consult-report-forward-reply", {"text": "已落实。"}, pk=fwd["id"])
    assert response.status_code == 200 and response.json()["state"] == "replied"
    # the unit now sees the report forwarded to it, not others
    assert client.get(reverse("consult-report-list")).json()["count"] == 1


def test_bulletins_are_numbered_compiled_and_published(client, org):
    client.force_login(org.staff)
    first = _post(client, "consult-bulletin-list", {"committee": org.county.pk, "bulletin_kind": "special"}).json()
    second = _post(client, "consult-bulletin-list", {"committee": org.county.pk, "bulletin_kind": "special"}).json()
    assert (first["number"], second["number"]) == (1, 2) and first["kind_display"] == "社情民意专报"
    response = _post(client, "consult-bulletin-list", {"committee": org.county.pk, "bulletin_kind": "weekly"})
    assert response.status_code == 400
    client.force_login(org.other_staff)
    response = _post(client, "consult-bulletin-list", {"committee": org.county.pk, "bulletin_kind": "special"})
    assert response.status_code == 403
    assert Bulletin.objects.count() == 2
    client.force_login(org.staff)
    report = b.adopted(org)
    response = _post(client, "consult-bulletin-compile", {"reports": [report.pk]}, pk=first["id"])
    assert response.json()["reports"] == [report.pk]
    assert _post(client, "consult-bulletin-publish", pk=first["id"]).json()["state"] == "published"
    assert _post(client, "consult-bulletin-publish", pk=second["id"]).status_code == 400
    client.force_login(org.member_user)
    rows = client.get(reverse("consult-bulletin-list")).json()["results"]
    assert [r["id"] for r in rows] == [first["id"]]
    assert client.get(reverse("consult-bulletin-list"), {"bulletin_kind": "journal"}).json()["count"] == 0


def test_lists_are_paginated(client, org):
    b.make_reports(org, 55)
    client.force_login(org.staff)
    body = client.get(reverse("consult-report-list")).json()
    assert (body["count"], len(body["results"])) == (55, 50) and body["next"]
    body = client.get(body["next"]).json()
    assert len(body["results"]) == 5 and body["next"] is None


@pytest.mark.parametrize(("url_name", "user", "make"), [
    ("consult-report-list", "staff", b.make_reports),
    ("consult-report-list", "member_user", b.make_reports),
    ("consult-bulletin-list", "member_user", b.make_bulletins),
    ("consult-report-forward-list", "unit_user", b.make_forwards),
    ("consult:reports", "staff", b.make_reports),
    ("consult:my_reports", "member_user", b.make_reports),
    ("consult:bulletins", "staff", b.make_bulletins),
    ("consult:report_forwards", "unit_user", b.make_forwards),
])
def test_list_queries_do_not_grow_with_rows(client, org, url_name, user, make):
    client.force_login(getattr(org, user))
    assert_constant_queries(client, reverse(url_name), org, make)

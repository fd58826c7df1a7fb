"""A meeting's notice and minutes as official documents (consult/documents.py through the letter builder):
what they say, who may download them (staff of the committee), the audit row, and the notice printed by
LibreOffice on A4 as the letter tests do."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consult.documents import meeting_notice
from consult.meetings import services as meetings
from consult.outcomes import services as outcomes
from portal.models import AuditEvent, AuditLog
from tests.consult import builders as b
from tests.documents import test_libreoffice as lo
from tests.documents.docx_read import open_docx, paragraphs_text, section_geometry

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _text(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == DOCX
    return "\n".join(paragraphs_text(open_docx(response.content)))


@pytest.fixture
def notified(org):
    topic = b.planned(org)
    start = timezone.localtime(timezone.now() + dt.timedelta(days=10)).replace(hour=9, minute=0, second=0,
                                                                                microsecond=0)
    return b.notified(org, topic, starts_at=start, ends_at=start + dt.timedelta(hours=2, minutes=30),
                      title="请你来协商：老旧小区加装电梯", venue="县政协三楼会议室")


def test_notice_names_the_subject_time_place_topic_and_the_invited(client, org, notified):
    client.force_login(org.staff)
    response = client.get(reverse("consult:meeting_notice", args=[notified.pk]))
    text = _text(response)
    start = timezone.localtime(notified.starts_at)
    assert "关于召开请你来协商：老旧小区加装电梯的通知" in text.replace("\n", "")  # the title may run over lines
    assert f"{start.year}年{start.month}月{start.day}日" in text and "9:00—11:30" in text
    assert "二、会议地点\n县政协三楼会议室" in text
    assert f"请你来协商：{notified.topic.title}。" in text
    assert f"{org.member.name}、{org.other_member.name}委员：" in text or f"{org.other_member.name}、{org.member.name}委员：" in text
    assert f"{org.county.name}办公室" in text
    assert "请假" in text  # what the invited must do
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    geometry = section_geometry(open_docx(response.content))
    assert round(geometry["width"]) == 210 and round(geometry["height"]) == 297 and round(geometry["top"]) == 37
    audit = AuditLog.objects.filter(event=AuditEvent.EXPORT).latest("id")
    assert audit.user == org.staff and "会议通知《请你来协商：老旧小区加装电梯》: 2 行" in audit.detail


def test_online_notice_gives_the_video_room_link(client, org):
    m = b.notified(org, mode="online", venue="", title="线上专题协商")
    client.force_login(org.staff)
    text = _text(client.get(reverse("consult:meeting_notice", args=[m.pk])))
    assert "线上会议，视频会议链接：https://meeting.example.cn/room/1" in text
    assert "视频会议室" in text


def test_minutes_record_attendance_and_the_minutes_outcome(client, org):
    topic = b.researching(org)
    m = b.notified(org, topic, title="请你来协商：城区停车难")
    meetings.accept(invitation=m.invitations.get(member=org.member), actor=org.member_user)
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    meetings.record_attendance(meeting=m, actor=org.staff, member=org.member, status="present")
    meetings.hold(meeting=m, actor=org.staff)
    outcomes.create_outcome(actor=org.staff, meeting=m, kind="minutes", title="停车难协商会议纪要",
                            text_body="与会委员和部门负责人围绕停车难问题深入协商。",
                            recommendations=["建设立体停车库。", "机关停车位夜间共享。"])
    client.force_login(org.staff)
    text = _text(client.get(reverse("consult:meeting_minutes", args=[m.pk])))
    assert "请你来协商：城区停车难纪要" in text.replace("\n", "")
    assert f"出席：{org.member.name}（1 人）。" in text
    assert f"缺席：{org.other_member.name}（1 人）。" in text
    assert "与会委员和部门负责人围绕停车难问题深入协商。" in text
    assert "1. 建设立体停车库。" in text and "2. 机关停车位夜间共享。" in text
    assert "调研" in text and "乌衣镇、珠龙镇" in text  # the research behind it
    assert "应到委员 2 人，实到 1 人" in text


def test_minutes_of_a_meeting_not_held_are_refused_with_a_reason(client, org, notified):
    client.force_login(org.staff)
    response = client.get(reverse("consult:meeting_minutes", args=[notified.pk]))
    assert response.status_code == 409
    assert "尚未召开" in response.content.decode()
    api = client.get(f"/api/v1/consult-meetings/{notified.pk}/minutes/")
    assert api.status_code == 400 and "尚未召开" in api.json()["detail"]


@pytest.mark.parametrize(("role", "status"), [
    ("other_staff", 404), ("far_member_user", 404), ("member_user", 200), ("unit_user", 404), ("office", 200),
    ("leader", 200), ("city_staff", 200),
])
def test_the_sent_notice_is_for_staff_readers_and_the_invited(client, org, notified, role, status):
    client.force_login(getattr(org, role))
    page = client.get(reverse("consult:meeting_notice", args=[notified.pk]))
    assert page.status_code == status
    assert client.get(f"/api/v1/consult-meetings/{notified.pk}/notice/").status_code == status
    if status == 200:
        assert "关于召开请你来协商：老旧小区加装电梯的通知" in _text(page).replace("\n", "")
        audit = AuditLog.objects.filter(event=AuditEvent.EXPORT).latest("id")
        assert audit.user == getattr(org, role) and "会议通知《请你来协商：老旧小区加装电梯》" in audit.detail


def test_the_notice_is_not_given_out_before_it_is_sent_and_minutes_stay_with_staff(client, org):
    m = b.meeting(org, title="专题协商：县域养老服务")
    meetings.invite(meeting=m, actor=org.staff, members=[org.member])
    message = "“专题协商：县域养老服务”的会议通知尚未发出（当前状态：筹备中），不能下载。"
    for user in (org.office, org.leader, org.member_user):
        client.force_login(user)
        page = client.get(reverse("consult:meeting_notice", args=[m.pk]))
        assert page.status_code == 403 and message in page.content.decode()
        api = client.get(f"/api/v1/consult-meetings/{m.pk}/notice/")
        assert api.status_code == 403 and api.json()["detail"] == message
    assert not AuditLog.objects.filter(event=AuditEvent.EXPORT).exists()
    client.force_login(org.staff)  # staff may read their draft
    assert client.get(reverse("consult:meeting_notice", args=[m.pk])).status_code == 200
    meetings.notify(meeting=m, actor=org.staff)
    for user in (org.office, org.member_user):
        client.force_login(user)
        assert client.get(reverse("consult:meeting_notice", args=[m.pk])).status_code == 200
    client.force_login(org.other_member_user)  # not invited: the meeting is not theirs to see
    assert client.get(reverse("consult:meeting_notice", args=[m.pk])).status_code == 404
    held = b.held(org)
    client.force_login(org.office)
    page = client.get(reverse("consult:meeting_minutes", args=[held.pk]))
    assert page.status_code == 403


def test_readers_and_the_invited_find_the_notice_link_once_it_is_sent(client, org):
    m = b.meeting(org)
    meetings.invite(meeting=m, actor=org.staff, members=[org.member])
    url = reverse("consult:meeting_notice", args=[m.pk])
    client.force_login(org.office)
    assert url not in client.get(reverse("consult:meeting", args=[m.pk])).content.decode()
    meetings.notify(meeting=m, actor=org.staff)
    page = client.get(reverse("consult:meeting", args=[m.pk])).content.decode()
    assert url in page and "下载会议通知（DOCX）" in page
    client.force_login(org.member_user)
    page = client.get(reverse("consult:my_meetings")).content.decode()
    assert url in page and "下载会议通知（DOCX）" in page


def test_api_notice_is_the_same_document(client, org, notified):
    client.force_login(org.staff)
    response = client.get(f"/api/v1/consult-meetings/{notified.pk}/notice/")
    assert "关于召开请你来协商：老旧小区加装电梯的通知" in _text(response).replace("\n", "")


soffice = lo.soffice  # the fixture: LibreOffice, skipped where missing (failed under CI=true)


def test_notice_prints_on_a4_with_its_subject_and_place(soffice, org, notified):  # noqa: F811 - the fixture
    pdf = lo.to_pdf(soffice, "会议通知.docx", meeting_notice(notified).to_bytes())
    lo.assert_size(pdf.pages[0], *lo.A4)
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "县政协三楼会议室" in text and "的通知" in text and f"{org.county.name}办公室" in text


def test_the_pages_link_the_documents_and_exports(client, org):
    """Staff find the notice and minutes on the meeting page, and the workbooks on the lists they export."""
    held = b.held(org)
    client.force_login(org.staff)
    page = client.get(reverse("consult:meeting", args=[held.pk])).content.decode()
    for name in ("consult:meeting_notice", "consult:meeting_minutes"):
        url = reverse(name, args=[held.pk])
        assert url in page
        assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    for name, page_name in (("consult:export_attendance", "consult:meetings"), ("consult:export_outcomes", "consult:outcomes")):
        assert reverse(name) in client.get(reverse(page_name)).content.decode()
        assert client.get(reverse(name))["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    client.force_login(org.office)  # a reader: the sent notice, not the minutes
    page = client.get(reverse("consult:meeting", args=[held.pk])).content.decode()
    assert reverse("consult:meeting_notice", args=[held.pk]) in page
    assert reverse("consult:meeting_minutes", args=[held.pk]) not in page

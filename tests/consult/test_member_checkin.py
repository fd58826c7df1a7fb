"""QR sign-in: the code staff show encodes a link signed for one meeting; the member who opens it is recorded
present — only themselves, only for that meeting, only from an hour before the start to the end."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import segno
import time_machine
from django.urls import reverse

from consult.meetings import checkin
from consult.meetings import services as meetings
from consult.meetings.enums import AttendanceStatus
from consult.models import Attendance, Meeting
from portal.audit import timeline
from tests.consult import builders as b
from tests.factories import PASSWORD

TZ = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2027, 3, 10, 9, 0, tzinfo=TZ)
END = dt.datetime(2027, 3, 10, 11, 30, tzinfo=TZ)


def at(hour, minute=0, day=10):
    return time_machine.travel(dt.datetime(2027, 3, day, hour, minute, tzinfo=TZ), tick=False)


@pytest.fixture
def meeting(org):
    """A notified hall meeting on 10 March 2027, 09:00–11:30, both county members invited."""
    with at(10, day=1):
        return b.notified(org, starts_at=START, ends_at=END)


def _url(meeting, token=None):
    return reverse("consult:sign_in", args=[meeting.pk, token or checkin.make_token(meeting)])


def _open(client, url, user=None):
    """GET the link (as `user`, logged in at the travelled-to time: the session's idle timeout is real)."""
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


def test_signing_in_is_open_from_an_hour_before_the_start_to_the_end(client, org, meeting):
    url = _url(meeting)
    with at(7, 59):
        response, page = _open(client, url, org.member_user)
    assert response.status_code == 400
    assert "签到尚未开始：签到时间为 2027-03-10 08:00 至 2027-03-10 11:30。" in page and "未记录出勤。" in page
    assert not Attendance.objects.exists()
    with at(8, 0):
        response, page = _open(client, url, org.member_user)
    assert response.status_code == 200 and "签到成功" in page and meeting.title in page
    row = Attendance.objects.get()
    assert (row.meeting, row.member, row.status, row.recorded_by) == (
        meeting, org.member, AttendanceStatus.PRESENT, org.member_user)
    invitation = meeting.invitations.get(member=org.member)
    assert [r.action for r in timeline(invitation)][-1] == "sign_in"
    with at(9, 30):  # opened again: nothing more
        response, page = _open(client, url, org.member_user)
    assert response.status_code == 200 and "您已签到" in page
    assert Attendance.objects.count() == 1
    with at(11, 31):
        response, page = _open(client, url, org.other_member_user)
    assert response.status_code == 400
    assert "签到已结束：签到时间为 2027-03-10 08:00 至 2027-03-10 11:30。" in page
    assert list(Attendance.objects.values_list("member", flat=True)) == [org.member.pk]  # only who opened it


def test_another_meetings_code_and_a_forged_code_record_nothing(client, org, meeting):
    with at(10, day=1):
        other = b.notified(org, starts_at=START, ends_at=END)
    token = checkin.make_token(meeting)
    with at(9, 0):
        response, page = _open(client, _url(other, token), org.member_user)  # meeting's code on the other's link
        assert response.status_code == 400 and "这是另一场活动的签到二维码，不能用于本次活动签到。" in page
        forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        response, page = _open(client, _url(meeting, forged))
        assert response.status_code == 400 and "签到二维码无效：请扫描会场展示的签到二维码。" in page
        response, page = _open(client, _url(meeting, "not-a-token"))
        assert response.status_code == 400 and "签到二维码无效" in page
        from django.core import signing  # signed right, but with another salt (e.g. another form's token)

        response, page = _open(client, _url(meeting, signing.dumps({"m": meeting.pk, "s": int(START.timestamp())})))
        assert response.status_code == 400 and "签到二维码无效" in page
    assert not Attendance.objects.exists()


def test_a_moved_meeting_needs_its_new_code(client, org, meeting):
    old = checkin.make_token(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=START + dt.timedelta(days=1), ends_at=END + dt.timedelta(days=1))
    meeting.refresh_from_db()
    with at(9, 0, day=11):
        response, page = _open(client, _url(meeting, old), org.member_user)
        assert response.status_code == 400 and "会议时间已调整，这个签到二维码已失效" in page
        assert client.get(_url(meeting)).status_code == 200
    assert Attendance.objects.count() == 1


def test_only_invited_members_sign_in_and_staff_cannot_sign_in_for_anyone(client, org, meeting):
    with at(9, 0):
        client.force_login(org.far_member_user)
        response, page = _open(client, _url(meeting))
        assert response.status_code == 400 and "您不在本次活动的参加名单中，不能签到。" in page
        client.force_login(org.staff)
        assert client.get(_url(meeting)).status_code == 403
    assert not Attendance.objects.exists()


def test_a_cancelled_meeting_has_no_sign_in(client, org, meeting):
    with at(10, day=1):
        meetings.cancel(meeting=meeting, actor=org.staff, reason="改期")
    with at(9, 0):
        response, page = _open(client, _url(meeting), org.member_user)
    assert response.status_code == 400 and "本次活动已取消，不能签到。" in page
    assert not Attendance.objects.exists()


def test_a_member_recorded_absent_when_the_meeting_was_marked_held_can_still_sign_in(client, org, meeting):
    with at(9, 5):
        meetings.hold(meeting=meeting, actor=org.staff)
        assert Attendance.objects.get(member=org.member).status == AttendanceStatus.ABSENT
        client.force_login(org.member_user)
        assert client.get(_url(meeting)).status_code == 200
    assert Attendance.objects.get(member=org.member).status == AttendanceStatus.PRESENT
    with at(9, 6):  # staff's correction stands
        meetings.record_attendance(meeting=meeting, actor=org.staff, member=org.other_member, status="absent",
                                   reason="会前已告知不能到会")
        Attendance.objects.filter(member=org.other_member).update(corrected=True)
        client.force_login(org.other_member_user)
        response, page = _open(client, _url(meeting))
    assert response.status_code == 400 and "您的出勤记录已由工作人员更正（缺席）" in page


def test_a_member_not_signed_in_logs_in_and_comes_back_signed_in(client, org, meeting):
    url = _url(meeting)
    with at(8, 30):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        response = client.post(response["Location"], {"username": org.member_user.username, "password": PASSWORD,
                                                      "next": url}, follow=True)
    assert response.redirect_chain[-1][0] == url and "签到成功" in response.content.decode()
    assert Attendance.objects.get().member == org.member


def test_the_qr_code_encodes_the_sign_in_link_and_only_the_meetings_staff_get_it(client, org, meeting):
    url = reverse("consult:meeting_qr", args=[meeting.pk])
    client.force_login(org.staff)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    expected = io.BytesIO()
    segno.make(f"http://testserver{_url(meeting)}", error="m").save(
        expected, kind="svg", scale=8, border=4, xmldecl=False, title=f"签到二维码：{meeting.title}")
    assert response.content == expected.getvalue()  # the same symbol as the sign-in link's
    with at(8):
        first = checkin.make_token(meeting)
    with at(11):
        assert checkin.make_token(meeting) == first  # one code for the whole meeting, printable in advance
    for user, status in ((org.member_user, 403), (org.office, 403), (org.far_member_user, 404), (org.other_staff, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_the_staff_meeting_page_shows_the_code_while_the_meeting_is_notified(client, org, meeting):
    client.force_login(org.staff)
    page = client.get(reverse("consult:meeting", args=[meeting.pk])).content.decode()
    assert f'<img src="{reverse("consult:meeting_qr", args=[meeting.pk])}"' in page
    client.force_login(org.office)  # a reader sees the meeting, not the code
    assert 'data-testid="meeting-qr"' not in client.get(reverse("consult:meeting", args=[meeting.pk])).content.decode()

"""The private calendar feed: the member's meetings as iCalendar, parsed back with the `icalendar` library."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from consult.meetings import services as meetings
from consult.member.services import calendar_feed
from tests.consult import builders as b

TZ = ZoneInfo("Asia/Shanghai")


def _feed(client, member):
    response = client.get(reverse("consult:calendar_feed", args=[calendar_feed(member).token]))
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(cal):
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def three(org):
    """A hall meeting, an online one and a cancelled one the member is invited to; one still in preparation;
    one of the far county."""
    start = dt.datetime.now(TZ).replace(microsecond=0, second=0) + dt.timedelta(days=5)
    hall = b.notified(org, title="双月座谈：老旧小区改造", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    online = b.notified(org, title="线上协商：数字乡村", mode="online", starts_at=start + dt.timedelta(days=1),
                        ends_at=start + dt.timedelta(days=1, hours=1))
    cancelled = b.notified(org, title="请你来协商：停车难", starts_at=start + dt.timedelta(days=2),
                           ends_at=start + dt.timedelta(days=2, hours=2))
    meetings.cancel(meeting=cancelled, actor=org.staff, reason="领导临时有公务")
    planned = b.meeting(org, title="筹备中的会议")
    meetings.invite(meeting=planned, actor=org.staff, members=[org.member])
    b.notified(org, title="只邀请了李委员", members=[org.other_member])
    return hall, online, cancelled


def test_the_feed_lists_the_members_meetings_in_shanghai_time(client, org, three):
    hall, online, cancelled = three
    cal = _feed(client, org.member)  # no login: the token is the secret
    events = _events(cal)
    assert set(events) == {"双月座谈：老旧小区改造", "线上协商：数字乡村", "请你来协商：停车难"}
    e = events["双月座谈：老旧小区改造"]
    assert str(e["uid"]) == f"consult-meeting-{hall.pk}@testserver"
    assert e.decoded("dtstart") == hall.starts_at and e.decoded("dtend") == hall.ends_at
    assert str(e.decoded("dtstart").tzinfo) == "Asia/Shanghai" and e["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert (str(e["location"]), str(e["status"])) == ("区政协三楼会议室", "CONFIRMED")
    assert "我的答复：待答复" in str(e["description"])
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    e = events["线上协商：数字乡村"]
    assert str(e["location"]) == str(e["url"]) == "https://meeting.example.cn/room/1"
    e = events["请你来协商：停车难"]
    assert str(e["status"]) == "CANCELLED" and "已取消：领导临时有公务" in str(e["description"])


def test_the_feed_follows_the_members_answers(client, org, three):
    hall = three[0]
    meetings.ask_leave(invitation=hall.invitations.get(member=org.member), actor=org.member_user, reason="出差")
    assert "我的答复：请假待审批" in str(_events(_feed(client, org.member))["双月座谈：老旧小区改造"]["description"])


def test_a_wrong_or_reset_token_is_404(client, org, three):
    assert client.get(reverse("consult:calendar_feed", args=["x" * 32])).status_code == 404
    old = calendar_feed(org.member).token
    client.force_login(org.member_user)
    response = client.post(reverse("consult:calendar_reset"), follow=True)
    assert "已生成新的日历订阅地址，原地址已失效" in response.content.decode()
    client.logout()
    assert client.get(reverse("consult:calendar_feed", args=[old])).status_code == 404
    new = calendar_feed(org.member).token
    assert new != old and len(_events(_feed(client, org.member))) == 3


def test_my_meetings_shows_the_members_own_feed_url_and_the_home_page_only_links_there(client, org):
    client.force_login(org.member_user)
    page = client.get(reverse("consult:my_meetings")).content.decode()
    assert f"http://testserver/consult/calendar/{calendar_feed(org.member).token}.ics" in page
    assert calendar_feed(org.member).token != calendar_feed(org.other_member).token
    home = client.get("/").content.decode()  # the page a member may open before others: no private address
    assert calendar_feed(org.member).token not in home and ".ics" not in home
    assert f'<a class="button secondary" href="{reverse("consult:my_meetings")}#calendar" data-testid="feed-link">' in home


def test_a_member_who_left_has_no_feed(client, org, three):
    token = calendar_feed(org.member).token
    type(org.member).objects.filter(pk=org.member.pk).update(active=False)
    assert client.get(reverse("consult:calendar_feed", args=[token])).status_code == 404

"""The member's home page: answering invitations and asking leave (with the yearly cap), online attendance,
this year's counts, and 委员荐题 with the member's topics and their states."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consult.meetings.enums import AttendanceStatus, InvitationState
from consult.models import Attendance, ConsultSettings, Invitation, Topic
from consult.topics.enums import TopicSource, TopicState
from tests.consult import builders as b

HOME = "/"


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _answer(client, invitation, **data):
    return client.post(reverse("consult:invitation_answer", args=[invitation.pk]), {"next": HOME, **data}, follow=True)


@pytest.fixture
def member(client, org):
    client.force_login(org.member_user)
    return client


def test_the_home_page_lists_the_invitation_and_the_member_accepts_it(member, org):
    m = b.notified(org)
    invitation = m.invitations.get(member=org.member)
    page = member.get(HOME).content.decode()
    assert m.title in page and "待答复" in page and "必须参加" in page
    response = _answer(member, invitation, answer="accept")
    assert response.redirect_chain == [(HOME, 302)]
    assert _messages(response) == ["已确认参加。"]
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED
    # now under "即将参加", with the leave form still open to them
    upcoming = response.context["consult_upcoming"]
    assert [i.pk for i in upcoming] == [invitation.pk] and response.context["consult_to_answer"] == []


def test_a_compulsory_invitation_cannot_be_declined_only_leave_with_a_reason(member, org):
    m = b.notified(org)
    invitation = m.invitations.get(member=org.member)
    assert 'value="decline"' not in member.get(HOME).content.decode()  # no button for it
    response = _answer(member, invitation, answer="decline")
    assert _messages(response) == ["本次活动须参加，不能参加的请请假并说明事由。"]
    response = _answer(member, invitation, answer="leave", reason="")
    assert _messages(response) == ["请假事由：该字段是必填项。"]
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.INVITED
    response = _answer(member, invitation, answer="leave", reason="赴省里参加培训")
    assert _messages(response) == ["请假申请已提交，等待工作人员审批。"]
    invitation.refresh_from_db()
    assert (invitation.state, invitation.leave_reason) == (InvitationState.LEAVE_REQUESTED, "赴省里参加培训")
    assert "请假待审批" in response.content.decode()


def test_a_sign_up_invitation_may_be_declined(member, org):
    m = b.meeting(org)
    from consult.meetings import services as meetings

    meetings.invite(meeting=m, actor=org.staff, members=[org.member], compulsory=False)
    meetings.notify(meeting=m, actor=org.staff)
    invitation = m.invitations.get(member=org.member)
    assert 'value="decline"' in member.get(HOME).content.decode()
    response = _answer(member, invitation, answer="decline")
    assert _messages(response) == ["已答复不参加。"]
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DECLINED


def test_leave_beyond_the_yearly_cap_is_refused_with_the_cap_in_the_message(member, org):
    ConsultSettings.objects.create(committee=org.county, leave_cap=1)
    first, second = b.notified(org, days=7), b.notified(org, days=8)
    _answer(member, first.invitations.get(member=org.member), answer="leave", reason="出差")
    invitation = second.invitations.get(member=org.member)
    response = _answer(member, invitation, answer="leave", reason="家中有事")
    year = timezone.localtime(second.starts_at).year
    assert _messages(response) == [f"{year} 年您已请假 1 次，已达南谯区政协每年 1 次的上限，不能再请假。"]
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.INVITED
    assert "今年已请假（含待审批）1 次，每年上限 1 次。" in response.content.decode()


def test_only_the_invited_member_answers(client, org):
    invitation = b.notified(org).invitations.get(member=org.member)
    client.force_login(org.far_member_user)  # cannot see it
    assert client.post(reverse("consult:invitation_answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    client.force_login(org.other_member_user)  # invited to the same meeting, but not this invitation
    assert client.post(reverse("consult:invitation_answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    client.force_login(org.staff)  # sees it, may not answer for the member
    assert client.post(reverse("consult:invitation_answer", args=[invitation.pk]), {"answer": "accept"}).status_code == 403
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.INVITED


def _online_now(org, mode="online"):
    """An online meeting notified earlier, started ten minutes ago."""
    m = b.notified(org, mode=mode)
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=10),
                                           ends_at=timezone.now() + dt.timedelta(hours=1))
    m.refresh_from_db()
    return m


def test_online_attendance_from_the_home_page_within_the_window(member, org):
    m = _online_now(org)
    page = member.get(HOME).content.decode()
    assert "https://meeting.example.cn/room/1" in page and "我已在线参会" in page
    url = reverse("consult:attend_online", args=[m.pk])
    response = member.post(url, {"next": HOME}, follow=True)
    assert _messages(response) == [f"已记录线上出席：{m.title}。"]
    row = Attendance.objects.get(meeting=m, member=org.member)
    assert (row.status, row.recorded_by) == (AttendanceStatus.ONLINE, org.member_user)
    response = member.post(url, {"next": HOME}, follow=True)
    assert _messages(response) == ["您已签到，无需重复操作。"]
    assert Attendance.objects.filter(meeting=m).count() == 1


def test_online_attendance_is_refused_outside_the_window_and_at_a_hall_meeting(member, org):
    later = b.notified(org, mode="online")  # a week ahead
    response = member.post(reverse("consult:attend_online", args=[later.pk]), {"next": HOME}, follow=True)
    [message] = _messages(response)
    assert message.startswith("签到尚未开始：签到时间为 ")
    hall = _online_now(org, mode="hall")
    response = member.post(reverse("consult:attend_online", args=[hall.pk]), {"next": HOME}, follow=True)
    assert _messages(response) == ["本次活动不是线上会议，请到会场扫码签到。"]
    assert not Attendance.objects.exists()


def test_this_years_counts_on_the_home_page(member, org):
    for status in ("present", "present", "online", "absent"):
        m = b.notified(org, members=[org.member])
        Attendance.objects.create(meeting=m, member=org.member, status=status)
    counts = member.get(HOME).context["consult_counts"]
    assert {k: counts[k] for k in ("present", "online", "leave", "absent")} == {
        "present": 2, "online": 1, "leave": 0, "absent": 1}


def test_a_member_recommends_a_topic_and_follows_its_state(member, org):
    response = member.get(reverse("consult:recommend"))
    assert [name for name in response.context["form"].fields] == [
        "title", "reason", "policy_basis", "situation", "problems", "directions"]
    response = member.post(reverse("consult:recommend"), {"title": "关于农村饮水安全的建议", "problems": "部分村水质不达标"},
                           follow=True)
    assert _messages(response) == ["议题已推荐，政协机关将开展预可研。"]
    topic = Topic.objects.get()
    assert (topic.source, topic.proposer, topic.committee, topic.state, topic.problems, topic.reason) == (
        TopicSource.MEMBER, org.member, org.county, TopicState.COLLECTED, "部分村水质不达标", "")
    assert "关于农村饮水安全的建议" in response.content.decode() and "已征集" in response.content.decode()
    from consult.topics import services as topics

    topics.drop(topic=topic, actor=org.staff, reason="与年度重点不符")
    page = member.get(reverse("consult:my_topics")).content.decode()
    assert "已放弃" in page and "不予采用理由：与年度重点不符" in page
    assert "关于农村饮水安全的建议" in member.get(HOME).content.decode()


def test_a_recommendation_without_a_title_is_refused(member, org):
    response = member.post(reverse("consult:recommend"), {"title": " ", "reason": "x"})
    assert response.status_code == 400
    assert "该字段是必填项。" in response.content.decode()
    assert not Topic.objects.exists()


def test_staff_without_a_member_record_have_no_recommend_page(client, org):
    client.force_login(org.staff)
    assert client.get(reverse("consult:recommend")).status_code == 403
    assert Invitation.objects.count() == 0


def test_the_home_pages_queries_do_not_grow_with_invitations_and_topics(member, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert member.get(HOME).status_code == 200
        return len(queries)

    b.make_invitations(org, 1)
    b.make_topics(org, 1)
    b.make_attendance(org, 1)
    member.get(HOME)  # the calendar feed's token is made on the first visit
    few = count()
    b.make_invitations(org, 24)
    b.make_topics(org, 24)
    b.make_attendance(org, 24)
    assert count() == few


def test_leave_for_a_meeting_that_was_then_cancelled_does_not_count_against_the_cap(member, org):
    """A bug fixed: leave_taken counted leave asked for a cancelled meeting, so the member lost a leave."""
    from consult.meetings import services as meetings

    ConsultSettings.objects.create(committee=org.county, leave_cap=1)
    first, second = b.notified(org, days=7), b.notified(org, days=8)
    _answer(member, first.invitations.get(member=org.member), answer="leave", reason="出差")
    meetings.cancel(meeting=first, actor=org.staff, reason="改期")
    response = _answer(member, second.invitations.get(member=org.member), answer="leave", reason="家中有事")
    assert _messages(response) == ["请假申请已提交，等待工作人员审批。"]
    assert "今年已请假（含待审批）1 次，每年上限 1 次。" in response.content.decode()


def test_the_year_counts_take_the_meetings_of_the_year_in_the_sites_time_zone(org):
    # consult.meetings.services.year_tallies (one SQL statement): attendance by status, speeches by state and
    # leave asked or granted, for meetings starting within the year as Beijing time bounds it
    from consult.member.selectors import year_counts
    from consult.models import Meeting, Speech

    tz = timezone.get_current_timezone()
    inside = [dt.datetime(2030, 1, 1, 0, 30, tzinfo=tz), dt.datetime(2030, 12, 31, 23, 30, tzinfo=tz)]
    outside = [dt.datetime(2029, 12, 31, 23, 30, tzinfo=tz), dt.datetime(2031, 1, 1, 0, 30, tzinfo=tz)]
    for when, status, speech in zip(inside + outside, ["present", "online", "present", "absent"],
                                    ["chosen", "registered", "chosen", "delivered"], strict=True):
        m = b.notified(org, members=[org.member])
        Meeting.objects.filter(pk=m.pk).update(starts_at=when, ends_at=when + dt.timedelta(hours=1))
        Attendance.objects.create(meeting=m, member=org.member, status=status)
        Speech.objects.create(meeting=m, member=org.member, kind="written", title="发言", text="内容", state=speech)
        Invitation.objects.filter(meeting=m, member=org.member).update(state=InvitationState.LEAVE_APPROVED)
    counts = year_counts(org.member, 2030)
    assert {k: counts[k] for k in ("present", "online", "leave", "absent", "speeches", "speeches_chosen",
                                   "leave_taken")} == {
        "present": 1, "online": 1, "leave": 0, "absent": 0, "speeches": 2, "speeches_chosen": 1, "leave_taken": 2}
    assert counts["leave_cap"] == 2  # no settings stored: the default
    ConsultSettings.objects.create(committee=org.county, leave_cap=4)
    assert year_counts(org.member, 2030)["leave_cap"] == 4  # read by the same statement
    ConsultSettings.objects.create(committee=org.other_county, leave_cap=9)  # another committee's: not ours
    assert year_counts(org.member, 2030)["leave_cap"] == 4

"""The staff pages of consultation (/consult/…), as staff and readers see and use them: topics through the
pipeline, the plan's frequency standing, meetings with leave, attendance and 不调研不协商, outcomes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consult.meetings import services as meetings
from consult.meetings.enums import AttendanceStatus, InvitationState, MeetingState
from consult.models import Attendance, Instruction, PlanItem, Topic
from consult.topics.enums import TopicState
from tests.consult import builders as b


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _started(m):
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    return m


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_topic_list_filters_by_state_source_and_title(org):
    wanted = b.prestudy(org, title="关于加快老旧小区电梯加装的建议")
    b.collected(org, title="关于改善农村饮水安全的建议")
    r = _client(org.staff).get(reverse("consult:topics"), {"state": "prestudy", "source": "member", "q": "电梯"})
    assert r.status_code == 200
    assert [t.pk for t in r.context["page"]] == [wanted.pk]
    assert "关于加快老旧小区电梯加装的建议" in r.content.decode()
    assert "农村饮水" not in r.content.decode()


def test_a_bad_filter_value_shows_the_field_error_and_filters_nothing(org):
    b.collected(org)
    r = _client(org.staff).get(reverse("consult:topics"), {"state": "nonsense", "year": "abc"})
    assert r.status_code == 200
    assert r.context["form"].errors.keys() == {"state", "year"}
    assert len(r.context["page"]) == 1


def test_staff_record_an_assigned_topic(org):
    r = _client(org.staff).post(reverse("consult:topic_create"), {
        "committee": org.county.pk, "title": "关于优化营商环境的协商", "source": "assigned", "reason": "区委点题"})
    topic = Topic.objects.get(title="关于优化营商环境的协商")
    assert r.status_code == 302 and r["Location"] == reverse("consult:topic", args=[topic.pk])
    assert (topic.source, topic.state, topic.reason, topic.proposer) == ("assigned", TopicState.COLLECTED, "区委点题", None)
    page = _client(org.staff).get(r["Location"]).content.decode()
    assert "党委政府点题" in page and "区委点题" in page


def test_staff_cannot_record_a_topic_for_a_committee_they_do_not_manage(org):
    r = _client(org.staff).post(reverse("consult:topic_create"), {
        "committee": org.other_county.pk, "title": "越权录入", "source": "assigned"})
    assert r.status_code == 200
    assert "选择一个有效的选项" in _messages(r)[0]
    assert not Topic.objects.filter(title="越权录入").exists()


def test_discuss_is_refused_on_the_page_until_the_five_elements_are_complete(org):
    topic = b.prestudy(org, policy_basis="", directions="")
    c = _client(org.staff)
    r = c.post(reverse("consult:topic_act", args=[topic.pk, "discuss"]), {"note": ""}, follow=True)
    assert "预可研五要素尚未填写完整，缺少：政策依据、建言方向。" in _messages(r)
    topic.refresh_from_db()
    assert topic.state == TopicState.PRESTUDY
    c.post(reverse("consult:topic_prestudy", args=[topic.pk]), {**b.PRESTUDY, "title": topic.title})
    r = c.post(reverse("consult:topic_act", args=[topic.pk, "discuss"]), {"note": "报区委"}, follow=True)
    assert "已执行：提交商题。" in _messages(r)
    topic.refresh_from_db()
    assert topic.state == TopicState.DISCUSSING
    assert "预可研 → 商题中" in r.content.decode()  # the timeline row


def test_approve_into_the_plan_and_the_standing_at_the_top_of_the_plan(org):
    topic = b.discussing(org)
    plan = b.plan(org)
    c = _client(org.staff)
    r = c.post(reverse("consult:topic_act", args=[topic.pk, "approve"]),
               {"plan": plan.pk, "meeting_type": "special", "quarter": "4", "units": [org.unit.pk]}, follow=True)
    assert "已执行：定题并列入年度计划。" in _messages(r)
    item = PlanItem.objects.get(topic=topic)
    assert (item.plan, item.quarter, list(item.units.all())) == (plan, 4, [org.unit])
    page = c.get(reverse("consult:plan", args=[plan.pk])).content.decode()
    assert "已召开 0 次，要求 4 次；下一次计划于第4季度" in page
    assert "计划未达到频次要求" in page and "各类协商：计划 1 次，要求至少 4 次" in page


def test_a_reader_sees_the_topic_without_buttons_and_may_not_act(org):
    topic = b.collected(org)
    page = _client(org.office).get(reverse("consult:topic", args=[topic.pk])).content.decode()
    assert topic.title in page and "选题案由" in page
    assert 'data-testid="topic-actions"' not in page and "<form" not in page.split('data-testid="prestudy"')[1]
    r = _client(org.office).post(reverse("consult:topic_act", args=[topic.pk, "start_prestudy"]))
    assert r.status_code == 403
    topic.refresh_from_db()
    assert topic.state == TopicState.COLLECTED


def test_drop_needs_a_reason(org):
    topic = b.collected(org)
    c = _client(org.staff)
    r = c.post(reverse("consult:topic_act", args=[topic.pk, "drop"]), {"reason": ""}, follow=True)
    assert "理由：该字段是必填项。" in _messages(r)
    topic.refresh_from_db()
    assert topic.state == TopicState.COLLECTED
    c.post(reverse("consult:topic_act", args=[topic.pk, "drop"]), {"reason": "与年度重点工作重复"})
    topic.refresh_from_db()
    assert (topic.state, topic.drop_reason) == (TopicState.DROPPED, "与年度重点工作重复")


def test_research_recorded_on_the_topic_page(org):
    topic = b.planned(org)
    r = _client(org.staff).post(reverse("consult:topic_research", args=[topic.pk]), {
        "kind": "inspection", "start_date": "2026-04-01", "end_date": "2026-04-02", "places": "珠龙镇",
        "participants": [org.member.pk], "report": "视察发现问题三项。"}, follow=True)
    assert "调研视察记录已保存。" in _messages(r)
    topic.refresh_from_db()
    assert topic.state == TopicState.RESEARCHING
    assert "视察发现问题三项。" in r.content.decode() and "张委员" in r.content.decode()


def test_hold_refused_on_the_page_without_research(org):
    topic = b.planned(org)
    m = _started(b.notified(org, topic))
    c = _client(org.staff)
    page = c.get(reverse("consult:meeting", args=[m.pk])).content.decode()
    assert "尚无调研视察记录（不调研不协商）" in page
    r = c.post(reverse("consult:meeting_act", args=[m.pk, "hold"]), follow=True)
    assert _messages(r) == [
        f"不调研不协商：议题《{topic.title}》还没有调研或视察记录（调研日期、地点、参加委员和调研报告），不能标记为已召开。"]
    m.refresh_from_db()
    assert m.state == MeetingState.NOTIFIED
    b.research(org, topic)
    r = c.post(reverse("consult:meeting_act", args=[m.pk, "hold"]), follow=True)
    assert "已执行：标记为已召开。" in _messages(r)
    m.refresh_from_db()
    assert m.state == MeetingState.HELD


def test_invite_leave_and_attendance_on_the_meeting_page(org):
    m = b.notified(org, members=[org.member])
    c = _client(org.staff)
    c.post(reverse("consult:meeting_invite", args=[m.pk]), {"members": [org.other_member.pk], "compulsory": "0"})
    invitation = m.invitations.get(member=org.other_member)
    assert invitation.compulsory is False
    mine = m.invitations.get(member=org.member)
    meetings.ask_leave(invitation=mine, actor=org.member_user, reason="外出学习")
    page = c.get(reverse("consult:meeting", args=[m.pk])).content.decode()
    assert "外出学习" in page and 'data-testid="refuse-leave"' in page
    r = c.post(reverse("consult:leave_decide", args=[mine.pk]), {"approve": "0", "note": ""}, follow=True)
    assert "请填写审批意见。" in _messages(r)
    mine.refresh_from_db()
    assert mine.state == InvitationState.LEAVE_REQUESTED
    c.post(reverse("consult:leave_decide", args=[mine.pk]), {"approve": "0", "note": "本次会议须本人参加"})
    mine.refresh_from_db()
    assert (mine.state, mine.decision_note) == (InvitationState.LEAVE_REFUSED, "本次会议须本人参加")
    c.post(reverse("consult:meeting_attendance", args=[m.pk]), {"member": org.member.pk, "status": "present"})
    r = c.post(reverse("consult:meeting_attendance", args=[m.pk]), {"member": org.member.pk, "status": "absent"},
               follow=True)
    assert "更正出勤记录须说明原因。" in _messages(r)
    assert Attendance.objects.get(meeting=m, member=org.member).status == AttendanceStatus.PRESENT
    c.post(reverse("consult:meeting_attendance", args=[m.pk]),
           {"member": org.member.pk, "status": "absent", "reason": "签到后提前离会"})
    row = Attendance.objects.get(meeting=m, member=org.member)
    assert (row.status, row.corrected, row.note) == (AttendanceStatus.ABSENT, True, "签到后提前离会")


def test_online_meeting_shows_its_link_and_the_calendar_shows_the_meeting(org):
    m = b.notified(org, mode="online", venue="", days=3)
    c = _client(org.leader)
    page = c.get(reverse("consult:meeting", args=[m.pk])).content.decode()
    assert "https://meeting.example.cn/room/1" in page
    assert 'data-testid="meeting-actions"' not in page and 'data-testid="invite-form"' not in page
    day = timezone.localtime(m.starts_at)
    r = c.get(reverse("consult:calendar"), {"month": f"{day.year}-{day.month:02d}"})
    cells = [meetings_ for week in r.context["weeks"] for d, meetings_ in week if d == day.date()]
    assert cells == [[m]]
    assert m.title in r.content.decode()


def test_plan_item_added_and_revised_until_held(org):
    plan = b.plan(org)
    c = _client(org.staff)
    r = c.post(reverse("consult:plan_item_add", args=[plan.pk]), {"title": "双月座谈", "meeting_type": "bimonthly",
                                                                  "month": "5"}, follow=True)
    assert "计划事项已添加。" in _messages(r)
    item = plan.items.get(title="双月座谈")
    assert item.quarter == 2
    r = c.post(reverse("consult:plan_item_edit", args=[item.pk]), {"title": "双月协商座谈", "meeting_type": "bimonthly",
                                                                  "month": "4", "quarter": "3"})
    assert "4月不在第3季度。" in _messages(r)
    item.refresh_from_db()
    assert (item.title, item.month) == ("双月座谈", 5)
    c.post(reverse("consult:plan_item_edit", args=[item.pk]), {"title": "双月协商座谈", "meeting_type": "bimonthly",
                                                              "month": "6"})
    item.refresh_from_db()
    assert (item.title, item.month) == ("双月协商座谈", 6)


def test_outcome_recorded_sent_and_instructed_with_due_dates_and_overdue(org):
    topic = b.researching(org)
    m = b.held(org, topic)
    c = _client(org.staff)
    r = c.post(reverse("consult:outcome_create"), {"meeting": m.pk, "kind": "proposal", "title": "关于加装电梯的建议案",
                                                   "text_body": "建议如下。", "recommendations": "简化审批\n\n设立补助"})
    outcome = topic.outcomes.get()
    assert r["Location"] == reverse("consult:outcome", args=[outcome.pk])
    assert [x.text for x in outcome.recommendations.all()] == ["简化审批", "设立补助"]
    c.post(reverse("consult:outcome_send", args=[outcome.pk]), {"units": [org.unit.pk, org.other_unit.pk]})
    c.post(reverse("consult:outcome_instruct", args=[outcome.pk]), {
        "leader": "区委书记", "instructed_on": timezone.localdate().isoformat(), "text_body": "请抓好落实",
        "units": [org.other_unit.pk]})
    assert Instruction.objects.get(outcome=outcome).leader == "区委书记"
    from supervision.models import Obligation

    sending = outcome.sendings.get(unit=org.unit)
    Obligation.objects.filter(subject_id=sending.pk, kind="outcome_reply", state="open").update(
        due_date=timezone.localdate() - dt.timedelta(days=1))
    r = c.get(reverse("consult:outcome", args=[outcome.pk]))
    rows = {s.unit_id: s for s in r.context["sendings"]}
    assert rows[org.unit.pk].due_date == timezone.localdate() - dt.timedelta(days=1)
    assert rows[org.other_unit.pk].due_date >= timezone.localdate() + dt.timedelta(days=85)  # the 3-month loop
    page = r.content.decode()
    assert page.count('data-testid="overdue"') == 1 and "区委书记" in page


@pytest.mark.parametrize("user", ["office", "leader"])
def test_readers_have_no_create_buttons(org, user):
    for name in ("consult:topics", "consult:meetings"):
        page = _client(getattr(org, user)).get(reverse(name)).content.decode()
        assert 'data-testid="topic-create"' not in page and 'data-testid="meeting-create"' not in page


def test_home_and_nav_link_to_the_consult_pages(org):
    page = _client(org.staff).get(reverse("home")).content.decode()
    assert reverse("consult:topics") in page and reverse("consult:plans") in page
    page = _client(org.unit_user).get(reverse("home")).content.decode()
    assert reverse("consult:sendings") in page and reverse("consult:topics") not in page


def test_organise_an_online_meeting_needs_its_link(org):
    from consult.models import Meeting

    topic = b.planned(org)
    c = _client(org.staff)
    form = c.get(reverse("consult:meeting_create"), {"topic": topic.pk}).context["form"]
    assert (form.initial["topic"], form.initial["title"]) == (topic, topic.title)
    data = {"committee": org.county.pk, "title": "线上协商会", "meeting_type": "invite_you", "mode": "online",
            "starts_at": "2030-05-06T09:00", "ends_at": "2030-05-06T11:00", "topic": topic.pk}
    r = c.post(reverse("consult:meeting_create"), data)
    assert r.status_code == 200 and _messages(r) == ["请填写视频会议链接。"]
    assert not Meeting.objects.exists()
    r = c.post(reverse("consult:meeting_create"), {**data, "video_url": "https://meeting.example.cn/room/9"})
    m = Meeting.objects.get()
    assert r["Location"] == reverse("consult:meeting", args=[m.pk])
    assert (m.topic, m.plan_item, m.state) == (topic, topic.plan_item, MeetingState.PLANNED)


def test_a_plan_per_committee_and_year_once(org):
    c = _client(org.staff)
    r = c.post(reverse("consult:plan_create"), {"committee": org.county.pk, "year": "2031", "title": ""})
    plan = org.county.consult_plans.get(year=2031)
    assert r["Location"] == reverse("consult:plan", args=[plan.pk])
    r = c.post(reverse("consult:plan_create"), {"committee": org.county.pk, "year": "2031"}, follow=True)
    assert _messages(r)[-1] == "南谯区政协 2031 年度的协商计划已经存在。"
    assert org.county.consult_plans.count() == 1


def test_a_plan_item_whose_meeting_was_held_cannot_be_revised(org):
    topic = b.researching(org)
    b.held(org, topic)
    item = topic.plan_item
    c = _client(org.staff)
    page = c.get(reverse("consult:plan", args=[item.plan_id])).content.decode()
    assert reverse("consult:plan_item_edit", args=[item.pk]) not in page
    assert "已召开 1 次，要求 4 次" in page
    r = c.post(reverse("consult:plan_item_edit", args=[item.pk]), {"title": "改名", "meeting_type": "special"})
    assert _messages(r) == [f"计划事项“{item.title}”已召开协商活动，不能再修改。"]
    item.refresh_from_db()
    assert item.title != "改名"

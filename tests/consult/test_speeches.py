"""Plenary speeches (大会发言): a member registers one for a plenary of their committee before it is held,
once; staff of the committee choose or decline it (with a reason) and mark it delivered after the meeting;
scoping as invitations; the pages and the API show and refuse the same."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from consult.errors import ConsultError, ConsultPermissionError
from consult.meetings import services as meetings
from consult.models import Speech
from consult.speeches import services as speeches
from consult.speeches.enums import SpeechState
from portal.audit import timeline
from tests.consult import builders as b


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _refused(fn, message, **kwargs):
    with pytest.raises(ConsultError) as exc:
        fn(**kwargs)
    assert exc.value.message == message
    return exc.value


def test_a_member_registers_a_speech_and_staff_choose_and_mark_it_delivered(org):
    sp = b.speech(org, kind="written", title="关于发展县域数字经济的建议")
    assert (sp.state, sp.kind, sp.member, sp.meeting.meeting_type) == (SpeechState.REGISTERED, "written", org.member,
                                                                       "plenary")
    sp = speeches.choose(speech=sp, actor=org.staff, note="收入大会书面发言材料")
    assert (sp.state, sp.decision_note, sp.decided_by) == (SpeechState.CHOSEN, "收入大会书面发言材料", org.staff)
    _refused(speeches.deliver, "会议尚未召开，不能标记为已发言。", speech=sp, actor=org.staff)
    m = sp.meeting
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    meetings.hold(meeting=m, actor=org.staff)
    sp.refresh_from_db()
    sp = speeches.deliver(speech=sp, actor=org.staff)
    assert sp.state == SpeechState.DELIVERED
    assert [(r.action, r.from_state, r.to_state) for r in timeline(sp)] == [
        ("create", "", "registered"), ("choose", "registered", "chosen"), ("deliver", "chosen", "delivered")]


def test_registration_is_refused_for_a_meeting_not_a_plenary_held_or_twice(org):
    special = b.notified(org, meeting_type="special")
    _refused(speeches.register, f"“{special.title}”不是全体会议，只有全体会议可以登记大会发言。", meeting=special,
             actor=org.member_user, kind="oral", title="发言", text_body="全文")
    plenary = b.plenary(org)
    b.speech(org, meeting=plenary)
    _refused(speeches.register, "您已在本次会议登记过发言，每次会议只能登记一篇。", meeting=plenary,
             actor=org.member_user, kind="written", title="再一篇", text_body="全文")
    type(plenary).objects.filter(pk=plenary.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    plenary.refresh_from_db()
    _refused(speeches.register, "会议已召开，不能再登记发言。", meeting=plenary, actor=org.other_member_user,
             kind="oral", title="发言", text_body="全文")
    _refused(speeches.register, "请填写发言题目。", meeting=b.plenary(org), actor=org.member_user, kind="oral",
             title="  ", text_body="全文")
    _refused(speeches.register, "未知的发言方式：song。", meeting=b.plenary(org), actor=org.member_user, kind="song",
             title="发言", text_body="全文")
    assert Speech.objects.count() == 1


def test_a_member_of_another_committee_and_staff_cannot_register(org):
    plenary = b.plenary(org)
    _refused(speeches.register, f"您不是{org.county.name}的委员，不能在本次会议登记发言。",
             meeting=plenary, actor=org.far_member_user, kind="oral", title="发言", text_body="全文")
    with pytest.raises(ConsultPermissionError):
        speeches.register(meeting=plenary, actor=org.staff, kind="oral", title="发言", text_body="全文")
    assert not Speech.objects.exists()


def test_only_staff_of_the_committee_decide_and_declining_needs_a_reason(org):
    sp = b.speech(org)
    for user in (org.member_user, org.office, org.leader, org.other_staff):
        with pytest.raises(ConsultPermissionError):
            speeches.choose(speech=sp, actor=user)
    _refused(speeches.decline, "请填写处理意见。", speech=sp, actor=org.staff, note="")
    sp = speeches.decline(speech=sp, actor=org.staff, note="与其他发言主题重复")
    assert sp.state == SpeechState.DECLINED
    _refused(speeches.choose, "当前状态为“未选用”，不能变更为“已选用”。只有处于以下状态时才可以：已登记。", speech=sp,
             actor=org.staff)


def test_scoping_a_member_sees_their_own_staff_of_the_committee_all(org):
    mine = b.speech(org)
    theirs = b.speech(org, meeting=mine.meeting, user=org.other_member_user)
    assert [r["id"] for r in _api(org.member_user).get("/api/v1/consult-speeches/").json()["results"]] == [mine.pk]
    assert _api(org.member_user).get(f"/api/v1/consult-speeches/{theirs.pk}/").status_code == 404
    assert {r["id"] for r in _api(org.staff).get("/api/v1/consult-speeches/").json()["results"]} == {mine.pk, theirs.pk}
    assert {r["id"] for r in _api(org.leader).get("/api/v1/consult-speeches/").json()["results"]} == {mine.pk, theirs.pk}
    assert _api(org.other_staff).get("/api/v1/consult-speeches/").json()["results"] == []
    assert _api(org.other_staff).post(f"/api/v1/consult-speeches/{mine.pk}/choose/", {}, format="json").status_code == 404
    response = _api(org.member_user).post(f"/api/v1/consult-speeches/{mine.pk}/choose/", {}, format="json")
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.state == SpeechState.REGISTERED


def test_api_registers_and_refuses_bad_input_with_a_chinese_message(org):
    plenary = b.plenary(org)
    member = _api(org.member_user)
    url = "/api/v1/consult-speeches/"
    response = member.post(url, {"meeting": plenary.pk, "speech_kind": "oral", "title": "发言", "text": "x" * 20_001},
                           format="json")
    assert response.status_code == 400 and "text" in response.json()
    response = member.post(url, {"meeting": plenary.pk, "speech_kind": "sing", "title": "发言", "text": "全文"}, format="json")
    assert response.status_code == 400 and "speech_kind" in response.json()
    special = b.notified(org, meeting_type="special")
    response = member.post(url, {"meeting": special.pk, "speech_kind": "oral", "title": "发言", "text": "全文"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == f"“{special.title}”不是全体会议，只有全体会议可以登记大会发言。"
    created = member.post(url, {"meeting": plenary.pk, "speech_kind": "oral", "title": "关于乡村振兴的发言", "text": "全文"},
                          format="json")
    assert created.status_code == 201
    assert (created.json()["state_display"], created.json()["kind_display"]) == ("已登记", "口头发言（上台）")
    assert _api(org.staff).get(url, {"state": "nonsense"}).status_code == 400
    assert [r["id"] for r in _api(org.staff).get(url, {"state": "registered", "meeting": plenary.pk}).json()["results"]] == [
        created.json()["id"]]
    declined = _api(org.staff).post(f"{url}{created.json()['id']}/decline/", {}, format="json")
    assert declined.status_code == 400 and declined.json()["detail"] == "请填写处理意见。"


def test_the_member_registers_from_their_meetings_page_and_sees_the_decision(org, client):
    plenary = b.plenary(org)
    client.force_login(org.member_user)
    page = client.get(reverse("consult:my_meetings")).content.decode()
    assert f"为“{plenary.title}”登记发言" in page and "还没有登记大会发言。" in page
    response = client.post(reverse("consult:speech_register", args=[plenary.pk]),
                           {"kind": "written", "title": "关于发展县域特色产业的建议", "text": "书面发言全文。"}, follow=True)
    page = response.content.decode()
    assert "大会发言已登记，等待政协机关选用。" in page
    assert "关于发展县域特色产业的建议" in page and "已登记" in page
    assert f"为“{plenary.title}”登记发言" not in page  # registered once: no second form
    sp = Speech.objects.get()
    speeches.decline(speech=sp, actor=org.staff, note="篇幅过长")
    page = client.get(reverse("consult:my_meetings")).content.decode()
    assert "未选用" in page and "篇幅过长" in page


def test_staff_decide_on_the_meeting_page_and_readers_only_see(org, client):
    sp = b.speech(org, title="关于加强基层医疗的发言")
    url = reverse("consult:meeting", args=[sp.meeting_id])
    client.force_login(org.leader)
    page = client.get(url).content.decode()
    assert "关于加强基层医疗的发言" in page and 'data-testid="speech-choose"' not in page
    assert client.post(reverse("consult:speech_act", args=[sp.pk, "choose"])).status_code == 403
    client.force_login(org.staff)
    page = client.get(url).content.decode()
    assert 'data-testid="speech-choose"' in page
    response = client.post(reverse("consult:speech_act", args=[sp.pk, "choose"]), follow=True)
    assert "已执行：选用。" in response.content.decode()
    sp.refresh_from_db()
    assert sp.state == SpeechState.CHOSEN
    response = client.post(reverse("consult:speech_act", args=[sp.pk, "deliver"]), follow=True)
    assert "会议尚未召开，不能标记为已发言。" in response.content.decode()
    client.force_login(org.other_staff)
    assert client.get(url).status_code == 404
    assert client.post(reverse("consult:speech_act", args=[sp.pk, "decline"]), {"note": "x"}).status_code == 404
    # a meeting that is not a plenary has no speeches section
    client.force_login(org.staff)
    other = b.notified(org, meeting_type="special")
    assert 'data-testid="speeches"' not in client.get(reverse("consult:meeting", args=[other.pk])).content.decode()


@time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_the_member_home_counts_this_years_speeches(org, client):
    sp = b.speech(org)
    speeches.choose(speech=sp, actor=org.staff)
    b.speech(org)
    b.speech(org, user=org.other_member_user)  # another member's: not counted
    client.force_login(org.member_user)
    page = client.get(reverse("home")).content.decode()
    assert "大会发言：登记 2 篇，选用 1 篇。" in page


def _speech_decision(sp):
    from supervision.enums import ObligationKind
    from supervision.services import obligations_for

    return obligations_for(sp, ObligationKind.CONSULT_SPEECH_DECISION).get()


def test_staff_owe_a_decision_on_a_registered_speech_which_falls_due_and_is_met_by_choosing(org):
    from supervision.enums import ObligationState, OwnerKind
    from supervision.models import Reminder
    from supervision.services import run_sweep

    tz = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=tz), tick=False):  # Monday
        far = b.plenary(org, starts_at=dt.datetime(2027, 3, 26, 9, tzinfo=tz), ends_at=dt.datetime(2027, 3, 26, 12, tzinfo=tz))
        near = b.plenary(org, starts_at=dt.datetime(2027, 3, 4, 9, tzinfo=tz), ends_at=dt.datetime(2027, 3, 4, 12, tzinfo=tz))
        early = b.speech(org, meeting=far, title="关于发展县域数字经济的建议")
        late = b.speech(org, meeting=near)
        owed = _speech_decision(early)
        assert (owed.owner_kind, owed.state, owed.due_date) == (OwnerKind.STAFF, ObligationState.OPEN,
                                                                dt.date(2027, 3, 8))  # five working days
        assert owed.display_title == f"选用{org.member.name}的大会发言《关于发展县域数字经济的建议》：{far.title}"
        assert _speech_decision(late).due_date == dt.date(2027, 3, 3)  # the day before the plenary
    with time_machine.travel(dt.datetime(2027, 3, 9, 10, tzinfo=tz), tick=False):
        run_sweep()
        owed.refresh_from_db()
        assert owed.state == ObligationState.OVERDUE
        assert "due" in set(Reminder.objects.filter(obligation=owed).values_list("stage", flat=True))
        speeches.choose(speech=early, actor=org.staff)
        owed.refresh_from_db()
        assert owed.state == ObligationState.MET and owed.met_at.date() == dt.date(2027, 3, 9)
        speeches.decline(speech=late, actor=org.staff, note="大会议程已满")
    assert _speech_decision(late).state == ObligationState.MET


def test_staff_see_undecided_speeches_with_their_due_date_and_a_cancelled_plenary_waives_them(org, client):
    from supervision.enums import ObligationState

    sp = b.speech(org)
    client.force_login(org.staff)
    page = client.get(reverse("home")).content.decode()
    assert "大会发言选用" in page
    due = _speech_decision(sp).due_date
    page = client.get(reverse("consult:meeting", args=[sp.meeting_id])).content.decode()
    assert f"须于 {due:%Y-%m-%d} 前决定是否选用" in page
    assert "大会发言选用" not in (client.force_login(org.other_staff) or client.get(reverse("home")).content.decode())
    meetings.cancel(meeting=sp.meeting, actor=org.staff, reason="会期调整")
    assert _speech_decision(sp).state == ObligationState.WAIVED
    client.force_login(org.staff)
    assert "大会发言选用" not in client.get(reverse("home")).content.decode()
    assert "前决定是否选用" not in client.get(reverse("consult:meeting", args=[sp.meeting_id])).content.decode()

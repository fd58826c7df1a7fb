"""Obligations: due dates, the transition table, overdue marking, policies, and who sees what."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.audit import timeline
from supervision.calendar import Months, Workdays
from supervision.enums import ObligationKind, ObligationState, OwnerKind
from supervision.models import Obligation, ReminderPolicy
from supervision.services import (
    ObligationError,
    create_obligation,
    extend_obligation,
    mark_overdue,
    meet_obligation,
    obligations_for,
    policy_for,
    waive_obligation,
)

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def make(org, *, owner="unit", due=None, start=None, subject=None, kind=ObligationKind.GENERIC, **kw):
    owners = {
        "unit": {"owner_kind": OwnerKind.UNIT, "owner_unit": kw.pop("unit", org.unit)},
        "member": {"owner_kind": OwnerKind.MEMBER, "owner_member": kw.pop("member", org.member)},
        "staff": {"owner_kind": OwnerKind.STAFF},
    }[owner]
    due = due or timezone.localdate() + dt.timedelta(days=30)
    return create_obligation(
        subject=subject, committee=kw.pop("committee", org.county), kind=kind, title=kw.pop("title", "答复关于教育的提案"),
        due_date=due, start_date=start, **owners, **kw,
    )


def actions(obligation):
    return [(c.action, c.from_state, c.to_state) for c in timeline(obligation)]


# ---------------------------------------------------------------- creating


def test_create_obligation_counts_working_days_across_national_day(org):
    obligation = make(org, start=D(2026, 9, 28), due=Workdays(7))
    assert obligation.due_date == D(2026, 10, 13)
    assert obligation.original_due_date == D(2026, 10, 13)
    assert obligation.state == ObligationState.OPEN


def test_create_obligation_counts_calendar_months_clamped(org):
    assert make(org, start=D(2026, 11, 30), due=Months(3)).due_date == D(2027, 2, 28)


@time_machine.travel(at(2026, 9, 1, 10), tick=False)
def test_create_obligation_schedules_the_first_reminder_and_logs_it(org):
    obligation = make(org, due=D(2026, 10, 15))
    assert obligation.start_date == D(2026, 9, 1)
    assert obligation.next_reminder_at == at(2026, 10, 1)  # 14 days before, 09:00
    assert actions(obligation) == [("create", "", "open")]


@time_machine.travel(at(2026, 10, 13, 10), tick=False)
def test_create_obligation_due_soon_reminds_at_once_for_todays_stage(org):
    obligation = make(org, due=D(2026, 10, 16))  # 3 days ahead: the before-3 stage fired at 09:00 today
    assert obligation.next_reminder_at == at(2026, 10, 13)


@time_machine.travel(at(2026, 10, 13, 10), tick=False)
def test_create_obligation_skips_stages_before_its_start(org):
    obligation = make(org, due=D(2026, 10, 20))  # before-14 (6 Oct) passed before it existed
    assert obligation.next_reminder_at == at(2026, 10, 17)


def test_create_obligation_rejects_missing_owner_and_early_due_date(org):
    with pytest.raises(ObligationError, match="必须指定责任单位"):
        make(org, unit=None)
    with pytest.raises(ObligationError, match="不能早于起算日期"):
        make(org, start=D(2026, 10, 1), due=D(2026, 9, 1))
    assert Obligation.objects.count() == 0


# ---------------------------------------------------------------- transitions


def test_meet_by_subject_meets_pending_ones_of_that_kind_only(org):
    reply = make(org, subject=org.unit, kind=ObligationKind.PROPOSAL_REPLY)
    contact = make(org, subject=org.unit, kind=ObligationKind.PROPOSAL_CONTACT)
    assert meet_obligation(subject=org.unit, kind=ObligationKind.PROPOSAL_REPLY, actor=org.unit_user) == 1
    reply.refresh_from_db()
    contact.refresh_from_db()
    assert (reply.state, contact.state) == (ObligationState.MET, ObligationState.OPEN)
    assert reply.met_at is not None and reply.next_reminder_at is None
    assert actions(reply)[-1] == ("meet", "open", "met")
    assert set(obligations_for(org.unit)) == {reply, contact}
    assert meet_obligation(subject=org.unit, kind=ObligationKind.PROPOSAL_REPLY) == 0


def test_meet_by_subject_and_owner_unit(org):
    ours = make(org, subject=org.county, unit=org.unit)
    theirs = make(org, subject=org.county, unit=org.other_unit)
    assert meet_obligation(subject=org.county, owner_unit=org.other_unit) == 1
    assert Obligation.objects.get(pk=ours.pk).state == ObligationState.OPEN
    assert Obligation.objects.get(pk=theirs.pk).state == ObligationState.MET


def test_illegal_transition_raises_in_chinese_and_changes_nothing(org):
    obligation = make(org)
    waive_obligation(obligation, note="提案已撤回")
    with pytest.raises(ObligationError, match="当前状态为“已免除”，不能变更为“已完成”。只有处于以下状态时才可以：办理中、已逾期、已延期。"):
        meet_obligation(obligation)
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.WAIVED
    assert [a for a, _, _ in actions(obligation)] == ["create", "waive"]


@time_machine.travel(at(2026, 9, 1, 10), tick=False)
def test_extend_moves_the_due_date_and_restarts_reminders(org):
    obligation = make(org, due=D(2026, 9, 10))
    extended = extend_obligation(obligation, new_due_date=Months(2), actor=org.staff, note="延期申请已批准")
    assert (extended.state, extended.due_date, extended.original_due_date) == (
        ObligationState.EXTENDED, D(2026, 11, 10), D(2026, 9, 10))
    assert extended.next_reminder_at == at(2026, 10, 27)
    change = list(timeline(extended))[-1]
    assert (change.action, change.actor, change.to_state) == ("extend", org.staff, "extended")
    assert "由 2026-09-10 延至 2026-11-10" in change.note and "延期申请已批准" in change.note


def test_extend_to_an_earlier_date_is_refused(org):
    obligation = make(org, start=D(2026, 9, 1), due=D(2026, 10, 15))
    with pytest.raises(ObligationError, match="必须晚于当前截止日期"):
        extend_obligation(obligation, new_due_date=D(2026, 10, 1))
    assert Obligation.objects.get(pk=obligation.pk).due_date == D(2026, 10, 15)


def test_mark_overdue_marks_only_pending_ones_past_due(org):
    late = make(org, start=D(2026, 9, 1), due=D(2026, 10, 15))
    due_today = make(org, start=D(2026, 9, 1), due=D(2026, 10, 16))
    met = make(org, start=D(2026, 9, 1), due=D(2026, 10, 1))
    meet_obligation(met)
    assert mark_overdue(today=D(2026, 10, 16)) == 1
    assert mark_overdue(today=D(2026, 10, 16)) == 0
    states = dict(Obligation.objects.values_list("pk", "state"))
    assert states == {late.pk: "overdue", due_today.pk: "open", met.pk: "met"}
    assert actions(late)[-1] == ("overdue", "open", "overdue")


def test_overdue_obligation_can_still_be_met(org):
    obligation = make(org, start=D(2026, 9, 1), due=D(2026, 10, 15))
    mark_overdue(today=D(2026, 10, 20))
    assert meet_obligation(obligation) == 1
    assert [a for a, _, _ in actions(obligation)] == ["create", "overdue", "meet"]


# ---------------------------------------------------------------- policies


def test_policy_lookup_prefers_the_most_specific(org):
    kind = ObligationKind.PROPOSAL_REPLY
    assert policy_for(org.county.pk, kind).days_before == (14, 3)  # built-in default
    ReminderPolicy.objects.create(committee=None, kind="", days_before="10")
    assert policy_for(org.county.pk, kind).days_before == (10,)
    ReminderPolicy.objects.create(committee=None, kind=kind, days_before="9")
    assert policy_for(org.county.pk, kind).days_before == (9,)
    ReminderPolicy.objects.create(committee=org.county, kind="", days_before="8")
    assert policy_for(org.county.pk, kind).days_before == (8,)
    ReminderPolicy.objects.create(committee=org.county, kind=kind, days_before="30,7", channels="inapp")
    policy = policy_for(org.county.pk, kind)
    assert (policy.days_before, policy.channels) == ((30, 7), ("inapp",))
    assert policy_for(org.other_county.pk, kind).days_before == (9,)
    assert policy_for(org.other_county.pk, ObligationKind.REVIEW).days_before == (10,)


def test_reminder_policy_api_is_for_staff_of_the_committee(client, org):
    client.force_login(org.member_user)
    assert client.get("/api/v1/reminder-policies/").status_code == 403
    client.force_login(org.staff)
    body = {"committee": org.county.pk, "kind": "proposal_reply", "days_before": "30,7", "channels": "inapp,email"}
    assert client.post("/api/v1/reminder-policies/", body).status_code == 201
    assert client.post("/api/v1/reminder-policies/", {**body, "committee": org.other_county.pk}).status_code == 403
    assert client.post("/api/v1/reminder-policies/", {**body, "committee": ""}).status_code == 403
    response = client.post("/api/v1/reminder-policies/", {**body, "kind": "review", "days_before": "十四"})
    assert response.status_code == 400
    assert "提前提醒天数" in response.json()["days_before"][0]
    client.force_login(org.other_staff)
    assert client.get("/api/v1/reminder-policies/").json()["count"] == 0


# ---------------------------------------------------------------- pages and permissions


def _titles(response):
    return [o.title for o in response.context["page"]]


def test_unit_sees_only_its_obligations_and_gets_404_on_others(client, org):
    mine = make(org, title="教育局的事项", unit=org.unit)
    theirs = make(org, title="卫健委的事项", unit=org.other_unit)
    client.force_login(org.unit_user)
    response = client.get("/supervision/obligations/")
    assert response.status_code == 200
    assert _titles(response) == ["教育局的事项"]
    assert client.get(f"/supervision/obligations/{mine.pk}/").status_code == 200
    assert client.get(f"/supervision/obligations/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/obligations/{theirs.pk}/").status_code == 404
    assert [o["title"] for o in client.get("/api/v1/obligations/").json()["results"]] == ["教育局的事项"]


def test_member_staff_and_outsiders_see_their_share(client, org):
    make(org, title="张委员的事项", owner="member", member=org.member)
    make(org, title="李委员的事项", owner="member", member=org.other_member)
    make(org, title="机关的事项", owner="staff")
    client.force_login(org.member_user)
    assert _titles(client.get("/supervision/obligations/")) == ["张委员的事项"]
    client.force_login(org.staff)
    assert len(_titles(client.get("/supervision/obligations/"))) == 3
    client.force_login(org.city_staff)
    assert len(_titles(client.get("/supervision/obligations/"))) == 3
    client.force_login(org.other_staff)
    assert _titles(client.get("/supervision/obligations/")) == []


def test_obligation_list_filters_by_state_kind_and_overdue(client, org):
    make(org, title="已逾期", start=D(2026, 1, 1), due=D(2026, 2, 1))
    make(org, title="未到期", start=D(2026, 1, 1), due=D(2099, 2, 1), kind=ObligationKind.REVIEW)
    met = make(org, title="已完成", start=D(2026, 1, 1), due=D(2099, 1, 1))
    meet_obligation(met)
    client.force_login(org.staff)
    assert _titles(client.get("/supervision/obligations/?overdue=true")) == ["已逾期"]
    assert _titles(client.get("/supervision/obligations/?kind=review")) == ["未到期"]
    assert _titles(client.get("/supervision/obligations/?state=met")) == ["已完成"]
    response = client.get("/supervision/obligations/?overdue=true")
    assert "逾期" in response.content.decode()
    api = client.get("/api/v1/obligations/?overdue=true&due_before=2026-03-01").json()
    assert [o["title"] for o in api["results"]] == ["已逾期"]


def test_obligation_detail_shows_timeline_and_reminders(client, org):
    obligation = make(org, start=D(2026, 1, 1), due=D(2026, 2, 1))
    mark_overdue(today=D(2026, 3, 1))
    client.force_login(org.unit_user)
    text = client.get(f"/supervision/obligations/{obligation.pk}/").content.decode()
    assert "办理过程" in text and "创建" in text and "已逾期" in text and "尚未发出提醒" in text


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/supervision/obligations/", "/api/v1/obligations/"])
def test_obligation_lists_query_count_does_not_grow_with_rows(client, org, url):
    client.force_login(org.staff)
    make(org, owner="member")
    one = _count_queries(client, url)
    for i in range(19):
        make(org, owner=["unit", "member", "staff"][i % 3], title=f"事项{i}")
    assert _count_queries(client, url) == one


# ---------------------------------------------------------------- admin


@pytest.mark.parametrize("model", ["obligation", "reminder", "notification", "delivery", "sweeprun", "reminderpolicy"])
def test_staff_open_every_supervision_admin_list(client, org, model):
    make(org, title="后台可见的事项")
    client.force_login(org.staff)
    assert client.get(f"/admin/supervision/{model}/").status_code == 200


def test_admin_obligation_list_is_scoped_and_creates_through_the_service(client, org):
    make(org, title="南谯区的事项")
    make(org, title="来安县的事项", committee=org.other_county, owner="staff")
    client.force_login(org.staff)
    page = client.get("/admin/supervision/obligation/").content.decode()
    assert "南谯区的事项" in page and "来安县的事项" not in page
    response = client.post("/admin/supervision/obligation/add/", {
        "committee": org.county.pk, "kind": "generic", "title": "后台新建的督办事项", "owner_kind": "unit",
        "owner_unit": org.unit.pk, "start_date": "2026-11-02", "due_date": "2026-12-31", "url": "",
    })
    assert response.status_code == 302
    created = Obligation.objects.get(title="后台新建的督办事项")
    assert actions(created) == [("create", "", "open")] and created.next_reminder_at is not None
    response = client.post("/admin/supervision/obligation/add/", {
        "committee": org.county.pk, "kind": "generic", "title": "缺少单位", "owner_kind": "unit",
        "start_date": "2026-11-02", "due_date": "2026-12-31",
    })
    assert "责任方为承办单位时必须指定责任单位" in response.content.decode()


def test_admin_action_marks_met_through_the_service(client, org):
    obligation = make(org)
    client.force_login(org.staff)
    response = client.post("/admin/supervision/obligation/", {
        "action": "mark_met", "_selected_action": [obligation.pk],
    }, follow=True)
    assert "已将 1 项标记为已完成" in response.content.decode()
    assert actions(obligation)[-1][0] == "meet"
    assert client.get(f"/admin/supervision/reminder/{obligation.pk}/change/").status_code in (302, 404)


def test_admin_reminder_policy_channels_are_named_checkboxes(client, org):
    """Staff tick channels by name (no "inapp,email,sms" to type); the list names them and states the default."""
    client.force_login(org.staff)
    form = client.get("/admin/supervision/reminderpolicy/add/").content.decode()
    assert 'type="checkbox" name="channels" value="sms"' in form and "短信" in form and "inapp,email,sms" not in form
    fields = {"committee": org.county.pk, "kind": "", "days_before": "10,2", "on_due_day": "on",
              "overdue_every_days": "5", "escalate": "on"}
    response = client.post("/admin/supervision/reminderpolicy/add/", {**fields, "channels": ["sms", "inapp"]})
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(committee=org.county)
    assert policy.channels == "inapp,sms"
    assert policy_for(org.county.pk, ObligationKind.GENERIC).channels == ("inapp", "sms")
    listing = client.get("/admin/supervision/reminderpolicy/").content.decode()
    assert "站内通知、短信" in listing
    assert "到期前 14、3 天" in listing and "逾期后每 7 天提醒一次" in listing
    change = client.get(f"/admin/supervision/reminderpolicy/{policy.pk}/change/")
    assert change.context["adminform"].form["channels"].value() == ["inapp", "sms"]
    response = client.post("/admin/supervision/reminderpolicy/add/", {**fields, "committee": org.township.pk})
    assert "请至少选择一个提醒渠道" in response.content.decode()


def test_obligation_detail_names_the_actor_and_filters_can_be_cleared(client, org):
    org.staff.first_name = "王秘书"
    org.staff.save()
    obligation = make(org, actor=org.staff, title="由机关创建的事项")
    client.force_login(org.staff)
    text = client.get(f"/supervision/obligations/{obligation.pk}/").content.decode()
    assert "王秘书 · 创建" in text and "county_staff · 创建" not in text
    assert "清除筛选" in client.get("/supervision/obligations/?state=open").content.decode()
    assert "清除筛选" not in client.get("/supervision/obligations/").content.decode()


# ---------------------------------------------------------------- staff actions on the obligation page
def _manual_obligation(org, due=dt.date(2030, 6, 28)):
    return create_obligation(
        subject=None, committee=org.county, kind=ObligationKind.GENERIC, title="报送年度总结", owner_kind=OwnerKind.UNIT,
        owner_unit=org.unit, due_date=due, start_date=dt.date(2030, 1, 2),
    )


def _act(client, obligation, **data):
    return client.post(reverse("supervision:obligation_act", args=[obligation.pk]), data, follow=True)


def test_staff_extend_a_manual_obligation_from_its_page_and_the_timeline_shows_it(client, org):
    obligation = _manual_obligation(org)
    client.force_login(org.staff)
    page = client.get(reverse("supervision:obligation_detail", args=[obligation.pk])).content.decode()
    assert "机关处理" in page
    response = _act(client, obligation, action="extend", new_due_date="2030-07-31", note="单位申请，主任同意")
    assert "已延期。" in response.content.decode()
    obligation.refresh_from_db()
    assert (obligation.state, obligation.due_date, obligation.original_due_date) == (
        ObligationState.EXTENDED, dt.date(2030, 7, 31), dt.date(2030, 6, 28))
    assert "单位申请，主任同意" in response.content.decode()


def test_extension_without_reason_or_to_an_earlier_date_changes_nothing(client, org):
    obligation = _manual_obligation(org)
    client.force_login(org.staff)
    html = _act(client, obligation, action="extend", new_due_date="2030-07-31").content.decode()
    assert "延期或免除须说明理由。" in html
    html = _act(client, obligation, action="extend", new_due_date="2030-05-01", note="提前").content.decode()
    assert "必须晚于当前截止日期" in html
    obligation.refresh_from_db()
    assert (obligation.state, obligation.due_date) == (ObligationState.OPEN, dt.date(2030, 6, 28))


def test_staff_waive_and_meet(client, org):
    waived, met = _manual_obligation(org), _manual_obligation(org)
    client.force_login(org.staff)
    _act(client, waived, action="waive", note="任务取消")
    _act(client, met, action="meet")
    waived.refresh_from_db()
    met.refresh_from_db()
    assert (waived.state, met.state) == (ObligationState.WAIVED, ObligationState.MET)
    assert met.met_at is not None
    # settled obligations offer no actions any more
    assert "机关处理" not in client.get(reverse("supervision:obligation_detail", args=[met.pk])).content.decode()


def test_the_owing_unit_and_readers_cannot_act_other_county_gets_404(client, org):
    obligation = _manual_obligation(org)
    for user in (org.unit_user, org.office, org.leader):
        client.force_login(user)
        assert "机关处理" not in client.get(reverse("supervision:obligation_detail", args=[obligation.pk])).content.decode()
        assert client.post(reverse("supervision:obligation_act", args=[obligation.pk]), {"action": "meet"}).status_code == 403
    client.force_login(org.other_staff)
    assert client.post(reverse("supervision:obligation_act", args=[obligation.pk]), {"action": "meet"}).status_code == 404
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.OPEN


def test_workflow_obligations_are_settled_by_their_workflow_not_here(client, org):
    obligation = create_obligation(
        subject=org.unit, committee=org.county, kind=ObligationKind.GENERIC, title="随流程办理", owner_kind=OwnerKind.UNIT,
        owner_unit=org.unit, due_date=dt.date(2030, 6, 28), start_date=dt.date(2030, 1, 2),
    )
    client.force_login(org.staff)
    assert "机关处理" not in client.get(reverse("supervision:obligation_detail", args=[obligation.pk])).content.decode()
    html = _act(client, obligation, action="meet").content.decode()
    assert "请在办理事项页面操作" in html
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.OPEN

"""委员接待日 services: who may do what, what changes (and what a refusal leaves unchanged), the obligations."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from consult.errors import ConsultError, ConsultPermissionError
from consult.reception import selectors, services
from consult.reception.models import DutySwap, ReceptionDay, ReceptionIssue
from members.enums import CommitteeLevel
from members.models import ReceptionDuty
from portal.audit import timeline
from portal.models import ChangeRecord
from supervision.enums import ObligationKind as K
from supervision.enums import ObligationState
from supervision.models import Obligation, Reminder
from supervision.services import obligations_for, run_sweep
from tests.consult.reception import builders as b
from tests.factories import CommitteeFactory, MemberFactory

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10):
    return time_machine.travel(dt.datetime(y, m, d, hour, tzinfo=TZ), tick=False)


def _studio(org):
    return b.studio(org)


# ---- studios


def test_staff_create_a_studio_with_members_of_their_subtree_and_the_change_is_recorded(org):
    township_member = MemberFactory(committee=org.township, name="乡镇委员")
    s = services.create_studio(actor=org.staff, committee=org.county, name="珠龙镇委员之家", kind="home",
                               address="珠龙镇便民服务中心", opening_hours="每月25日上午", phone="0550-1234567",
                               members=[org.member, township_member])
    assert (s.reception_day, s.duty_size, s.active) == (25, 2, True)
    assert set(s.members.all()) == {org.member, township_member}
    record = ChangeRecord.objects.get(model="members.studio", object_id=str(s.pk), action="create")
    assert record.actor == org.staff and record.changes["name"] == [None, "珠龙镇委员之家"]


@pytest.mark.parametrize("values, message", [
    ({"reception_day": 29}, "每月接待日须在 1 到 28 之间。"),
    ({"reception_day": "x"}, "每月接待日须为整数。"),
    ({"duty_size": 4}, "每次值班人数须在 2 到 3 之间。"),
    ({"name": ""}, "请填写名称。"),
    ({"name": "长" * 101}, "名称太长：最多 100 个字符（现有 101 个）。"),
    ({"kind": "office"}, "请选择工作室类型。"),
    ({"phone": "电话"}, "联系电话只能包含数字和“-”。"),
])
def test_bad_studio_input_is_refused_and_nothing_is_made(org, values, message):
    data = {"name": "工作室", "kind": "studio", **values}
    with pytest.raises(ConsultError) as exc:
        services.create_studio(actor=org.staff, committee=org.county, **data)
    assert exc.value.message == message
    assert not org.county.studios.exists()


def test_a_member_outside_the_subtree_cannot_join_a_studio(org):
    s = _studio(org)
    with pytest.raises(ConsultError) as exc:
        services.update_studio(actor=org.staff, studio=s, members=[org.member, org.far_member])
    assert exc.value.message == "所选的委员（赵委员）不属于南谯区政协，不能使用。"
    assert org.far_member not in s.members.all() and s.members.count() == 3


def test_another_committees_staff_and_members_cannot_run_a_studio(org):
    s = _studio(org)
    for user in (org.other_staff, org.member_user, org.office):
        with pytest.raises(ConsultPermissionError):
            services.update_studio(actor=user, studio=s, name="改名")
        with pytest.raises(ConsultPermissionError):
            services.create_studio(actor=user, committee=org.county, name="新工作室")
    s.refresh_from_db()
    assert s.name == "乌衣镇委员工作室"


def test_editing_a_studio_is_recorded_field_by_field(org):
    s = _studio(org)
    services.update_studio(actor=org.staff, studio=s, opening_hours="每月25日 8:30–12:00", duty_size=3)
    record = ChangeRecord.objects.filter(model="members.studio", object_id=str(s.pk), action="update").latest("id")
    assert record.changes == {"opening_hours": ["每月25日 9:00–11:30", "每月25日 8:30–12:00"], "duty_size": [2, 3]}


# ---- the roster


def test_the_year_is_planned_fairly_with_both_obligations_per_duty(org):
    with at(2027, 1, 10):
        s = _studio(org)
        result = services.generate_roster(actor=org.staff, studio=s, year=2027)
    assert result == {"created": 24, "removed": 0, "kept": 0}
    duties = ReceptionDuty.objects.filter(studio=s)
    assert sorted({d.date for d in duties}) == [dt.date(2027, m, 25) for m in range(1, 13)]
    assert sorted(duties.filter(date=dt.date(2027, 1, 25)).values_list("member__name", flat=True)) == ["张委员", "李委员"]
    counts = {m: duties.filter(member=m).count() for m in s.members.all()}
    assert set(counts.values()) == {8}
    assert ReceptionDay.objects.filter(studio=s).count() == 12
    first = duties.get(date=dt.date(2027, 1, 25), member=org.member)
    confirm = obligations_for(first, K.RECEPTION_CONFIRM).get()
    day = obligations_for(first, K.RECEPTION_DAY).get()
    assert (confirm.owner_member, confirm.due_date) == (org.member, dt.date(2027, 1, 17))  # 7 days
    assert (day.owner_member, day.due_date) == (org.member, dt.date(2027, 1, 25))
    assert obligations_for(duties.get(date=dt.date(2027, 12, 25), member=org.other_member),
                           K.RECEPTION_CONFIRM).get().due_date == dt.date(2027, 1, 17)


def test_regenerating_is_idempotent_and_keeps_confirmed_and_past_duties(org):
    with at(2027, 1, 10):
        s = _studio(org)
        services.generate_roster(actor=org.staff, studio=s, year=2027)
        before = set(ReceptionDuty.objects.filter(studio=s).values_list("pk", "member_id", "date"))
        assert services.generate_roster(actor=org.staff, studio=s, year=2027) == {"created": 0, "removed": 0, "kept": 0}
        assert set(ReceptionDuty.objects.filter(studio=s).values_list("pk", "member_id", "date")) == before
        february = ReceptionDuty.objects.get(studio=s, member=org.member, date=dt.date(2027, 2, 25))
        services.confirm_duty(actor=org.member_user, duty=february)
        # 张委员 is away from April to June: the rest of the year is recomputed around him
        services.add_unavailability(actor=org.member_user, member=org.member, start_date=dt.date(2027, 4, 1),
                                    end_date=dt.date(2027, 6, 30), reason="外出学习")
    with at(2027, 2, 1):
        result = services.generate_roster(actor=org.staff, studio=s, year=2027)
    duties = ReceptionDuty.objects.filter(studio=s)
    assert duties.filter(pk=february.pk, state="confirmed").exists()
    assert duties.filter(date=dt.date(2027, 1, 25)).count() == 2  # past: kept
    assert not duties.filter(member=org.member, date__range=(dt.date(2027, 4, 1), dt.date(2027, 6, 30))).exists()
    counts = [duties.filter(member=m).count() for m in s.members.all()]
    assert max(counts) - min(counts) <= 1 and sum(counts) == 24
    assert result["kept"] == 3  # January's two and the confirmed February duty
    removed = Obligation.objects.filter(kind=K.RECEPTION_DAY, state=ObligationState.WAIVED).count()
    assert removed == result["removed"] > 0


def test_roster_refusals(org):
    with at(2027, 1, 10):
        s = _studio(org)
        for year, message in ((2026, "年度须在 2027 到 2028 之间。"), (2029, "年度须在 2027 到 2028 之间。")):
            with pytest.raises(ConsultError) as exc:
                services.generate_roster(actor=org.staff, studio=s, year=year)
            assert exc.value.message == message
        small = services.create_studio(actor=org.staff, committee=org.county, name="小工作室", members=[org.member])
        with pytest.raises(ConsultError) as exc:
            services.generate_roster(actor=org.staff, studio=small, year=2027)
        assert exc.value.message == "小工作室入驻委员只有 1 人，少于每次值班人数 2 人，请先增加入驻委员。"
        with pytest.raises(ConsultPermissionError):
            services.generate_roster(actor=org.other_staff, studio=s, year=2027)
        with pytest.raises(ConsultPermissionError):
            services.generate_roster(actor=org.member_user, studio=s, year=2027)
    assert not ReceptionDuty.objects.exists()


# ---- confirming and the reminders


def test_the_member_confirms_their_duty_and_is_reminded_before_the_day(org):
    with at(2027, 1, 10):
        s = _studio(org)
        services.generate_roster(actor=org.staff, studio=s, year=2027)
        mine = ReceptionDuty.objects.get(studio=s, member=org.member, date=dt.date(2027, 1, 25))
        with pytest.raises(ConsultPermissionError):
            services.confirm_duty(actor=org.other_member_user, duty=mine)
        services.confirm_duty(actor=org.member_user, duty=mine)
        mine.refresh_from_db()
        assert mine.state == "confirmed" and mine.confirmed_at is not None
        assert obligations_for(mine, K.RECEPTION_CONFIRM).get().state == ObligationState.MET
        with pytest.raises(ConsultError) as exc:
            services.confirm_duty(actor=org.member_user, duty=mine)
        assert exc.value.message == "当前状态为“已确认”，不能变更为“已确认”。只有处于以下状态时才可以：待确认。"
    day = obligations_for(mine, K.RECEPTION_DAY).get()
    with at(2027, 1, 22):  # three days before
        run_sweep()
    assert "before-3" in set(Reminder.objects.filter(obligation=day).values_list("stage", flat=True))
    unconfirmed = obligations_for(ReceptionDuty.objects.get(studio=s, member=org.other_member,
                                                            date=dt.date(2027, 1, 25)), K.RECEPTION_CONFIRM).get()
    unconfirmed.refresh_from_db()
    assert unconfirmed.state == ObligationState.OVERDUE  # due the 17th


# ---- swaps


def test_a_swap_is_asked_accepted_and_approved_and_both_duties_change(org):
    with at(2027, 1, 10):
        mine, theirs = b.swap_pair(org)
        mine_date, theirs_date = mine.date, theirs.date
        swap = services.request_swap(actor=org.member_user, duty=mine, other_duty=theirs, reason="出差")
        with pytest.raises(ConsultPermissionError):
            services.accept_swap(actor=org.member_user, swap=swap)
        with pytest.raises(ConsultError) as exc:
            services.approve_swap(actor=org.staff, swap=swap)
        assert exc.value.message.startswith("当前状态为“待对方同意”")
        services.accept_swap(actor=org.other_member_user, swap=swap)
        with pytest.raises(ConsultPermissionError):
            services.approve_swap(actor=org.other_staff, swap=swap)
        services.approve_swap(actor=org.staff, swap=swap, note="同意")
    swap.refresh_from_db()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert swap.state == "approved"
    assert (mine.date, mine.member, mine.state) == (mine_date, org.other_member, "confirmed")
    assert (theirs.date, theirs.member, theirs.state) == (theirs_date, org.member, "confirmed")
    row = [t for t in timeline(mine) if t.action == "swap"][0]
    assert row.actor == org.staff and row.note == "张委员与李委员换班"
    assert obligations_for(mine, K.RECEPTION_DAY).filter(state=ObligationState.OPEN).get().owner_member == org.other_member
    assert obligations_for(theirs, K.RECEPTION_DAY).filter(state=ObligationState.OPEN).get().owner_member == org.member
    change = ChangeRecord.objects.filter(model="members.receptionduty", object_id=str(mine.pk), action="update").latest("id")
    assert change.actor == org.staff and change.changes["member"] == [
        f"张委员 (#{org.member.pk})", f"李委员 (#{org.other_member.pk})"]


def test_swap_refusals(org):
    with at(2027, 1, 10):
        mine, theirs = b.swap_pair(org)
        own_other = services.create_studio(actor=org.staff, committee=org.county, name="另一个工作室",
                                           members=[org.member, org.other_member])
        services.generate_roster(actor=org.staff, studio=own_other, year=2027)
        elsewhere = ReceptionDuty.objects.filter(studio=own_other, member=org.other_member).first()
        second_own = ReceptionDuty.objects.filter(studio=mine.studio, member=org.member).exclude(pk=mine.pk).first()
        same_day = ReceptionDuty.objects.filter(studio=mine.studio, date=mine.date).exclude(member=org.member).first()
        cases = [
            (org.member_user, mine, second_own, "不能与自己换班，请选择其他委员的值班。"),
            (org.member_user, mine, elsewhere, "只能与同一工作室的委员换班。"),
            (org.member_user, mine, same_day, "两个值班在同一天，无需换班。"),
        ]
        for actor, duty, other, message in cases:
            with pytest.raises(ConsultError) as exc:
                services.request_swap(actor=actor, duty=duty, other_duty=other)
            assert exc.value.message == message
        with pytest.raises(ConsultPermissionError):
            services.request_swap(actor=org.other_member_user, duty=mine, other_duty=theirs)
        services.add_unavailability(actor=org.other_member_user, member=org.other_member, start_date=mine.date,
                                    end_date=mine.date)
        with pytest.raises(ConsultError) as exc:
            services.request_swap(actor=org.member_user, duty=mine, other_duty=theirs)
        assert exc.value.message == f"李委员登记了{mine.date}不便值班。"
    assert not DutySwap.objects.exists()


# ---- the day


def test_recording_the_day_marks_duties_and_keeps_each_issue(org):
    day = b.day_today(org)
    duties = {d.member: d for d in ReceptionDuty.objects.filter(studio=day.studio, date=day.date)}
    services.record_day(actor=org.member_user, day=day, visitors=6, summary="来访群众较多",
                        issues=[{"title": "小区路灯不亮", "description": "东门路灯坏了一个月。", "resident_name": "王女士",
                                 "resident_phone": "13900001111"}],
                        absent=[duties[org.other_member]])
    day.refresh_from_db()
    assert (day.state, day.visitors, day.recorded_by) == ("held", 6, org.member_user)
    states = {m: d.state for m, d in ((m, ReceptionDuty.objects.get(pk=d.pk)) for m, d in duties.items())}
    assert states == {org.member: "done", org.other_member: "absent"}
    issue = ReceptionIssue.objects.get(day=day)
    assert (issue.title, issue.resident_name, issue.duty) == ("小区路灯不亮", "王女士", duties[org.member])
    today = day.date
    assert selectors.duty_counts(year=today.year, committee=org.county) == {org.member.pk: 1}
    with pytest.raises(ConsultError) as exc:
        services.record_day(actor=org.member_user, day=day, visitors=1)
    assert exc.value.message == "当前状态为“已接待”，不能变更为“已接待”。只有处于以下状态时才可以：待接待。"


def test_each_issue_becomes_a_grassroots_case(org):
    pytest.importorskip("consult.cases.services")
    from consult.models import CommunityCase

    day = b.day_today(org)
    services.record_day(actor=org.member_user, day=day, visitors=2,
                        issues=[{"title": "农贸市场占道经营", "description": "早市摊位占用人行道。"}])
    issue = ReceptionIssue.objects.get(day=day)
    case = CommunityCase.objects.get(pk=issue.case_id)
    assert (case.source, case.title, case.committee, case.reception_duty.member) == (
        "reception", "农贸市场占道经营", org.county, org.member)


@pytest.mark.parametrize("kwargs, message", [
    ({"visitors": -1}, "接待群众人数须在 0 到 10000 之间。"),
    ({"visitors": 2, "issues": [{"title": "", "description": "x"}]}, "请填写问题。"),
    ({"visitors": 2, "issues": [{"title": "问题", "description": "x"}] * 21}, "一次最多登记 20 个问题。"),
    ({"visitors": 2, "issues": [{"title": "问题", "description": "x", "resident_phone": "abc"}]},
     "群众电话只能包含数字和“-”。"),
])
def test_bad_day_records_change_nothing(org, kwargs, message):
    day = b.day_today(org)
    with pytest.raises(ConsultError) as exc:
        services.record_day(actor=org.member_user, day=day, **kwargs)
    assert exc.value.message == message
    day.refresh_from_db()
    assert day.state == "planned" and not ReceptionIssue.objects.exists()
    assert not ReceptionDuty.objects.filter(state="done").exists()


def test_only_the_members_on_duty_or_staff_record_and_not_before_the_day(org):
    day = b.day_today(org)
    for user in (org.far_member_user, org.office, org.other_staff, org.unit_user):
        with pytest.raises(ConsultPermissionError):
            services.record_day(actor=user, day=day, visitors=1)
    future = ReceptionDay.objects.create(studio=day.studio, date=day.date + dt.timedelta(days=1))
    with pytest.raises(ConsultError) as exc:
        services.record_day(actor=org.staff, day=future, visitors=1)
    assert exc.value.message == f"接待日（{future.date}）还没到，不能登记接待情况。"


def test_unavailable_dates_are_the_members_own_or_their_staffs(org):
    with at(2027, 1, 10):
        with pytest.raises(ConsultPermissionError):
            services.add_unavailability(actor=org.other_member_user, member=org.member, start_date=dt.date(2027, 2, 1),
                                        end_date=dt.date(2027, 2, 2))
        with pytest.raises(ConsultError) as exc:
            services.add_unavailability(actor=org.member_user, member=org.member, start_date=dt.date(2027, 2, 5),
                                        end_date=dt.date(2027, 2, 1))
        assert exc.value.message == "结束日期不能早于开始日期。"
        with pytest.raises(ConsultError) as exc:
            services.add_unavailability(actor=org.member_user, member=org.member, start_date=dt.date(2026, 12, 1),
                                        end_date=dt.date(2026, 12, 2))
        assert exc.value.message == "不能登记已经过去的日期。"
        staff_made = services.add_unavailability(actor=org.staff, member=org.member, start_date=dt.date(2027, 2, 1),
                                                 end_date=dt.date(2027, 2, 2), reason="住院")
    assert staff_made.created_by == org.staff


def test_issues_stay_on_the_day_where_the_committee_takes_no_grassroots_cases(org):
    province = CommitteeFactory(name="安徽省政协", level=CommitteeLevel.PROVINCE)
    cases = pytest.importorskip("consult.cases.services")
    assert not cases.accepts_cases(province)
    member = MemberFactory(committee=province, name="省委员")
    s = services.create_studio(actor=org.superuser, committee=province, name="省委员工作室",
                               members=[member, MemberFactory(committee=province)])
    day = ReceptionDay.objects.create(studio=s, date=dt.date.fromisoformat("2020-01-25"))
    ReceptionDuty.objects.create(studio=s, member=member, date=day.date)
    services.record_day(actor=org.superuser, day=day, visitors=1,
                        issues=[{"title": "公交线路调整", "description": "希望恢复 5 路车。"}])
    issue = ReceptionIssue.objects.get(day=day)
    assert (issue.title, issue.case_id) == ("公交线路调整", None)


def test_recording_the_day_meets_the_day_obligation_of_those_present(org):
    with at(2027, 1, 10):
        s = _studio(org)
        services.generate_roster(actor=org.staff, studio=s, year=2027)
        services.confirm_duty(actor=org.member_user, duty=ReceptionDuty.objects.get(
            studio=s, member=org.member, date=dt.date(2027, 1, 25)))
    with at(2027, 1, 25, 15):
        day = ReceptionDay.objects.get(studio=s, date=dt.date(2027, 1, 25))
        li = ReceptionDuty.objects.get(studio=s, member=org.other_member, date=day.date)
        services.record_day(actor=org.member_user, day=day, visitors=3, absent=[li])
    zhang = ReceptionDuty.objects.get(studio=s, member=org.member, date=day.date)
    assert obligations_for(zhang, K.RECEPTION_DAY).get().state == ObligationState.MET
    assert {o.kind: o.state for o in obligations_for(li)} == {
        K.RECEPTION_CONFIRM: ObligationState.WAIVED, K.RECEPTION_DAY: ObligationState.WAIVED}
    assert [t.action for t in timeline(li)][-1] == "miss"

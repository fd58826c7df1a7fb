"""委员接待日 pages: what staff and members see and do in the browser (texts on the page, rows changed)."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consult.reception.models import DutySwap, ReceptionDay, ReceptionIssue, Unavailability
from members.models import ReceptionDuty, Studio
from portal.models import AuditLog
from tests.consult.reception import builders as b

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hour=10):
    return time_machine.travel(dt.datetime(y, m, d, hour, tzinfo=TZ), tick=False)


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _text(response):
    return response.content.decode()


def test_staff_create_and_edit_a_studio_on_the_pages(org):
    staff = _client(org.staff)
    response = staff.post(reverse("consult:reception_studio_create"), {
        "committee": org.county.pk, "name": "珠龙镇委员之家", "kind": "home", "address": "珠龙镇便民服务中心",
        "opening_hours": "每月25日 9:00–11:30", "phone": "0550-1234567", "reception_day": 25, "duty_size": 3,
        "active": "on"})
    studio = Studio.objects.get(name="珠龙镇委员之家")
    assert response.status_code == 302 and response["Location"] == reverse("consult:reception_studio", args=[studio.pk])
    edit = reverse("consult:reception_studio_edit", args=[studio.pk])
    page = _text(staff.get(edit))
    assert "张委员" in page and "赵委员" not in page  # only the county's subtree is offered
    form = {"name": "珠龙镇委员之家", "kind": "home", "address": "珠龙镇便民服务中心", "reception_day": 25, "duty_size": 3,
            "active": "on"}
    response = staff.post(edit, {**form, "members": [org.member.pk, org.far_member.pk]}, follow=True)
    assert "选择一个有效的选项" in _text(response) or "Select a valid choice" in _text(response)
    assert not studio.members.exists()
    staff.post(edit, {**form, "members": [org.member.pk, org.other_member.pk]})
    assert set(studio.members.all()) == {org.member, org.other_member}
    detail = _text(staff.get(reverse("consult:reception_studio", args=[studio.pk])))
    assert "珠龙镇便民服务中心" in detail and "每月25日，每次 3 名委员值班" in detail and "李委员" in detail
    listing = _text(_client(org.office).get(reverse("consult:reception_studios")))
    assert "珠龙镇委员之家" in listing and "新建工作室" not in listing  # office viewers read


def test_the_month_roster_shows_who_is_on_duty_and_whether_they_confirmed(org):
    with at(2027, 1, 10):
        studio = b.studio(org)
        staff = _client(org.staff)
        response = staff.post(reverse("consult:reception_generate", args=[studio.pk]), {"year": 2027}, follow=True)
        assert "排班完成：新排 24 人次，调整掉 0 人次，保留 0 人次。" in _text(response)
        duty = ReceptionDuty.objects.get(studio=studio, member=org.member, date=dt.date(2027, 1, 25))
        _client(org.member_user).post(reverse("consult:reception_confirm", args=[duty.pk]))
        page = _text(staff.get(reverse("consult:reception_studio", args=[studio.pk]), {"month": "2027-01"}))
        assert "2027-01-25" in page and "张委员（已确认）" in page and "李委员（待确认）" in page
        calendar = _text(staff.get(reverse("consult:reception_calendar"), {"month": "2027-02"}))
        assert "2027-02-25" in calendar and "王委员（待确认）" in calendar and "张委员（待确认）" in calendar
        assert "乌衣镇委员工作室" in calendar
        bad = staff.post(reverse("consult:reception_generate", args=[studio.pk]), {"year": 2030}, follow=True)
        assert "年度须在 2027 到 2028 之间。" in _text(bad)


def test_a_member_confirms_asks_to_swap_and_staff_approve_on_the_pages(org):
    with at(2027, 1, 10):
        studio = b.studio(org)
        b.rostered(org)
        mine, theirs = b.swap_pair(org)
        zhang, li, staff = _client(org.member_user), _client(org.other_member_user), _client(org.staff)
        page = _text(zhang.get(reverse("consult:my_reception")))
        assert "乌衣镇委员工作室" in page and f"{mine.date:%Y-%m-%d}" in page and "确认值班" in page
        assert f"{theirs.date:%Y-%m-%d} 李委员" in page  # the swap form offers 李委员's duty
        response = zhang.post(reverse("consult:reception_swap_request", args=[mine.pk]),
                              {"other_duty": theirs.pk, "reason": "出差"}, follow=True)
        assert "换班申请已发出，等待对方同意。" in _text(response)
        swap = DutySwap.objects.get()
        page = _text(li.get(reverse("consult:my_reception")))
        assert "同意换班" in page
        assert f"张委员（{mine.date:%Y-%m-%d}）⇄ 李委员（{theirs.date:%Y-%m-%d}） · 乌衣镇委员工作室" in page
        li.post(reverse("consult:reception_swap_act", args=[swap.pk, "accept"]))
        calendar = _text(staff.get(reverse("consult:reception_calendar")))
        assert "待审批的换班申请" in calendar and "待机关审批" in calendar
        response = staff.post(reverse("consult:reception_swap_act", args=[swap.pk, "approve"]), follow=True)
        assert "已执行：批准换班。" in _text(response)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.member, theirs.member) == (org.other_member, org.member)
    assert studio.pk == mine.studio_id


def test_members_record_what_residents_raised_on_the_day(org):
    day = b.day_today(org)
    zhang = _client(org.member_user)
    page = _text(zhang.get(reverse("consult:my_reception")))
    assert "待登记的接待日" in page
    assert "登记接待情况" in _text(zhang.get(reverse("consult:reception_day", args=[day.pk])))
    li_duty = ReceptionDuty.objects.get(studio=day.studio, date=day.date, member=org.other_member)
    response = zhang.post(reverse("consult:reception_record", args=[day.pk]), {
        "visitors": 7, "summary": "来访群众较多", "absent": [li_duty.pk],
        "issues-TOTAL_FORMS": 2, "issues-INITIAL_FORMS": 0, "issues-MIN_NUM_FORMS": 0, "issues-MAX_NUM_FORMS": 20,
        "issues-0-title": "小区路灯不亮", "issues-0-description": "东门路灯坏了一个月。", "issues-0-resident_name": "王女士",
        "issues-1-title": "", "issues-1-description": ""}, follow=True)
    text = _text(response)
    assert "接待情况已登记。" in text and "小区路灯不亮" in text and "已接待" in text
    assert "李委员（未到岗）" in text and "张委员（已值班）" in text
    assert ReceptionIssue.objects.get(day=day).resident_name == "王女士"
    assert ReceptionDay.objects.get(pk=day.pk).visitors == 7


def test_a_bad_day_record_shows_the_message_and_changes_nothing(org):
    day = b.day_today(org)
    response = _client(org.member_user).post(reverse("consult:reception_record", args=[day.pk]), {
        "visitors": 3, "issues-TOTAL_FORMS": 1, "issues-INITIAL_FORMS": 0, "issues-MIN_NUM_FORMS": 0,
        "issues-MAX_NUM_FORMS": 20, "issues-0-title": "只有标题", "issues-0-description": ""}, follow=True)
    assert "请填写具体情况。" in _text(response)
    day.refresh_from_db()
    assert day.state == "planned" and not ReceptionIssue.objects.exists()


def test_members_and_staff_record_unavailable_dates(org):
    studio = b.studio(org)
    start, end = dt.date.fromisoformat(f"{b.next_year()}-03-01"), dt.date.fromisoformat(f"{b.next_year()}-03-10")
    _client(org.member_user).post(reverse("consult:reception_unavailable_add"),
                                  {"start_date": start, "end_date": end, "reason": "出国访问"})
    page = _text(_client(org.member_user).get(reverse("consult:my_reception")))
    assert f"{start}—{end} 出国访问" in page
    refused = _client(org.member_user).post(reverse("consult:reception_unavailable_add"),
                                            {"start_date": "2099-03-01", "end_date": "2099-03-10"}, follow=True)
    assert "只能登记今明两年的日期。" in _text(refused)
    staff = _client(org.staff)
    staff.post(reverse("consult:reception_unavailable_add"),
               {"member": org.other_member.pk, "start_date": end, "end_date": end, "reason": "住院"})
    assert Unavailability.objects.filter(member=org.other_member, reason="住院").exists()
    entry = Unavailability.objects.get(member=org.member)
    assert _client(org.office).post(reverse("consult:reception_unavailable_delete", args=[entry.pk])).status_code == 403
    assert "住院" in _text(staff.get(reverse("consult:reception_studio", args=[studio.pk])))


def test_the_years_roster_exports_to_excel(org):
    with at(2027, 1, 10):
        studio = b.studio(org)
        b.rostered(org)
        response = _client(org.office).get(reverse("consult:reception_export"),
                                           {"committee": org.county.pk, "year": 2028})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "南谯区政协 2028年委员接待日排班"
    assert rows[2] == ("工作室", "接待日期", "值班委员", "状态", "备注")
    data = rows[3:]
    assert len(data) == 24 and data[0][0] == studio.name and data[0][1].date() == dt.date(2028, 1, 25)
    assert {r[2] for r in data} == {"张委员", "李委员", "王委员"} and {r[3] for r in data} == {"待确认"}
    assert AuditLog.objects.filter(detail="reception_roster: 24 行").exists()
    far = _client(org.other_staff).get(reverse("consult:reception_export"), {"committee": org.county.pk, "year": 2028})
    assert far.status_code == 404
    assert _client(org.member_user).get(reverse("consult:reception_export"),
                                        {"committee": org.county.pk, "year": 2028}).status_code == 403


def test_the_member_home_links_to_their_reception_duties_and_staff_nav_to_the_studios(org):
    home = _text(_client(org.member_user).get("/"))
    assert reverse("consult:my_reception") in home and "我的接待日值班" in home
    nav = _text(_client(org.staff).get(reverse("consult:topics")))
    assert reverse("consult:reception_studios") in nav and "委员接待日" in nav


def test_odd_month_parameters_fall_back_to_this_month(org):
    studio = b.studio(org)
    staff = _client(org.staff)
    this_month = f"{timezone.localdate():%Y-%m}"
    for value in ("9999-12", "0001-01", "2027-13", "x" * 300):
        for url in (reverse("consult:reception_calendar"), reverse("consult:reception_studio", args=[studio.pk])):
            response = staff.get(url, {"month": value})
            assert response.status_code == 200 and this_month in _text(response), (url, value)

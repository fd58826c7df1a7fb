"""The calendar covers every year a deadline reaches: statutory holidays of future years are computed
(元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆) and marked provisional until staff confirm the year's notice;
the home page and /healthz warn meanwhile."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.models import StateChange
from supervision.calendar import Workdays, add_workdays, is_workday
from supervision.enums import ObligationKind, OwnerKind
from supervision.holidays import computed_days, official_days, qingming
from supervision.models import CalendarDay, CalendarYear
from supervision.services import create_obligation, run_sweep

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.fixture
def broker_ok(settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    return settings


def test_a_deadline_set_in_december_skips_new_year_2027(org):
    with time_machine.travel(at(2026, 12, 20), tick=False):  # Sunday
        ob = create_obligation(subject=None, committee=org.county, kind=ObligationKind.GENERIC, title="报送材料",
                               owner_kind=OwnerKind.STAFF, due_date=Workdays(15))
    # Dec 21–25, 28–31 (9), 元旦 Fri 1 Jan off, 4–8 Jan (14), Mon 11 Jan (15)
    assert ob.due_date == D(2027, 1, 11)
    assert not is_workday(D(2027, 1, 1))


def test_spring_festival_2027_is_off_eve_to_third_day_with_make_up_days(db):
    # 除夕 Fri 5 Feb, 初一 Sat 6 Feb, 初二 Sun 7, 初三 Mon 8; the weekend two made up on Tue 9 and Wed 10
    off = [D(2027, 2, d) for d in (5, 6, 7, 8, 9, 10)]
    assert [is_workday(day) for day in off] == [False] * 6
    assert is_workday(D(2027, 2, 4)) and is_workday(D(2027, 2, 11))
    # 15 working days from Fri 29 Jan: Feb 1–4 (4), 11–12 (6), 15–19 (11), 22–25 (15)
    assert add_workdays(D(2027, 1, 29), 15) == D(2027, 2, 25)


def test_years_without_a_calendar_are_computed_when_a_deadline_reaches_them(db):
    assert not CalendarYear.objects.filter(year=2035).exists()
    # Thu 1 Feb: Fri 2, Mon 5, Tue 6; 春节 除夕 Wed 7 to 初三 Sat 10 off, 补休 Mon 12; Tue 13, Wed 14
    assert add_workdays(D(2035, 2, 1), 5) == D(2035, 2, 14)
    year = CalendarYear.objects.get(year=2035)
    assert year.confirmed is False
    assert CalendarDay.objects.get(date=D(2035, 10, 1)).name == "国庆节"


def test_the_sweep_keeps_two_years_ahead(db):
    with time_machine.travel(at(2031, 6, 1), tick=False):
        run_sweep()
    assert set(CalendarYear.objects.filter(year__gte=2031).values_list("year", flat=True)) == {2031, 2032, 2033}


def test_the_computed_2026_holidays_fall_inside_the_official_2026_breaks():
    official_off = {day for day, workday, _ in official_days() if not workday}
    assert {day for day, _ in computed_days(2026)} <= official_off


@pytest.mark.parametrize("year,day", [(2008, 4), (2020, 4), (2025, 4), (2026, 5), (2027, 5), (2028, 4)])
def test_qingming_falls_on_the_solar_term(year, day):
    assert qingming(year) == D(year, 4, day)


def test_provisional_flag_in_the_api_and_admin(client, org):
    client.force_login(org.staff)
    rows = client.get("/api/v1/calendar-days/", {"date_after": "2026-12-31", "date_before": "2027-01-01"}).json()["results"]
    assert [(r["date"], r["provisional"]) for r in rows] == [("2027-01-01", True)]
    rows = client.get("/api/v1/calendar-days/", {"date_after": "2026-10-01", "date_before": "2026-10-01"}).json()["results"]
    assert rows[0]["provisional"] is False  # 2026: the official notice
    page = client.get("/admin/supervision/calendaryear/").content.decode()
    assert "2027" in page


def test_home_and_healthz_warn_until_staff_confirm_the_year(client, org, broker_ok):
    run_sweep(source="beat")
    create_obligation(subject=None, committee=org.county, kind=ObligationKind.GENERIC, title="年度总结",
                      owner_kind=OwnerKind.STAFF, due_date=D(2027, 3, 1))
    client.force_login(org.staff)
    assert 'data-testid="calendar-warning"' in client.get("/").content.decode()
    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "warn" and body["calendar"]["unconfirmed_years"] == [2027]
    client.force_login(org.member_user)
    assert 'data-testid="calendar-warning"' not in client.get("/").content.decode()  # staff only

    # staff enter the notice's 调休 days, then confirm the year (admin action, recorded)
    client.force_login(org.staff)
    CalendarDay.objects.create(date=D(2027, 2, 20), is_workday=True, name="春节调休上班")
    year = CalendarYear.objects.get(year=2027)
    response = client.post("/admin/supervision/calendaryear/",
                           {"action": "confirm", "_selected_action": [year.pk]}, follow=True)
    assert "已确认 1 个年份的放假安排" in response.content.decode()
    year.refresh_from_db()
    assert year.confirmed and year.confirmed_by == org.staff
    assert StateChange.objects.filter(object_id=year.pk, action="confirm", actor=org.staff).exists()
    assert 'data-testid="calendar-warning"' not in client.get("/").content.decode()
    assert client.get("/healthz").json()["status"] == "ok"


def test_members_cannot_confirm_a_year(client, org):
    client.force_login(org.member_user)
    year = CalendarYear.objects.get(year=2027)
    client.post("/admin/supervision/calendaryear/", {"action": "confirm", "_selected_action": [year.pk]})
    year.refresh_from_db()
    assert year.confirmed is False

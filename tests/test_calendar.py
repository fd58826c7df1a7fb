"""Working days on the Chinese calendar: holidays and 调休 weekends (2026 State Council schedule)."""

import datetime as dt

import pytest

from supervision.calendar import add_months, add_workdays, is_workday, workdays_between
from supervision.models import CalendarDay

D = dt.date


def test_seeded_2026_national_day_is_a_holiday_and_the_exchange_weekends_are_workdays(db):
    assert [is_workday(D(2026, 10, day)) for day in range(1, 8)] == [False] * 7
    assert is_workday(D(2026, 9, 20)) is True  # Sunday, worked in exchange
    assert is_workday(D(2026, 10, 10)) is True  # Saturday, worked in exchange
    assert is_workday(D(2026, 10, 11)) is False  # an ordinary Sunday
    assert is_workday(D(2026, 10, 9)) is True  # an ordinary Friday


def test_seeded_2026_exchange_workdays_all_fall_on_weekends(db):
    workdays = CalendarDay.objects.filter(date__year=2026, is_workday=True)
    assert sorted(d.date for d in workdays) == [
        D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10),
    ]
    assert all(d.date.weekday() >= 5 for d in workdays)
    assert CalendarDay.objects.filter(date__year=2026, is_workday=False).count() == 33


def test_add_workdays_across_national_day_and_the_exchange_saturday(db):
    start = D(2026, 9, 30)  # Wednesday before the holiday
    assert add_workdays(start, 1) == D(2026, 10, 8)
    assert add_workdays(start, 2) == D(2026, 10, 9)
    assert add_workdays(start, 3) == D(2026, 10, 10)  # the 调休 Saturday counts
    assert add_workdays(start, 4) == D(2026, 10, 12)  # Sunday 11th does not


def test_add_workdays_reaches_an_exchange_sunday(db):
    assert add_workdays(D(2026, 9, 18), 1) == D(2026, 9, 20)  # Fri → Sun 20th (worked) skipping Sat 19th


def test_add_workdays_across_spring_festival(db):
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)  # Saturday worked in exchange
    assert add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)  # nine days off, 15th–23rd


def test_add_workdays_backwards_and_zero(db):
    assert add_workdays(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert add_workdays(D(2026, 10, 12), -2) == D(2026, 10, 9)
    assert add_workdays(D(2026, 10, 12), 0) == D(2026, 10, 12)


def test_workdays_between_counts_the_end_not_the_start(db):
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert workdays_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert workdays_between(D(2026, 10, 1), D(2026, 10, 7)) == 0
    assert workdays_between(D(2026, 11, 2), D(2026, 11, 2)) == 0


@pytest.mark.parametrize("n", [1, 5, 15, 22, 60, 130])
def test_workdays_between_inverts_add_workdays(db, n):
    for start in (D(2026, 1, 1), D(2026, 2, 10), D(2026, 9, 18), D(2026, 12, 20)):
        assert workdays_between(start, add_workdays(start, n)) == n


def test_add_workdays_uses_two_queries_when_the_years_are_covered(db, django_assert_num_queries):
    """One query for the years the range reaches (covered, or generated), one for the exceptions."""
    with django_assert_num_queries(2):
        assert add_workdays(D(2026, 9, 28), 15) == D(2026, 10, 23)


def test_staff_added_holiday_changes_the_arithmetic(db):
    assert add_workdays(D(2027, 1, 29), 1) == D(2027, 2, 1)
    CalendarDay.objects.create(date=D(2027, 2, 1), is_workday=False, name="测试假日")
    assert add_workdays(D(2027, 1, 29), 1) == D(2027, 2, 2)


def test_add_months_clamps_to_month_end():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_months(D(2026, 5, 15), 6) == D(2026, 11, 15)


# ---------------------------------------------------------------- admin and API


def test_staff_see_and_edit_the_calendar_in_admin(client, org):
    client.force_login(org.staff)
    response = client.get("/admin/supervision/calendarday/?date__year=2026&date__month=10")
    assert response.status_code == 200
    assert "国庆节调休上班" in response.content.decode()
    # 2027's statutory days are computed already (provisional): staff add the notice's 调休 days
    response = client.post("/admin/supervision/calendarday/add/", {"date": "2027-02-20", "is_workday": "on", "name": "春节调休上班"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).is_workday is True


def test_non_staff_cannot_open_the_calendar_admin(client, org):
    client.force_login(org.office)
    assert client.get("/admin/supervision/calendarday/").status_code in (302, 403)


def test_calendar_api_readable_by_members_writable_by_staff(client, org):
    client.force_login(org.member_user)
    response = client.get("/api/v1/calendar-days/?date_after=2026-10-01&date_before=2026-10-31")
    assert response.status_code == 200
    assert [row["date"] for row in response.json()["results"]] == [f"2026-10-0{d}" for d in range(1, 8)] + ["2026-10-10"]
    assert client.post("/api/v1/calendar-days/", {"date": "2027-02-20", "is_workday": True}).status_code == 403
    client.force_login(org.staff)
    response = client.post("/api/v1/calendar-days/", {"date": "2027-02-20", "is_workday": True, "name": "春节调休上班"})
    assert response.status_code == 201
    assert CalendarDay.objects.filter(date=D(2027, 2, 20), is_workday=True).exists()

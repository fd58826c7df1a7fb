"""Public holidays: the official 2026 notice, and the statutory holidays of any year computed by rule.

2026: 国务院办公厅关于2026年部分节假日安排的通知 (seeded, confirmed). Holidays falling on a weekend
are listed too, so the admin shows the whole break.

Later years are computed from 《全国年节及纪念日放假办法》 (as revised in 2024, in force from 2025):
元旦 1 day (1/1), 春节 4 days (除夕 to 初三), 清明 1 day (the solar term), 劳动节 2 days (5/1–5/2),
端午 1 day (lunar 5/5), 中秋 1 day (lunar 8/15), 国庆 3 days (10/1–10/3). A statutory day that falls
on a weekend is made up on the next working day (补休, art. 6 of the rules). The result is
*provisional*: each year the State Council publishes the actual breaks with their 调休 weekends;
staff enter those and confirm the year (CalendarYear).
"""

import datetime

from lunardate import LunarDate

ONE_DAY = datetime.timedelta(days=1)

HOLIDAYS = [  # (name, first day, last day), not worked
    ("元旦", "2026-01-01", "2026-01-03"),
    ("春节", "2026-02-15", "2026-02-23"),
    ("清明节", "2026-04-04", "2026-04-06"),
    ("劳动节", "2026-05-01", "2026-05-05"),
    ("端午节", "2026-06-19", "2026-06-21"),
    ("中秋节", "2026-09-25", "2026-09-27"),
    ("国庆节", "2026-10-01", "2026-10-07"),
]
EXCHANGE_WORKDAYS = [  # weekend days worked in exchange (调休上班)
    ("元旦调休上班", "2026-01-04"),
    ("春节调休上班", "2026-02-14"),
    ("春节调休上班", "2026-02-28"),
    ("劳动节调休上班", "2026-05-09"),
    ("国庆节调休上班", "2026-09-20"),
    ("国庆节调休上班", "2026-10-10"),
]


def official_days():
    """(date, is_workday, name) for every listed day."""
    for name, first, last in HOLIDAYS:
        day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= end:
            yield day, False, name
            day += datetime.timedelta(days=1)
    for name, day in EXCHANGE_WORKDAYS:
        yield datetime.date.fromisoformat(day), True, name


def seed_calendar(calendar_day_model, *, using="default", only_if_empty=False):
    """Write the official days into the CalendarDay table (the model is passed in, so migrations can call it).

    With only_if_empty, leave a calendar that has any rows alone (staff may have edited it).
    """
    manager = calendar_day_model.objects.db_manager(using)
    if only_if_empty and manager.exists():
        return 0
    for day, is_workday, name in official_days():
        manager.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})
    return sum(1 for _ in official_days())


def qingming(year):
    """清明 (the solar term) for 2000–2099: April ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋, Y = year − 2000
    (the "C value" formula, C = 4.81 for the 21st century)."""
    if not 2000 <= year <= 2099:
        raise ValueError(f"清明 formula valid for 2000–2099, not {year}")
    y = year - 2000
    return datetime.date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def _lunar(year, month, day):
    return LunarDate(year, month, day).to_solar_date()


def statutory_holidays(year):
    """[(name, [dates])] of the statutory holidays of `year`, before 补休."""
    new_year = _lunar(year, 1, 1)
    return [
        ("元旦", [datetime.date(year, 1, 1)]),
        ("春节", [new_year - ONE_DAY + ONE_DAY * i for i in range(4)]),  # 除夕, 初一, 初二, 初三
        ("清明节", [qingming(year)]),
        ("劳动节", [datetime.date(year, 5, 1), datetime.date(year, 5, 2)]),
        ("端午节", [_lunar(year, 5, 5)]),
        ("中秋节", [_lunar(year, 8, 15)]),
        ("国庆节", [datetime.date(year, 10, 1) + ONE_DAY * i for i in range(3)]),
    ]


def computed_days(year):
    """(date, name) of every day off of `year` by rule: the statutory days, and for each one falling on
    a weekend a 补休 on the next weekday after the holiday that is not already off. Sorted by date."""
    off = {}
    for name, days in statutory_holidays(year):
        for day in days:
            off.setdefault(day, name)
    for name, days in statutory_holidays(year):
        owed = sum(1 for day in days if day.weekday() >= 5)
        day = max(days)
        while owed:
            day += ONE_DAY
            if day.weekday() < 5 and day not in off:
                off[day] = f"{name}补休"
                owed -= 1
    return sorted(off.items())

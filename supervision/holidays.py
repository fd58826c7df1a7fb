"""The official public holidays and 调休 working weekends, used to seed the calendar table.

2026: 国务院办公厅关于2026年部分节假日安排的通知. Holidays falling on a weekend are listed too, so
the admin shows the whole break. Staff maintain later years in the admin (节假日与调休).
"""

import datetime

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

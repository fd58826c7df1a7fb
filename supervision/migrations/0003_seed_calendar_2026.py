"""Seed the 2026 Chinese public holidays and 调休 working weekends (国务院办公厅 2026 年部分节假日安排).

Holidays falling on a weekend are listed too, so the calendar page shows the whole break.
Staff maintain later years in the admin (节假日与调休).
"""

import datetime

from django.db import migrations

HOLIDAYS_2026 = [
    ("元旦", "2026-01-01", "2026-01-03"),
    ("春节", "2026-02-15", "2026-02-23"),
    ("清明节", "2026-04-04", "2026-04-06"),
    ("劳动节", "2026-05-01", "2026-05-05"),
    ("端午节", "2026-06-19", "2026-06-21"),
    ("中秋节", "2026-09-25", "2026-09-27"),
    ("国庆节", "2026-10-01", "2026-10-07"),
]
WORKDAYS_2026 = [  # weekend days worked in exchange (调休上班)
    ("元旦调休上班", "2026-01-04"),
    ("春节调休上班", "2026-02-14"),
    ("春节调休上班", "2026-02-28"),
    ("劳动节调休上班", "2026-05-09"),
    ("国庆节调休上班", "2026-09-20"),
    ("国庆节调休上班", "2026-10-10"),
]


def _days():
    for name, first, last in HOLIDAYS_2026:
        day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= end:
            yield day, False, name
            day += datetime.timedelta(days=1)
    for name, day in WORKDAYS_2026:
        yield datetime.date.fromisoformat(day), True, name


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("supervision", "CalendarDay")
    for day, is_workday, name in _days():
        CalendarDay.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("supervision", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day for day, _, _ in _days()]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0002_reminder_due_date_delivery_retry"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

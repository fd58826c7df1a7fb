"""Data: 2026 is the confirmed official calendar; 2027 and 2028 are computed (provisional); pending
co-signing and rating obligations get their on-due moment (the sweep expires / closes them)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

from supervision.holidays import computed_days

NOTICE_2026 = "国务院办公厅关于2026年部分节假日安排的通知"
DUE_ACTION_KINDS = ["proposal_cosign", "proposal_rating"]


def forwards(apps, schema_editor):
    db = schema_editor.connection.alias
    CalendarYear = apps.get_model("supervision", "CalendarYear")
    CalendarDay = apps.get_model("supervision", "CalendarDay")
    Obligation = apps.get_model("supervision", "Obligation")
    if CalendarDay.objects.using(db).filter(date__year=2026).exists():
        CalendarYear.objects.using(db).get_or_create(year=2026, defaults={"confirmed": True, "note": NOTICE_2026})
    for year in (2027, 2028):
        if CalendarYear.objects.using(db).filter(year=year).exists():
            continue
        CalendarYear.objects.using(db).create(year=year, confirmed=False)
        known = set(CalendarDay.objects.using(db).filter(date__year=year).values_list("date", flat=True))
        CalendarDay.objects.using(db).bulk_create(
            CalendarDay(date=day, is_workday=False, name=name) for day, name in computed_days(year) if day not in known
        )
    zone = ZoneInfo(settings.TIME_ZONE)
    pending = Obligation.objects.using(db).filter(state__in=["open", "extended", "overdue"], kind__in=DUE_ACTION_KINDS)
    for ob in pending.only("pk", "due_date"):
        moment = dt.datetime.combine(ob.due_date + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        Obligation.objects.using(db).filter(pk=ob.pk).update(due_action_at=moment)


def backwards(apps, schema_editor):
    db = schema_editor.connection.alias
    CalendarYear = apps.get_model("supervision", "CalendarYear")
    CalendarDay = apps.get_model("supervision", "CalendarDay")
    for year in CalendarYear.objects.using(db).filter(confirmed=False).values_list("year", flat=True):
        CalendarDay.objects.using(db).filter(date__in=[day for day, _ in computed_days(year)]).delete()
    CalendarYear.objects.using(db).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0006_deadlines_calendar_years_due_actions_messages"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

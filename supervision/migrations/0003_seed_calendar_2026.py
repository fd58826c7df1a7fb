"""Seed the 2026 Chinese public holidays and 调休 working weekends (see supervision/holidays.py)."""

from django.db import migrations

from supervision.holidays import official_days, seed_calendar


def seed(apps, schema_editor):
    seed_calendar(apps.get_model("supervision", "CalendarDay"), using=schema_editor.connection.alias)


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("supervision", "CalendarDay")
    CalendarDay.objects.using(schema_editor.connection.alias).filter(date__in=[day for day, _, _ in official_days()]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0002_reminder_due_date_delivery_retry"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

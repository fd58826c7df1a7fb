from django.db import migrations, models


def fill_reminder_due_dates(apps, schema_editor):
    """Existing reminders were counted from their obligation's current due date."""
    Reminder = apps.get_model("supervision", "Reminder")
    for reminder in Reminder.objects.select_related("obligation").filter(due_date__isnull=True):
        reminder.due_date = reminder.obligation.due_date
        reminder.save(update_fields=["due_date"])


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='reminder',
            name='reminder_once_per_stage',
        ),
        migrations.AddField(
            model_name='delivery',
            name='next_attempt_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='下次尝试时间'),
        ),
        migrations.AddField(
            model_name='reminder',
            name='due_date',
            field=models.DateField(null=True, verbose_name='对应截止日期'),
        ),
        migrations.RunPython(fill_reminder_due_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='reminder',
            name='due_date',
            field=models.DateField(verbose_name='对应截止日期'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['state', 'next_attempt_at'], name='delivery_due'),
        ),
        migrations.AddIndex(
            model_name='sweeprun',
            index=models.Index(fields=['source', 'started_at'], name='sweeprun_source_started'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(fields=('obligation', 'due_date', 'stage'), name='reminder_once_per_stage_and_due'),
        ),
    ]

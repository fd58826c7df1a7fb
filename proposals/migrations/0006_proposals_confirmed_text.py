from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0005_limits_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="cosignature",
            name="confirmed_text",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="确认的文本版本"),
        ),
    ]

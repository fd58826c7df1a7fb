"""Hand-written data migration: index the proposals stored before the similar-proposal index existed
(the same as `manage.py index_proposals --rebuild`)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from proposals import similarity

    similarity.rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0008_similar_index")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

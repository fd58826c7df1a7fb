"""Hand-written data migration: the search rows of the proposals stored before the full-text index existed
(the same as `manage.py index_proposals --rebuild` does for the search rows)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from proposals import search

    search.rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0012_fts_search")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

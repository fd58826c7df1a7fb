"""The frequency requirement per committee level as editable rows (consult.plans.frequency.DEFAULT_RULES):
county ≥ 4 a year, township every two weeks (24), city 1246+X, province ≥ 4."""

from django.db import migrations

DEFAULTS = {
    "province": [("", 4, "")],
    "city": [("plenary", 1, "1246+X：全体会议集中协商"), ("face_to_face", 2, "1246+X：党政主要领导与委员面对面协商"),
             ("standing", 4, "1246+X：常委会议专题协商"), ("bimonthly", 6, "1246+X：双月座谈协商")],
    "county": [("", 4, "每年至少 4 次协商")],
    "township": [("", 24, "每两周一次")],
}


def seed(apps, schema_editor):
    FrequencyRule = apps.get_model("consult", "FrequencyRule")
    for level, rules in DEFAULTS.items():
        for meeting_type, per_year, note in rules:
            FrequencyRule.objects.get_or_create(level=level, committee=None, meeting_type=meeting_type,
                                                defaults={"per_year": per_year, "note": note})


class Migration(migrations.Migration):
    dependencies = [("consult", "0001_consult_models")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

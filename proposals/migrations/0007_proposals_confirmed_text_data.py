"""Hand-written: stamp existing confirmations with the text they stand for today (the text they saw)."""

import hashlib

from django.db import migrations


def text_version(title, reason, suggestions):
    # the same digest as proposals.services.drafting.text_version
    joined = "\x1f".join(part or "" for part in (title, reason, suggestions))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def stamp(apps, schema_editor):
    CoSignature = apps.get_model("proposals", "CoSignature")
    rows = CoSignature.objects.filter(state="confirmed", is_initiator=False, confirmed_text="").select_related("proposal")
    for sig in rows.iterator():
        p = sig.proposal
        sig.confirmed_text = text_version(p.title, p.reason, p.suggestions)
        sig.save(update_fields=["confirmed_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0006_proposals_confirmed_text"),
    ]

    operations = [
        migrations.RunPython(stamp, migrations.RunPython.noop),
    ]

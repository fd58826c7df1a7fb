"""Choice labels from a table made once per field and language.

Django's `get_FOO_display()` rebuilds a dict of every choice on each call, hashing each lazy label (a
translation lookup apiece): for the obligation kinds, some forty labels per row of the deadline list. The
lists call it for every row and column, which cost a quarter of their time. `use_label_tables()` (from
PortalConfig.ready) makes our models' `get_FOO_display()` read this table instead; the answers are the
same, in the active language."""

from functools import partialmethod

from django.apps import apps
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_LABELS = {}  # (model field, language) -> {value: label}


def choice_labels(field):
    """`field`'s table in the active language: {value: label} (hashable values)."""
    key = (field, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {make_hashable(v): str(label) for v, label in field.flatchoices}
    return labels


def choice_label(field, value):
    """What `get_FOO_display()` answers for `value` of `field`: its label, else the value itself."""
    labels = choice_labels(field)
    try:
        return labels.get(value, value)
    except TypeError:  # an unhashable value (a list in a JSON field's choices)
        return labels.get(make_hashable(value), value)


def _display(self, *, field):
    return choice_label(field, getattr(self, field.attname))


def use_label_tables(app_labels):
    """Point the generated `get_FOO_display` of these apps' models at the table (a method a model writes
    itself is left alone)."""
    for model in apps.get_models():
        if model._meta.app_label not in app_labels:
            continue
        for field in model._meta.local_fields:
            name = f"get_{field.name}_display"
            if field.choices is not None and isinstance(model.__dict__.get(name), partialmethod):
                setattr(model, name, partialmethod(_display, field=field))

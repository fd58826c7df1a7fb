"""Form fields every page uses in place of Django's own.

- Django's model choice fields send a posted id straight to the database: an id no integer column can hold
  ("999…9", thirty digits) raised an overflow there, a server error instead of "not a valid choice". These
  refuse it first, with Django's own message.
- Their options are read with one plain query. Django reads them with `iterator()`, which on PostgreSQL
  opens a server-side cursor (DECLARE, FETCH, CLOSE: three round trips) for a list of a few dozen rows."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

from .filters import ID_MAX
from .html import escaped


def _holds(value):
    try:
        return 1 <= int(str(value).strip()) <= ID_MAX
    except ValueError:
        return True  # not a number at all: Django's own check answers it


class _Options(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label_fields = getattr(self.field, "label_fields", None)
        if label_fields:  # (pk, label) as values: no model instance per option
            for pk, *parts in self.queryset.values_list("pk", *label_fields):
                yield (pk, "".join(parts))
            return
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """`label_fields`: the fields whose values, joined, are an option's label — what `str()` of the row
    gives (e.g. ("name",), or ("term__name", "name") for a session); the options are then read as values,
    without a model instance each (a province's 140 committees on every filter form). Validation still
    reads the row from the queryset."""

    iterator = _Options

    def __init__(self, *args, label_fields=None, **kwargs):
        self.label_fields = tuple(label_fields) if label_fields else None
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not _holds(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _Options

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not _holds(pk):
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": pk})
        return super()._check_values(value)


class PlainSelect(forms.Select):
    """A `<select>` written out in Python: Django renders each option through a template of its own, about
    50 µs an option, which for the public form's hundreds of community groups was most of the page's time.
    Same markup as Django's (attributes, `selected`, escaping); no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        final = self.build_attrs(self.attrs, attrs)  # written as Django's attrs.html writes them, in order
        written = format_html_join("", "{}", (
            (format_html(" {}", key) if val is True else format_html(' {}="{}"', key, val),)
            for key, val in final.items() if val is not False and val is not None))
        chosen = {str(v) for v in self.format_value(value)}
        options = []  # one f-string per option, escaped as format_html would (~10 µs an option less)
        for v, label in self.choices:
            v = str(getattr(v, "value", v))
            options.append(f'<option value="{escaped(v)}"{" selected" if v in chosen else ""}>'
                           f'{escaped(label)}</option>')
        return format_html('<select name="{}"{}>{}</select>', name, written, mark_safe("".join(options)))

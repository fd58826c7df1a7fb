"""The one strict filtering layer of the API (every list, every app).

A query value we cannot use is a 400 that names the parameter, never silently ignored and never a
500: ids are whole numbers in the database's range, booleans are true/false, choices are checked,
and `ordering` accepts only the fields a view declares. Every FilterSet of the API derives from
`StrictFilterSet` (tests/test_api_attacks.py checks that for every registered view), and the
FilterSets built from a view's `filterset_fields` do too (`StrictFilterBackend.filterset_base`).
"""

import django_filters as filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters as drf_filters
from rest_framework.exceptions import ValidationError

from . import limits

# The range every database we run on stores in a BIGINT (ids); IntegerField columns are narrower on
# PostgreSQL, and their serializers and filters take the bounds from the model field's validators.
ID_MAX = 2**63 - 1
INT_MAX = 2**31 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    """A record id: a whole number from 1 up to the BIGINT range (NumberFilter would take decimals)."""

    field_class = IdField


class IntegerFilter(filters.NumberFilter):
    """A whole number in the range of an INTEGER column (e.g. a year)."""

    class field_class(forms.IntegerField):  # noqa: N801 - django-filter's attribute name
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("min_value", -INT_MAX - 1)
            kwargs.setdefault("max_value", INT_MAX)
            super().__init__(*args, **kwargs)


class RawNullBooleanSelect(forms.NullBooleanSelect):
    """The yes/no/any select, handing the raw value on (NullBooleanSelect turns the unknown into None)."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, True/False); anything else is an error instead of "no filter"."""

    widget = RawNullBooleanSelect
    TRUE, FALSE = {"true", "1", "True"}, {"false", "0", "False"}
    default_error_messages = {"invalid": gettext_lazy("请填写 true 或 false。")}

    def to_python(self, value):
        if value in (None, "", "unknown"):
            return None
        if isinstance(value, bool):
            return value
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


def column_range(field):
    """min_value/max_value of a model integer field: what its column stores (its validators say so)."""
    bounds = {}
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            bounds["min_value"] = max(bounds.get("min_value", validator.limit_value), validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            bounds["max_value"] = min(bounds.get("max_value", validator.limit_value), validator.limit_value)
    return bounds


INTEGER_COLUMN = {"filter_class": IntegerFilter, "extra": column_range}


class StrictFilterSet(filters.FilterSet):
    """Base of every API FilterSet: the strict filters above for the fields generated from the model."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        models.AutoField: {"filter_class": IdFilter},
        models.BigAutoField: {"filter_class": IdFilter},
        models.BooleanField: {"filter_class": BooleanFilter},
        models.SmallIntegerField: INTEGER_COLUMN,
        models.IntegerField: INTEGER_COLUMN,
        models.PositiveIntegerField: INTEGER_COLUMN,
        models.PositiveSmallIntegerField: INTEGER_COLUMN,
    }


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter for the API; a view's `filterset_fields` become a StrictFilterSet too."""

    filterset_base = StrictFilterSet


class SearchFilter(drf_filters.SearchFilter):
    """`search` as text: a NUL character (which PostgreSQL cannot compare) is a 400, not a 500; so is a
    term longer than limits.SEARCH characters (bounded work per request)."""

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value:
            raise ValidationError({self.search_param: [_("不能包含空字符。")]})
        if len(value) > limits.SEARCH:
            raise ValidationError({self.search_param: [
                _("搜索词太长：最多 %(limit)d 个字符（现有 %(length)d 个）。") % {"limit": limits.SEARCH, "length": len(value)}
            ]})
        return super().get_search_terms(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = limits.SEARCH
        return parameters


class OrderingFilter(drf_filters.OrderingFilter):
    """`ordering` names only fields the view offers; anything else is a 400 naming the parameter."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            wanted = [param.strip() for param in params.split(",")]
            valid = self.remove_invalid_fields(queryset, wanted, view, request)
            if len(valid) != len(wanted):
                allowed = sorted(name for name, _label in self.get_valid_fields(queryset, view, {"request": request}))
                raise ValidationError({self.ordering_param: [
                    _("不能按“%(value)s”排序；可用：%(allowed)s。") % {"value": params, "allowed": ", ".join(allowed) or "-"}
                ]})
        return super().get_ordering(request, queryset, view)

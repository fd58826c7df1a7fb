"""Filters for obligation lists, shared by the page and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Committee, HandlingUnit
from portal.filters import BooleanFilter, StrictFilterSet

from .enums import PENDING_STATES, ObligationKind, ObligationState, OwnerKind
from .models import Obligation


def overdue_q(today=None):
    """Overdue: marked so, or still pending with the due date passed (before the sweep marks it)."""
    today = today or timezone.localdate()
    return Q(state=ObligationState.OVERDUE) | Q(state__in=PENDING_STATES, due_date__lt=today)


class ObligationFilter(StrictFilterSet):
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ObligationState.choices)
    kind = django_filters.ChoiceFilter(label=_("事项类型"), choices=ObligationKind.choices)
    owner_kind = django_filters.ChoiceFilter(label=_("责任方类型"), choices=OwnerKind.choices)
    committee = django_filters.ModelChoiceFilter(label=_("政协组织"), queryset=Committee.objects.all())
    owner_unit = django_filters.ModelChoiceFilter(label=_("责任单位"), queryset=HandlingUnit.objects.all())
    due_after = django_filters.DateFilter(label=_("截止日期起"), field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(label=_("截止日期止"), field_name="due_date", lookup_expr="lte")
    overdue = BooleanFilter(label=_("已逾期"), method="filter_overdue")

    class Meta:
        model = Obligation
        fields = ["state", "kind", "owner_kind", "committee", "owner_unit", "due_after", "due_before", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

"""Query filters of the 委员接待日 lists (portal.filters.StrictFilterSet: an unusable value is a 400)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from members.enums import DutyState, StudioKind
from members.models import ReceptionDuty, Studio
from portal.filters import BooleanFilter, IdFilter, IntegerFilter, StrictFilterSet

from .enums import DayState, SwapState
from .models import DutySwap, ReceptionDay


class StudioFilter(StrictFilterSet):
    committee = IdFilter(field_name="committee_id", label=_("政协组织"))
    kind = filters.ChoiceFilter(choices=StudioKind.choices, label=_("类型"))
    active = BooleanFilter(field_name="active", label=_("启用"))

    class Meta:
        model = Studio
        fields = ["committee", "kind", "active"]


class _Dated(StrictFilterSet):
    studio = IdFilter(field_name="studio_id", label=_("工作室"))
    year = IntegerFilter(field_name="date__year", label=_("年度"), min_value=2000, max_value=2100)
    month = IntegerFilter(field_name="date__month", label=_("月份"), min_value=1, max_value=12)


class DayFilter(_Dated):
    state = filters.ChoiceFilter(choices=DayState.choices, label=_("状态"))

    class Meta:
        model = ReceptionDay
        fields = ["studio", "year", "month", "state"]


class DutyFilter(_Dated):
    member = IdFilter(field_name="member_id", label=_("委员"))
    state = filters.MultipleChoiceFilter(choices=DutyState.choices, label=_("状态"), distinct=False)

    class Meta:
        model = ReceptionDuty
        fields = ["studio", "year", "month", "member", "state"]


class SwapFilter(StrictFilterSet):
    state = filters.MultipleChoiceFilter(choices=SwapState.choices, label=_("状态"), distinct=False)

    class Meta:
        model = DutySwap
        fields = ["state"]

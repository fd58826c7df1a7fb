"""Query filters of the 社情民意 API lists (StrictFilterSet: an unusable value is a 400 naming the parameter)."""

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from portal.filters import IdFilter, IntegerFilter, StrictFilterSet

from ..models import Bulletin, OpinionReport, ReportForward
from .enums import BulletinKind, BulletinState, ForwardState, ReportState


class ReportFilter(StrictFilterSet):
    state = filters.MultipleChoiceFilter(choices=ReportState.choices, label=_("状态"), distinct=False)
    committee = IdFilter(field_name="committee_id", label=_("政协组织"))
    submitter = IdFilter(field_name="submitter_id", label=_("报送人"))
    bulletin = IdFilter(field_name="bulletin_id", label=_("编入刊物"))
    year = IntegerFilter(field_name="created_at__year", label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = OpinionReport
        fields = ["state", "committee", "submitter", "bulletin", "year"]


class BulletinFilter(StrictFilterSet):
    bulletin_kind = filters.ChoiceFilter(field_name="kind", choices=BulletinKind.choices, label=_("刊物"))
    state = filters.ChoiceFilter(choices=BulletinState.choices, label=_("状态"))
    committee = IdFilter(field_name="committee_id", label=_("政协组织"))
    year = IntegerFilter(field_name="year", label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = Bulletin
        fields = ["bulletin_kind", "state", "committee", "year"]


class ForwardFilter(StrictFilterSet):
    state = filters.ChoiceFilter(choices=ForwardState.choices, label=_("状态"))
    unit = IdFilter(field_name="unit_id", label=_("办理部门"))
    report = IdFilter(field_name="report_id", label=_("社情民意信息"))

    class Meta:
        model = ReportForward
        fields = ["state", "unit", "report"]

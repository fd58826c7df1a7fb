"""Query filters of the proposal lists (API and pages): state, category, kind, session, unit, key,
disclosed, overdue; text search is the API's `search` (title, number, 案由, 建议, proposer)."""

import django_filters as filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from portal.filters import BooleanFilter, IdFilter, StrictFilterSet

from .enums import AssignmentRole, AssignmentState, ProposalKind, ProposalPeriod, ProposalState
from .models import Assignment, Proposal
from .selectors import filter_overdue, subtree_only


class ProposalFilter(StrictFilterSet):
    # distinct=False: a proposal has one state, no join can repeat it (DISTINCT would sort every wide row).
    state = filters.MultipleChoiceFilter(choices=ProposalState.choices, label=_("状态"), distinct=False)
    kind = filters.ChoiceFilter(choices=ProposalKind.choices, label=_("提案类型"))
    period = filters.ChoiceFilter(choices=ProposalPeriod.choices, label=_("提出时间"))
    category = IdFilter(field_name="category_id", label=_("分类"))
    session = IdFilter(field_name="session_id", label=_("届次会议"))
    committee = IdFilter(field_name="committee_id", label=_("政协组织"))
    unit = IdFilter(method="filter_unit", label=_("承办单位"))
    role = filters.ChoiceFilter(choices=AssignmentRole.choices, method="filter_noop", label=_("办理方式（与承办单位同用）"))
    is_key = BooleanFilter(label=_("重点提案"))
    disclosed = BooleanFilter(field_name="disclosure_consent", label=_("同意公开"))
    overdue = BooleanFilter(method="filter_overdue", label=_("逾期未答复"))

    class Meta:
        model = Proposal
        fields = ["state", "kind", "period", "category", "session", "committee", "unit", "is_key", "disclosed", "overdue"]

    def filter_unit(self, qs, name, value):
        assigned = Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=value).exclude(state=AssignmentState.WITHDRAWN)
        role = self.data.get("role")
        if role:
            assigned = assigned.filter(role=role)
        return qs.filter(Exists(assigned))

    def filter_noop(self, qs, name, value):
        return qs

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        user = getattr(self.request, "user", None)
        overdue = filter_overdue(qs, committee_ids=subtree_only(user) if user is not None else None)
        return overdue if value else qs.exclude(pk__in=overdue.values("pk"))


class AssignmentFilter(StrictFilterSet):
    state = filters.MultipleChoiceFilter(choices=AssignmentState.choices, label=_("状态"), distinct=False)
    role = filters.ChoiceFilter(choices=AssignmentRole.choices, label=_("办理方式"))
    unit = IdFilter(field_name="unit_id", label=_("承办单位"))
    proposal = IdFilter(field_name="proposal_id", label=_("提案"))

    class Meta:
        model = Assignment
        fields = ["state", "role", "unit", "proposal"]

"""Query filters for the organisation API (django-filter).

`within=<committee id>` selects a committee's whole subtree (the committee itself included) with
one indexed prefix match on `Committee.path`, done as a subquery so it costs no extra round trip.
"""

import django_filters as filters
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from portal.filters import BooleanFilter, IdFilter, StrictFilterSet

from .enums import CommitteeLevel, Party, Role, StudioKind
from .models import (
    Committee,
    HandlingUnit,
    Member,
    MemberGroup,
    RoleAssignment,
    Sector,
    Session,
    SpecialCommittee,
    Studio,
    Term,
)


class WithinFilter(IdFilter):
    """Rows whose committee lies in the subtree of the given committee."""

    def __init__(self, *args, committee_field="committee", **kwargs):
        kwargs.setdefault("label", _("所属政协组织及其下级（政协组织 ID）"))
        self.committee_field = committee_field
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        root_path = Committee.objects.filter(pk=value).values("path")[:1]
        prefix = f"{self.committee_field}__" if self.committee_field else ""
        return qs.filter(**{f"{prefix}path__startswith": Subquery(root_path)})


def committee_filter(field_name="committee"):
    return IdFilter(field_name=field_name, label=_("政协组织 ID"))


class CommitteeFilter(StrictFilterSet):
    level = filters.ChoiceFilter(choices=CommitteeLevel.choices, label=_("层级"))
    parent = IdFilter(field_name="parent", label=_("上级政协组织 ID"))
    within = WithinFilter(committee_field="")

    class Meta:
        model = Committee
        fields = ["level", "parent", "within"]


class TermFilter(StrictFilterSet):
    committee = committee_filter()
    is_current = BooleanFilter(label=_("本届"))

    class Meta:
        model = Term
        fields = ["committee", "is_current"]


class SessionFilter(StrictFilterSet):
    term = IdFilter(field_name="term", label=_("届 ID"))
    committee = committee_filter("term__committee")

    class Meta:
        model = Session
        fields = ["term", "committee"]


class CommitteeScopedFilter(StrictFilterSet):
    """`committee` and `within` for any model with a `committee` foreign key."""

    committee = committee_filter()
    within = WithinFilter()


class SectorFilter(CommitteeScopedFilter):
    class Meta:
        model = Sector
        fields = ["committee", "within"]


class SpecialCommitteeFilter(CommitteeScopedFilter):
    handles_proposals = BooleanFilter(label=_("提案委员会"))

    class Meta:
        model = SpecialCommittee
        fields = ["committee", "within", "handles_proposals"]


class MemberGroupFilter(CommitteeScopedFilter):
    class Meta:
        model = MemberGroup
        fields = ["committee", "within"]


class StudioFilter(CommitteeScopedFilter):
    kind = filters.ChoiceFilter(choices=StudioKind.choices, label=_("类型"))

    class Meta:
        model = Studio
        fields = ["committee", "within", "kind"]


class HandlingUnitFilter(CommitteeScopedFilter):
    active = BooleanFilter(label=_("启用"))

    class Meta:
        model = HandlingUnit
        fields = ["committee", "within", "active"]


class MemberFilter(CommitteeScopedFilter):
    sector = IdFilter(field_name="sector", label=_("界别 ID"))
    special_committee = IdFilter(field_name="special_committee", label=_("专门委员会 ID"))
    member_group = IdFilter(field_name="member_group", label=_("委员小组 ID"))
    township = IdFilter(field_name="township", label=_("所在乡镇（街道）ID"))
    party = filters.ChoiceFilter(choices=Party.choices, label=_("党派"))
    is_standing = BooleanFilter(label=_("常委"))
    is_chair_member = BooleanFilter(label=_("主席会议成员"))
    is_convenor = BooleanFilter(label=_("召集人"))
    is_info_officer = BooleanFilter(label=_("信息员"))
    active = BooleanFilter(label=_("在任"))

    class Meta:
        model = Member
        fields = [
            "committee", "within", "sector", "special_committee", "member_group", "township", "party",
            "is_standing", "is_chair_member", "is_convenor", "is_info_officer", "active",
        ]


class RoleAssignmentFilter(CommitteeScopedFilter):
    role = filters.ChoiceFilter(choices=Role.choices, label=_("角色"))
    user = IdFilter(field_name="user", label=_("账号 ID"))
    unit = IdFilter(field_name="unit", label=_("承办单位 ID"))

    class Meta:
        model = RoleAssignment
        fields = ["committee", "within", "role", "user", "unit"]

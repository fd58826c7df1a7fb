"""The organisation API under /api/v1/: committees, terms, sessions, sectors, members, units, roles, me.

Reads go through the `*_visible_to(user)` selectors (what is outside a user's scope is a 404),
writes need staff rights over the record's committee (`ScopedPermission`, 403 otherwise).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response

from portal.api import ScopedCreateUpdateViewSet, ScopedReadOnlyViewSet

from . import filters, selectors, serializers
from .scopes import scope_for


class CommitteeViewSet(ScopedReadOnlyViewSet):
    """政协组织：按层级、上级或子树（within）筛选。"""

    visible_to = staticmethod(selectors.committees_visible_to)
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filters.CommitteeFilter
    search_fields = ["name", "code"]
    ordering_fields = ["path", "name", "order"]


class TermViewSet(ScopedReadOnlyViewSet):
    """届。"""

    visible_to = staticmethod(selectors.terms_visible_to)
    serializer_class = serializers.TermSerializer
    filterset_class = filters.TermFilter
    ordering_fields = ["number", "start_date"]


class SessionViewSet(ScopedReadOnlyViewSet):
    """次会议。"""

    visible_to = staticmethod(selectors.sessions_visible_to)
    committee_field = "term__committee"
    select_related = ("term",)
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilter
    ordering_fields = ["number", "start_date"]


class SectorViewSet(ScopedCreateUpdateViewSet):
    """界别：所有人可读，机关工作人员可在本级及下级新增、修改。"""

    visible_to = staticmethod(selectors.sectors_visible_to)
    serializer_class = serializers.SectorSerializer
    filterset_class = filters.SectorFilter
    search_fields = ["name"]
    ordering_fields = ["order", "name"]


class SpecialCommitteeViewSet(ScopedCreateUpdateViewSet):
    """专门委员会：所有人可读，机关工作人员可在本级及下级新增、修改。"""

    visible_to = staticmethod(selectors.special_committees_visible_to)
    serializer_class = serializers.SpecialCommitteeSerializer
    filterset_class = filters.SpecialCommitteeFilter
    search_fields = ["name"]
    ordering_fields = ["order", "name"]


class MemberViewSet(ScopedCreateUpdateViewSet):
    """委员：按组织、子树、界别、专委会、党派、乡镇、角色筛选，按姓名或工作单位搜索。

    非机关工作人员看到的手机号码为掩码（本人除外），且不返回出生日期和邮箱。
    """

    visible_to = staticmethod(selectors.members_visible_to)
    select_related = ("committee", "sector", "special_committee", "township", "member_group")
    serializer_class = serializers.MemberSerializer
    filterset_class = filters.MemberFilter
    search_fields = ["name", "employer"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        if self.action == "list":  # the names by subquery, not five joins (selectors.with_member_names)
            return selectors.with_member_names(type(self).visible_to(self.request.user))
        return super().get_queryset()


class MemberGroupViewSet(ScopedReadOnlyViewSet):
    """委员小组。"""

    visible_to = staticmethod(selectors.member_groups_visible_to)
    select_related = ("leader",)
    serializer_class = serializers.MemberGroupSerializer
    filterset_class = filters.MemberGroupFilter
    search_fields = ["name", "community"]
    ordering_fields = ["name"]


class StudioViewSet(ScopedReadOnlyViewSet):
    """委员工作室、委员之家、议事厅。"""

    visible_to = staticmethod(selectors.studios_visible_to)
    prefetch_related = ("members",)
    serializer_class = serializers.StudioSerializer
    filterset_class = filters.StudioFilter
    search_fields = ["name", "address"]
    ordering_fields = ["name"]


class HandlingUnitViewSet(ScopedCreateUpdateViewSet):
    """承办单位：联络员只看到本单位；机关工作人员可新增、修改。非机关人员看到的电话为掩码（本单位联络员除外）。"""

    visible_to = staticmethod(selectors.units_visible_to)
    serializer_class = serializers.HandlingUnitSerializer
    filterset_class = filters.HandlingUnitFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["name"]


class IsScopeStaff(permissions.BasePermission):
    message = _("只有机关工作人员可以查看。")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and scope_for(request.user).is_staff)


class RoleAssignmentViewSet(ScopedReadOnlyViewSet):
    """角色分配：仅机关工作人员可查看其管理范围内的分配。"""

    visible_to = staticmethod(selectors.role_assignments_visible_to)
    permission_classes = [IsScopeStaff]
    select_related = ("user",)
    serializer_class = serializers.RoleAssignmentSerializer
    filterset_class = filters.RoleAssignmentFilter
    ordering_fields = ["id"]
    ordering = ["committee", "role", "id"]


class MeViewSet(viewsets.ViewSet):
    """当前登录用户的角色、委员记录、承办单位和可管理/可查看的政协组织。"""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(operation_id="v1_me_retrieve", responses=serializers.MeSerializer)
    def list(self, request):
        return Response(serializers.MeSerializer(serializers.MeSerializer.describe(request.user)).data)


ROUTES = [
    ("committees", CommitteeViewSet, "committee"),
    ("terms", TermViewSet, "term"),
    ("sessions", SessionViewSet, "session"),
    ("sectors", SectorViewSet, "sector"),
    ("special-committees", SpecialCommitteeViewSet, "special-committee"),
    ("members", MemberViewSet, "member"),
    ("member-groups", MemberGroupViewSet, "member-group"),
    ("studios", StudioViewSet, "studio"),
    ("units", HandlingUnitViewSet, "unit"),
    ("role-assignments", RoleAssignmentViewSet, "role-assignment"),
    ("me", MeViewSet, "me"),
]


def register(router):
    """Register the members viewsets on the API router."""
    for prefix, viewset, basename in ROUTES:
        router.register(prefix, viewset, basename=basename)

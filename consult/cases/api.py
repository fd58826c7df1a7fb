"""Grassroots cases (四单工作法) in the API under /api/v1/consult-cases/: the cases the caller sees (the three
banks by `bank=`), registering one on a resident's behalf, and one action per step of the workflow. The
resident's contact details are only in `contact`, for the case's managers and claimants (403 otherwise)."""

import django_filters as filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from portal import limits
from portal.filters import IdFilter, IntegerFilter, StrictFilterSet

from ..api import ConsultViewSet, responses, run, valid
from ..fields import ConsultNoteSerializer
from . import selectors, serializers, services
from .enums import BANKS, CaseGrade, CaseState, CaseTheme
from .models import CommunityCase

CASE = serializers.CaseSerializer


class CaseFilter(StrictFilterSet):
    bank = filters.ChoiceFilter(choices=[(k, v[0]) for k, v in BANKS.items()], method="filter_bank",
                                label=gettext_lazy("库：problems 问题库 / advice 建言库 / cases 案例库"))
    state = filters.MultipleChoiceFilter(choices=CaseState.choices, label=gettext_lazy("状态"), distinct=False)
    grade = filters.ChoiceFilter(choices=CaseGrade.choices, label=gettext_lazy("分类"))
    theme = filters.ChoiceFilter(choices=CaseTheme.choices, label=gettext_lazy("主题"))
    committee = IdFilter(field_name="committee_id", label=gettext_lazy("政协组织"))
    member_group = IdFilter(field_name="member_group_id", label=gettext_lazy("委员小组"))
    year = IntegerFilter(field_name="created_at__year", label=gettext_lazy("点单年度"), min_value=2000, max_value=2100)
    q = filters.CharFilter(method="filter_text", max_length=limits.SEARCH, label=gettext_lazy("关键词（事项、具体情况、协商结果、答复、案例总结；多个词须同时出现）"))

    class Meta:
        model = CommunityCase
        fields = ["bank", "state", "grade", "theme", "committee", "member_group", "year", "q"]

    def filter_bank(self, queryset, name, value):
        return selectors.bank(queryset, value) if value else queryset

    def filter_text(self, queryset, name, value):
        return selectors.matching(queryset, value)


class CaseViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """群众点单（四单工作法）：问题库、建言库、案例库是同一批点单按状态的视图；定单、分单、接单、协商解单、跟进督单、归单。"""

    visible_to = staticmethod(selectors.cases_visible_to)
    serializer_class = CASE
    filterset_class = CaseFilter
    select_related = ("committee", "member_group", "consultation")
    prefetch_related = ("claims__member", "follow_ups")
    ordering = ("-id",)

    @extend_schema(request=serializers.CaseCreateSerializer, responses=responses(CASE, 201))
    def create(self, request, *args, **kwargs):
        """代群众点单（机关工作人员、召集人、委员小组组长；委员走访、接待日值班委员）。"""
        data = valid(serializers.CaseCreateSerializer, request)
        case = run(services.register_case, actor=request.user, **data)
        return self.answer(case, status.HTTP_201_CREATED)

    def _act(self, fn, request, serializer, **extra):
        case = self.get_object()
        values = valid(serializer, request) if serializer else {}
        run(fn, case=case, actor=request.user, **values, **extra)
        return self.answer(case)

    @extend_schema(responses=responses(serializers.CaseContactSerializer))
    @action(detail=True, methods=["get"])
    def contact(self, request, pk=None):
        """群众联系方式与查询码：仅该点单的召集人、委员小组组长、本级机关工作人员和接单委员可见。"""
        case = self.get_object()
        if not services.can_see_contact(request.user, case):
            raise PermissionDenied(_("只有接单委员、委员小组组长、召集人或机关工作人员可以查看群众联系方式。"))
        return Response(serializers.CaseContactSerializer(
            {"code": case.code, "resident_name": case.resident_name, "resident_phone": case.resident_phone}).data)

    @extend_schema(request=serializers.CaseAcceptSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """定单：适合协商解决，分类（一至四类）并定主题；可同时派给委员小组。"""
        return self._act(services.accept, request, serializers.CaseAcceptSerializer)

    @extend_schema(request=serializers.CaseDeclineSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """不予受理（理由群众可见）。"""
        return self._act(services.decline, request, serializers.CaseDeclineSerializer)

    @extend_schema(request=serializers.CaseOfferSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def offer(self, request, pk=None):
        """分单：派给社区委员小组（或改派）。"""
        return self._act(services.offer, request, serializers.CaseOfferSerializer)

    @extend_schema(request=serializers.CaseClaimRequestSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """委员接单（牵头），可带共同接单委员（同组）。"""
        return self._act(services.claim, request, serializers.CaseClaimRequestSerializer)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        """共同接单。"""
        return self._act(services.join, request, ConsultNoteSerializer)

    @extend_schema(request=serializers.CaseConsultRequestSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def consult(self, request, pk=None):
        """协商解单：协商日期、地点、参加人员、涉及部门、结果。"""
        return self._act(services.consult, request, serializers.CaseConsultRequestSerializer)

    @extend_schema(request=serializers.CaseFollowUpRequestSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"], url_path="follow-up", url_name="follow-up")
    def follow_up(self, request, pk=None):
        """跟进督单。"""
        return self._act(services.follow_up, request, serializers.CaseFollowUpRequestSerializer)

    @extend_schema(request=serializers.CaseResolveSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """办结（已解决或已向群众解释说明），答复群众可见。"""
        return self._act(services.resolve, request, serializers.CaseResolveSerializer)

    @extend_schema(request=serializers.CaseArchiveSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """归单：审核入案例库，附案例总结。"""
        return self._act(services.archive, request, serializers.CaseArchiveSerializer)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"], url_path="raise-topic", url_name="raise-topic")
    def raise_topic(self, request, pk=None):
        """提升为协商议题（县区政协机关工作人员；选题来源：基层案例）。"""
        return self._act(services.raise_to_topic, request, ConsultNoteSerializer)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(CASE))
    @action(detail=True, methods=["post"], url_path="to-proposal", url_name="to-proposal")
    def to_proposal(self, request, pk=None):
        """转为本人提案草稿（接单委员；草稿由本人完善后提交）。"""
        return self._act(services.to_proposal, request, ConsultNoteSerializer)


def register(router):
    router.register("consult-cases", CaseViewSet, basename="consult-case")

"""The annual plan in the API: plans (with items), new plans and items, the frequency standing."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import selectors
from ..api import ConsultViewSet, responses, run, valid
from ..filters import PlanFilter
from ..models import PlanItem
from . import serializers, services
from .frequency import standing


class PlanViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """年度协商计划：计划事项；频次要求对照（"已召开 3 次，要求 4 次"）。"""

    visible_to = staticmethod(selectors.plans_visible_to)
    serializer_class = serializers.PlanSerializer
    filterset_class = PlanFilter
    select_related = ("committee",)
    prefetch_related = (Prefetch("items", queryset=PlanItem.objects.prefetch_related("units")),)
    ordering_fields = ["year"]
    ordering = ("-year", "id")

    @extend_schema(request=serializers.PlanCreateSerializer, responses=responses(serializers.PlanSerializer, 201))
    def create(self, request, *args, **kwargs):
        plan = run(services.create_plan, actor=request.user, **valid(serializers.PlanCreateSerializer, request))
        return self.answer(plan, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.PlanItemCreateSerializer, responses=responses(serializers.PlanSerializer, 201))
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        """添加计划事项（不含议题的常规协商，如全体会议、双月座谈；议题经定题列入）。"""
        plan = self.get_object()
        run(services.add_plan_item, plan=plan, actor=request.user, **valid(serializers.PlanItemCreateSerializer, request))
        return self.answer(plan, status.HTTP_201_CREATED)

    @extend_schema(filters=False, responses=responses(serializers.StandingSerializer))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def frequency(self, request, pk=None):
        """对照本会协商频次要求：计划是否满足，年内进度。"""
        return Response(serializers.StandingSerializer(standing(self.get_object())).data)


def register(router):
    router.register("consult-plans", PlanViewSet, basename="consult-plan")

"""委员接待日 in the API: /api/v1/consult-studios/ (staff create and edit; generate the year's roster),
/consult-reception-days/ (record the day), /consult-reception-duties/ (confirm, ask to swap),
/consult-duty-swaps/ (accept, decline, withdraw; approve, refuse). Lists through the selectors (404
outside them); every write one service call (ConsultError → 400 with its message, permission → 403)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from members.models import ReceptionDuty

from ..api import ConsultViewSet, responses, run, valid
from ..fields import ConsultNoteSerializer
from . import selectors, serializers, services
from .filters import DayFilter, DutyFilter, StudioFilter, SwapFilter

S = serializers


class StudioViewSet(ConsultViewSet):
    """委员工作室 / 委员之家 / 议事厅：机关工作人员建立和编辑（入驻委员限本级及下级政协的委员），委员可见自己入驻的工作室。"""

    visible_to = staticmethod(selectors.studios_visible_to)
    serializer_class = S.ReceptionStudioSerializer
    filterset_class = StudioFilter
    select_related = ("committee",)
    prefetch_related = ("members",)
    ordering = ("committee_id", "name", "id")

    @extend_schema(request=S.ReceptionStudioWriteSerializer, responses=responses(S.ReceptionStudioSerializer, 201))
    def create(self, request, *args, **kwargs):
        """建立工作室（本级政协机关工作人员）。"""
        data = valid(S.ReceptionStudioWriteSerializer, request)
        studio = run(services.create_studio, actor=request.user, **data)
        return self.answer(studio, status.HTTP_201_CREATED)

    @extend_schema(request=S.ReceptionStudioUpdateSerializer, responses=responses(S.ReceptionStudioSerializer))
    def partial_update(self, request, *args, **kwargs):
        """修改工作室（只改给出的字段；members 替换入驻委员名单）。"""
        studio = self.get_object()
        s = S.ReceptionStudioUpdateSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        run(services.update_studio, actor=request.user, studio=studio, **s.validated_data)
        return self.answer(studio)

    @extend_schema(request=S.RosterGenerateSerializer, responses=responses(S.RosterResultSerializer))
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        """生成（或重新生成）该年度的接待日排班：保留已确认和已过去的值班。"""
        studio = self.get_object()
        result = run(services.generate_roster, actor=request.user, studio=studio, **valid(S.RosterGenerateSerializer, request))
        return Response(S.RosterResultSerializer(result).data)


class DayViewSet(ConsultViewSet):
    """委员接待日：按工作室、年度、月份筛选；值班委员当天或之后登记接待情况和群众反映的问题。"""

    visible_to = staticmethod(selectors.days_visible_to)
    serializer_class = S.ReceptionDaySerializer
    filterset_class = DayFilter
    select_related = ("studio",)
    prefetch_related = ("issues",)
    ordering = ("date", "studio_id", "id")

    @extend_schema(request=S.ReceptionRecordSerializer, responses=responses(S.ReceptionDaySerializer))
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """登记接待情况（接待人数、每个问题转入群众点单；absent 为未到岗的值班记录）。"""
        day = self.get_object()
        data = valid(S.ReceptionRecordSerializer, request)
        run(services.record_day, actor=request.user, day=day, visitors=data["visitors"], summary=data["summary"],
            issues=[dict(i) for i in data.get("issues", [])], absent=data.get("absent", []))
        return self.answer(day)


class DutyViewSet(ConsultViewSet):
    """接待日值班：按工作室、年度、月份、委员、状态筛选；委员确认自己的值班或申请与同一工作室的委员换班。"""

    visible_to = staticmethod(selectors.duties_visible_to)
    serializer_class = S.ReceptionDutySerializer
    filterset_class = DutyFilter
    select_related = ("studio", "member")
    ordering = ("date", "studio_id", "id")

    @extend_schema(request=None, responses=responses(S.ReceptionDutySerializer))
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """确认值班（本人，接待日之前）。"""
        duty = self.get_object()
        run(services.confirm_duty, actor=request.user, duty=duty)
        return self.answer(duty)

    @extend_schema(request=S.DutySwapRequestSerializer, responses=responses(S.DutySwapSerializer, 201))
    @action(detail=True, methods=["post"])
    def swap(self, request, pk=None):
        """申请换班：other_duty 为同一工作室其他委员的值班；对方同意后由机关审批。"""
        duty = self.get_object()
        data = valid(S.DutySwapRequestSerializer, request)
        other = ReceptionDuty.objects.filter(pk=data["other_duty"]).select_related("member", "studio").first()
        if other is None or not selectors.duties_visible_to(request.user).filter(pk=other.pk).exists():
            raise ValidationError({"other_duty": [_("找不到所选的值班。")]})
        swap = run(services.request_swap, actor=request.user, duty=duty, other_duty=other, reason=data["reason"])
        fresh = get_object_or_404(selectors.swaps_visible_to(request.user), pk=swap.pk)
        return Response(S.DutySwapSerializer(fresh).data, status=status.HTTP_201_CREATED)


class SwapViewSet(ConsultViewSet):
    """换班申请：对方委员同意或不同意，申请人撤回；机关工作人员批准（两条值班互换委员）或不批准（须说明理由）。"""

    visible_to = staticmethod(selectors.swaps_visible_to)
    serializer_class = S.DutySwapSerializer
    filterset_class = SwapFilter
    select_related = ("requester", "other_member")
    ordering = ("-id",)

    def _act(self, fn, request):
        swap = self.get_object()
        run(fn, actor=request.user, swap=swap, **valid(ConsultNoteSerializer, request))
        return self.answer(swap)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(S.DutySwapSerializer))
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """对方委员同意换班。"""
        return self._act(services.accept_swap, request)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(S.DutySwapSerializer))
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """对方委员不同意换班。"""
        return self._act(services.decline_swap, request)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(S.DutySwapSerializer))
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """申请人撤回。"""
        return self._act(services.withdraw_swap, request)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(S.DutySwapSerializer))
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """机关批准换班：两条值班互换委员。"""
        return self._act(services.approve_swap, request)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(S.DutySwapSerializer))
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """机关不批准（须在 note 中说明理由）。"""
        return self._act(services.refuse_swap, request)


def register(router):
    router.register("consult-studios", StudioViewSet, basename="consult-studio")
    router.register("consult-reception-days", DayViewSet, basename="consult-reception-day")
    router.register("consult-reception-duties", DutyViewSet, basename="consult-reception-duty")
    router.register("consult-duty-swaps", SwapViewSet, basename="consult-duty-swap")

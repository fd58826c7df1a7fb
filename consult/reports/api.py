"""社情民意信息 in the API (/api/v1/consult-reports/, consult-bulletins/, consult-report-forwards/): lists and
details through the selectors (404 outside them); writes through one service each (a ConsultError is a 400
with its message, a ConsultPermissionError a 403)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action

from ..api import ConsultViewSet, responses, run, valid, visible
from ..common import require_manage
from ..fields import ConsultNoteSerializer
from . import selectors, serializers, services
from .filters import BulletinFilter, ForwardFilter, ReportFilter

REPORT = serializers.ReportSerializer
BULLETIN = serializers.BulletinSerializer
FORWARD = serializers.ForwardRecordSerializer


def _require_manage(request, committee):
    """Staff of the record's committee, before the body's references are looked at (403, not a 400)."""
    run(require_manage, actor=request.user, committee=committee)


class ReportViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """社情民意信息：委员、信息员报送（可先存草稿），本人修改草稿或退回的信息；机关编辑、退回、合并、采用或不予采用，
    报送上级、记录分级采用和领导批示，转交部门办理。"""

    visible_to = staticmethod(selectors.reports_visible_to)
    serializer_class = REPORT
    filterset_class = ReportFilter
    select_related = ("committee", "submitter")
    prefetch_related = ("level_adoptions", "sendings", "instructions")
    ordering = ("-created_at", "-id")

    @extend_schema(request=serializers.ReportWriteSerializer, responses=responses(REPORT, 201))
    def create(self, request, *args, **kwargs):
        """委员或信息员撰写信息：submit=true 立即报送，否则保存为草稿。"""
        data = valid(serializers.ReportWriteSerializer, request)
        report = run(services.create_report, actor=request.user, **data)
        return self.answer(report, status.HTTP_201_CREATED)

    def _act(self, request, fn, serializer=None, **extra):
        report = self.get_object()
        data = valid(serializer, request) if serializer else {}
        run(fn, report=report, actor=request.user, **data, **extra)
        return self.answer(report)

    @extend_schema(request=serializers.ReportWriteSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """本人修改草稿或退回修改的信息（submit=true 同时报送）。"""
        return self._act(request, services.revise, serializers.ReportWriteSerializer)

    @extend_schema(request=None, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """本人报送草稿或退回修改的信息。"""
        return self._act(request, services.submit)

    @extend_schema(request=serializers.EditSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        """编辑加工（原文保留）。"""
        return self._act(request, services.edit, serializers.EditSerializer)

    @extend_schema(request=serializers.ReasonSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """退回修改（须在 note 中说明理由）。"""
        return self._act(request, services.return_report, serializers.ReasonSerializer)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """采用（同时记录本级采用）。"""
        return self._act(request, services.adopt, ConsultNoteSerializer)

    @extend_schema(request=serializers.ReasonSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """不予采用（须在 note 中说明理由）。"""
        return self._act(request, services.reject, serializers.ReasonSerializer)

    @extend_schema(request=serializers.ReportMergeSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """把 others 合并到本条；被合并的信息指向本条，其报送人一并计入。"""
        report = self.get_object()
        _require_manage(request, report.committee)
        data = valid(serializers.ReportMergeSerializer, request)
        for other in data["others"]:
            visible(selectors.reports_visible_to, request, other, "others", _("找不到所选的信息。"))
        run(services.merge, report=report, actor=request.user, others=data["others"], note=data["note"])
        return self.answer(report)

    @extend_schema(request=serializers.SendUpSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"], url_path="send-up", url_name="send-up")
    def send_up(self, request, pk=None):
        """报送上级政协或党委政府。"""
        return self._act(request, services.send_up, serializers.SendUpSerializer)

    @extend_schema(request=serializers.LevelSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"], url_path="level-adoption", url_name="level-adoption")
    def level_adoption(self, request, pk=None):
        """记录某一层级（区县/市/省/全国）的采用，每一层级一次。"""
        report = self.get_object()
        data = valid(serializers.LevelSerializer, request)
        data["level"] = data.pop("adoption_level")
        run(services.record_level, report=report, actor=request.user, **data)
        return self.answer(report)

    @extend_schema(request=serializers.InstructSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def instruct(self, request, pk=None):
        """记录领导批示。"""
        report = self.get_object()
        data = valid(serializers.InstructSerializer, request)
        data["text_body"] = data.pop("text")
        run(services.instruct, report=report, actor=request.user, **data)
        return self.answer(report)

    @extend_schema(request=serializers.ForwardSerializer, responses=responses(REPORT))
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """把有领导批示的信息转交本政协组织的承办部门办理（各部门须在 reply_months 个月内答复）。"""
        return self._act(request, services.forward, serializers.ForwardSerializer)


class BulletinViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """社情民意专报、期刊：按政协组织、刊物和年度连续编号，每年从第 1 期起；编入已采用的信息后印发。委员可看本级已印发的各期。"""

    visible_to = staticmethod(selectors.bulletins_visible_to)
    serializer_class = BULLETIN
    filterset_class = BulletinFilter
    select_related = ("committee",)
    prefetch_related = ("reports",)
    ordering = ("-year", "-number", "-id")

    @extend_schema(request=serializers.BulletinCreateSerializer, responses=responses(BULLETIN, 201))
    def create(self, request, *args, **kwargs):
        """新建一期（期号自动编排）。"""
        data = valid(serializers.BulletinCreateSerializer, request)
        data["kind"] = data.pop("bulletin_kind")
        bulletin = run(services.create_bulletin, actor=request.user, **data)
        return self.answer(bulletin, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.CompileSerializer, responses=responses(BULLETIN))
    @action(detail=True, methods=["post"], url_path="compile", url_name="compile")
    def compile_(self, request, pk=None):
        """编入已采用、尚未编入其他刊物的信息。"""
        bulletin = self.get_object()
        _require_manage(request, bulletin.committee)
        data = valid(serializers.CompileSerializer, request)
        for report in data["reports"]:
            visible(selectors.reports_visible_to, request, report, "reports", _("找不到所选的信息。"))
        run(services.compile_reports, bulletin=bulletin, actor=request.user, reports=data["reports"])
        return self.answer(bulletin)

    @extend_schema(request=None, responses=responses(BULLETIN))
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """印发。"""
        bulletin = self.get_object()
        run(services.publish, bulletin=bulletin, actor=request.user)
        return self.answer(bulletin)


class ForwardViewSet(ConsultViewSet):
    """转交部门办理的社情民意信息：部门看本部门的，机关看本级及下级的；部门答复后督办事项办结。"""

    visible_to = staticmethod(lambda user: selectors.with_forward_due_dates(selectors.forwards_visible_to(user)))
    serializer_class = FORWARD
    filterset_class = ForwardFilter
    select_related = ("report", "unit")
    ordering = ("-sent_at", "-id")

    @extend_schema(request=serializers.ReplySerializer, responses=responses(FORWARD))
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """部门答复办理情况。"""
        fwd = self.get_object()
        run(services.reply, forward=fwd, actor=request.user, text_body=valid(serializers.ReplySerializer, request)["text"])
        return self.answer(fwd)


def register(router):
    router.register("consult-reports", ReportViewSet, basename="consult-report")
    router.register("consult-bulletins", BulletinViewSet, basename="consult-bulletin")
    router.register("consult-report-forwards", ForwardViewSet, basename="consult-report-forward")

"""Outcomes, their sending and replies, and leader instructions in the API."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from supervision.enums import PENDING_STATES, ObligationKind
from supervision.models import Obligation

from .. import selectors
from ..api import ConsultViewSet, responses, run, valid, visible
from ..filters import InstructionFilter, OutcomeFilter, SendingFilter
from ..models import OutcomeSending
from ..reports.selectors import reports_visible_to
from ..reports.serializers import ReportSerializer
from . import serializers, services
from .to_report import to_report

OUTCOME = serializers.OutcomeSerializer
SENDING = serializers.SendingSerializer


class OutcomeViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """协商成果（建议案、调研报告、视察报告、协商专报、纪要）及建议条目；报送承办单位。"""

    visible_to = staticmethod(selectors.outcomes_visible_to)
    serializer_class = OUTCOME
    filterset_class = OutcomeFilter
    select_related = ("committee",)
    prefetch_related = ("recommendations",)
    ordering_fields = ["created_at", "sent_at"]
    ordering = ("-created_at", "-id")

    @extend_schema(request=serializers.OutcomeCreateSerializer, responses=responses(OUTCOME, 201))
    def create(self, request, *args, **kwargs):
        data = valid(serializers.OutcomeCreateSerializer, request)
        visible(selectors.meetings_visible_to, request, data.get("meeting"), "meeting", _("找不到所选的协商活动。"))
        visible(selectors.topics_visible_to, request, data.get("topic"), "topic", _("找不到所选的议题。"))
        outcome = run(services.create_outcome, actor=request.user, kind=data["outcome_kind"], title=data["title"],
                      text_body=data["text"], recommendations=data["recommendations"], meeting=data.get("meeting"),
                      topic=data.get("topic"))
        return self.answer(outcome, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.SendSerializer, responses=responses(OUTCOME))
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """报送承办单位：各单位 2 个月内答复（领导批示涉及的单位 3 个月闭环）。"""
        outcome = self.get_object()
        run(services.send, outcome=outcome, actor=request.user, **valid(serializers.SendSerializer, request))
        return self.answer(outcome)

    @extend_schema(request=serializers.ToReportSerializer, responses=responses(ReportSerializer, 201))
    @action(detail=True, methods=["post"], url_path="to-report", url_name="to-report")
    def to_report(self, request, pk=None):
        """转为社情民意信息：所选建议条目以所选委员名义形成社情民意信息并直接报送本级政协机关；返回该信息。"""
        outcome = self.get_object()
        data = valid(serializers.ToReportSerializer, request)
        report = run(to_report, outcome=outcome, actor=request.user, recommendations=data["recommendations"],
                     submitter=data["submitter"])
        fresh = (reports_visible_to(request.user).select_related("committee", "submitter")
                 .prefetch_related("level_adoptions", "sendings", "instructions").get(pk=report.pk))
        return Response(ReportSerializer(fresh, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


def with_due_dates(qs):
    """Each sending's reply due date: its pending reply obligation's (obligations are the only due dates)."""
    owed = Obligation.objects.filter(
        subject_type=ContentType.objects.get_for_model(OutcomeSending), subject_id=OuterRef("pk"),
        kind=ObligationKind.OUTCOME_REPLY, state__in=PENDING_STATES,
    ).order_by("-id").values("due_date")[:1]
    return qs.annotate(due_date=Subquery(owed))


class SendingViewSet(ConsultViewSet):
    """成果报送：承办单位只见报送本单位的；答复（逐条采纳情况和落实措施）、回头看落实情况。"""

    visible_to = staticmethod(selectors.sendings_visible_to)
    serializer_class = SENDING
    filterset_class = SendingFilter
    select_related = ("outcome", "unit")
    prefetch_related = ("adoptions__recommendation",)
    ordering_fields = ["sent_at", "replied_at"]
    ordering = ("-sent_at", "-id")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no database
            return OutcomeSending.objects.none()
        return with_due_dates(super().get_queryset())

    @extend_schema(request=serializers.SendingReplySerializer, responses=responses(SENDING))
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """承办单位答复：落实措施，逐条建议的采纳情况（采纳、部分采纳、未采纳）。"""
        sending = self.get_object()
        run(services.reply, sending=sending, actor=request.user, **valid(serializers.SendingReplySerializer, request))
        return self.answer(sending)

    @extend_schema(request=serializers.LookbackInputSerializer, responses=responses(SENDING))
    @action(detail=True, methods=["post"])
    def lookback(self, request, pk=None):
        """回头看：报送落实情况。"""
        sending = self.get_object()
        run(services.lookback_report, sending=sending, actor=request.user,
            **valid(serializers.LookbackInputSerializer, request))
        return self.answer(sending)


class InstructionViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """领导批示：批示领导、日期、内容、涉及单位（涉及单位按 3 个月闭环答复）。"""

    visible_to = staticmethod(selectors.instructions_visible_to)
    serializer_class = serializers.InstructionSerializer
    filterset_class = InstructionFilter
    select_related = ("outcome",)
    prefetch_related = ("units",)
    ordering_fields = ["instructed_on"]
    ordering = ("-instructed_on", "-id")

    @extend_schema(request=serializers.InstructionCreateSerializer,
                   responses=responses(serializers.InstructionSerializer, 201))
    def create(self, request, *args, **kwargs):
        data = valid(serializers.InstructionCreateSerializer, request)
        visible(selectors.outcomes_visible_to, request, data["outcome"], "outcome", _("找不到所选的协商成果。"))
        instruction = run(services.instruct, actor=request.user, outcome=data["outcome"], leader=data["leader"],
                          instructed_on=data["instructed_on"], text_body=data["text"], units=data["units"])
        return self.answer(instruction, status.HTTP_201_CREATED)


def register(router):
    router.register("consult-outcomes", OutcomeViewSet, basename="consult-outcome")
    router.register("consult-sendings", SendingViewSet, basename="consult-sending")
    router.register("consult-instructions", InstructionViewSet, basename="consult-instruction")

"""Topics and research in the API: lists through the selectors; recommend or record a topic, the
pipeline's steps, research records."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action

from .. import selectors
from ..api import ConsultViewSet, responses, run, valid, visible
from ..fields import ConsultNoteSerializer, ConsultReasonSerializer
from ..filters import ResearchFilter, TopicFilter
from . import serializers, services

TOPIC = serializers.TopicSerializer


class TopicViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """协商议题：委员荐题、机关录入（党委政府点题、社会征集、基层案例）；预可研、商题、定题、不予采用、回头看、办结。"""

    visible_to = staticmethod(selectors.topics_visible_to)
    serializer_class = TOPIC
    filterset_class = TopicFilter
    select_related = ("committee", "proposer")
    ordering_fields = ["created_at", "updated_at"]
    ordering = ("-created_at", "-id")

    @extend_schema(request=serializers.TopicCreateSerializer, responses=responses(TOPIC, 201))
    def create(self, request, *args, **kwargs):
        data = valid(serializers.TopicCreateSerializer, request)
        return self.answer(run(services.propose_topic, actor=request.user, **data), status.HTTP_201_CREATED)

    def _act(self, fn, **kwargs):
        topic = self.get_object()
        run(fn, topic=topic, actor=self.request.user, **kwargs)
        return self.answer(topic)

    @extend_schema(request=serializers.PrestudyUpdateSerializer, responses=responses(TOPIC))
    @action(detail=True, methods=["post"])
    def prestudy(self, request, pk=None):
        """填写或修改预可研五要素（选题案由、政策依据、现实状况、存在问题、建言方向），定题前可改。"""
        return self._act(services.update_prestudy, **valid(serializers.PrestudyUpdateSerializer, request))

    @extend_schema(request=ConsultNoteSerializer, responses=responses(TOPIC))
    @action(detail=True, methods=["post"], url_path="start-prestudy")
    def start_prestudy(self, request, pk=None):
        """开展预可研。"""
        return self._act(services.start_prestudy, **valid(ConsultNoteSerializer, request))

    @extend_schema(request=ConsultNoteSerializer, responses=responses(TOPIC))
    @action(detail=True, methods=["post"])
    def discuss(self, request, pk=None):
        """提交与党委政府商题（预可研五要素须完整）。"""
        return self._act(services.discuss, **valid(ConsultNoteSerializer, request))

    @extend_schema(request=serializers.ApproveSerializer, responses=responses(TOPIC))
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """定题：列入年度协商计划（协商形式、季度或月份、牵头单位、参加部门）。"""
        topic = self.get_object()
        data = valid(serializers.ApproveSerializer, request)
        visible(selectors.plans_visible_to, request, data["plan"], "plan", _("找不到所选的年度计划。"))
        run(services.approve, topic=topic, actor=request.user, **data)
        return self.answer(topic)

    @extend_schema(request=ConsultReasonSerializer, responses=responses(TOPIC))
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        """不予采用（须说明理由）。"""
        return self._act(services.drop, **valid(ConsultReasonSerializer, request))

    @extend_schema(request=ConsultNoteSerializer, responses=responses(TOPIC))
    @action(detail=True, methods=["post"])
    def lookback(self, request, pk=None):
        """开展回头看：已答复的单位报送落实情况。"""
        return self._act(services.start_lookback, **valid(ConsultNoteSerializer, request))

    @extend_schema(request=ConsultNoteSerializer, responses=responses(TOPIC))
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """办结。"""
        return self._act(services.close, **valid(ConsultNoteSerializer, request))


class ResearchViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """调研、视察记录（不调研不协商）：日期、地点、参加委员、调研报告。"""

    visible_to = staticmethod(selectors.research_visible_to)
    serializer_class = serializers.ResearchSerializer
    filterset_class = ResearchFilter
    select_related = ("topic",)
    prefetch_related = ("participants",)
    ordering_fields = ["start_date"]
    ordering = ("-start_date", "-id")

    @extend_schema(request=serializers.ResearchCreateSerializer, responses=responses(serializers.ResearchSerializer, 201))
    def create(self, request, *args, **kwargs):
        data = valid(serializers.ResearchCreateSerializer, request)
        visible(selectors.topics_visible_to, request, data["topic"], "topic", _("找不到所选的议题。"))
        research = run(services.record_research, actor=request.user, **data)
        return self.answer(research, status.HTTP_201_CREATED)


def register(router):
    router.register("consult-topics", TopicViewSet, basename="consult-topic")
    router.register("consult-research", ResearchViewSet, basename="consult-research")

"""Plenary speeches (大会发言) in the API: a member registers one; staff choose, decline, mark delivered."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action

from .. import selectors
from ..api import ConsultViewSet, responses, run, valid, visible
from ..fields import ConsultNoteSerializer
from ..filters import SpeechFilter
from . import serializers, services

SPEECH = serializers.SpeechSerializer


class SpeechViewSet(mixins.CreateModelMixin, ConsultViewSet):
    """大会发言：委员为全体会议登记发言（上台或书面）；机关选用或不予选用，会后标记已发言。"""

    visible_to = staticmethod(selectors.speeches_visible_to)
    serializer_class = SPEECH
    filterset_class = SpeechFilter
    select_related = ("meeting", "member")
    ordering = ("-id",)

    @extend_schema(request=serializers.SpeechCreateSerializer, responses=responses(SPEECH, 201))
    def create(self, request, *args, **kwargs):
        """委员登记大会发言（每次全体会议一篇，会议召开前）。"""
        data = valid(serializers.SpeechCreateSerializer, request)
        visible(selectors.meetings_visible_to, request, data["meeting"], "meeting", _("找不到所选的会议。"))
        speech = run(services.register, actor=request.user, meeting=data["meeting"], kind=data["speech_kind"],
                     title=data["title"], text_body=data["text"])
        return self.answer(speech, status.HTTP_201_CREATED)

    def _act(self, fn, request):
        speech = self.get_object()
        run(fn, speech=speech, actor=request.user, **valid(ConsultNoteSerializer, request))
        return self.answer(speech)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(SPEECH))
    @action(detail=True, methods=["post"])
    def choose(self, request, pk=None):
        """选用。"""
        return self._act(services.choose, request)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(SPEECH))
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """不予选用（须在 note 中说明理由）。"""
        return self._act(services.decline, request)

    @extend_schema(request=ConsultNoteSerializer, responses=responses(SPEECH))
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        """标记为已发言（会议召开后，仅已选用的发言）。"""
        return self._act(services.deliver, request)


def register(router):
    router.register("consult-speeches", SpeechViewSet, basename="consult-speech")

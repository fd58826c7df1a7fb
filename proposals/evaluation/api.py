"""API of 民主评议 and the yearly awards under /api/v1/ (registered from proposals.api.register).

unit-evaluations: staff, office viewers and leaders read their subtree; a unit reads its own published
evaluations; staff open a year (`open`), record the panel's score (`score`) and publish (`publish`);
`table` gives the computed yearly table. proposal-awards: nominations for readers of the subtree,
published awards for everyone signed in; staff nominate (POST), withdraw and publish.
public-awards: the published awards, no login.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from members.models import Committee, HandlingUnit
from members.scopes import scope_for
from portal import limits
from portal.filters import ID_MAX

from .. import services
from ..api import run
from ..models import Award, EvaluationSettings, Proposal, UnitEvaluation
from . import metrics as ev
from .enums import AwardKind, EvaluationGrade
from .services import FIRST_YEAR


class UnitEvaluationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitEvaluation
        fields = ["id", "committee", "unit", "unit_name", "year", "state", "panel_score", "grade", "note",
                  "composite_score", "metrics", "scored_at", "published_at"]
        read_only_fields = fields


class MetricsSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()
    lead = serializers.IntegerField()
    co = serializers.IntegerField()
    separate = serializers.IntegerField()
    replies = serializers.IntegerField()
    replies_submitted = serializers.IntegerField()
    sent_back = serializers.IntegerField()
    reply_due = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    extended = serializers.IntegerField()
    communication = serializers.IntegerField()
    meeting = serializers.IntegerField()
    public = serializers.IntegerField()
    ratings = serializers.IntegerField()
    satisfied_share = serializers.FloatField(allow_null=True)
    basic_share = serializers.FloatField(allow_null=True)
    unsatisfied_share = serializers.FloatField(allow_null=True)
    attitude_satisfied_share = serializers.FloatField(allow_null=True)
    relevant_share = serializers.FloatField(allow_null=True)
    satisfaction_score = serializers.FloatField(allow_null=True)
    categories = serializers.DictField(child=serializers.IntegerField())
    lookback_due = serializers.IntegerField()
    lookback_met = serializers.IntegerField()
    lookback_rate = serializers.FloatField(allow_null=True)


class TableRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    evaluation = serializers.IntegerField(source="evaluation.pk", allow_null=True, default=None)
    state = serializers.CharField(source="evaluation.state", allow_null=True, default=None)
    panel_score = serializers.DecimalField(source="evaluation.panel_score", max_digits=5, decimal_places=2,
                                           allow_null=True, default=None)
    grade = serializers.CharField(source="evaluation.grade", allow_null=True, default=None)
    composite = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    metrics = MetricsSerializer()


class EvaluationDetailSerializer(UnitEvaluationSerializer):
    """With the metrics: the published snapshot, or computed now for a draft; and the composite score."""

    current = serializers.SerializerMethodField()

    class Meta(UnitEvaluationSerializer.Meta):
        fields = [*UnitEvaluationSerializer.Meta.fields, "current"]
        read_only_fields = fields

    def get_current(self, obj) -> dict:
        metrics = ev.metrics_of(obj)
        return TableRowSerializer(ev.row_for(obj, metrics, EvaluationSettings.for_committee(obj.committee))).data


class YearInputSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.all())
    year = serializers.IntegerField(min_value=1, max_value=9999)


class ScoreInputSerializer(serializers.Serializer):
    panel_score = serializers.CharField(help_text="0–100，最多两位小数", max_length=10)
    grade = serializers.ChoiceField(choices=EvaluationGrade.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=limits.NOTE)


class TableQuerySerializer(serializers.Serializer):
    """The table's query: checked like every API filter (a value we cannot use is a 400 naming it)."""

    committee = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999)
    sort = serializers.ChoiceField(choices=[*ev.SORT_KEYS, "unit"], required=False, default="composite")


class UnitEvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    """承办单位民主评议（按年度）。"""

    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["committee", "unit", "year", "state", "grade"]
    ordering_fields = ["year", "composite_score", "panel_score"]

    def get_queryset(self):
        return ev.evaluations_visible_to(self.request.user).select_related("unit", "committee").order_by("-year", "unit__name", "id")

    def get_serializer_class(self):
        return EvaluationDetailSerializer if self.action == "retrieve" else UnitEvaluationSerializer

    @extend_schema(request=YearInputSerializer, responses={201: UnitEvaluationSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def open(self, request):
        """开展年度民主评议：为本级每个承办单位建立评议（已建立的跳过）。"""
        data = _valid(YearInputSerializer, request)
        created = run(services.open_evaluation, actor=request.user, **data)
        return Response(UnitEvaluationSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScoreInputSerializer, responses={200: UnitEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        """录入民主评议得分（0–100）、等次和意见（发布前）。"""
        row = run(services.record_panel_score, evaluation=self.get_object(), actor=request.user,
                  **_valid(ScoreInputSerializer, request))
        return Response(UnitEvaluationSerializer(row).data)

    @extend_schema(request=None, responses={200: UnitEvaluationSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """发布评议结果（固定当时的办理指标和综合得分）。"""
        row = run(services.publish_evaluation, evaluation=self.get_object(), actor=request.user)
        return Response(UnitEvaluationSerializer(row).data)

    @extend_schema(parameters=[TableQuerySerializer], filters=False, responses={200: TableRowSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def table(self, request):
        """年度评议总表：本级每个承办单位的办理指标与综合得分，按综合得分排序（机关、区县政协、领导）。

        Without committee/year: the user's top committee and last year, as on the page."""
        from .views import selection

        if not (scope_for(request.user).is_superuser or scope_for(request.user).read_paths):
            raise PermissionDenied(_("只有政协机关工作人员、区县政协和主席会议成员可以查看民主评议。"))
        query = TableQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        committee, year, _selected = selection(request, wanted)
        if "committee" in wanted and committee.pk != wanted["committee"]:
            raise ValidationError({"committee": [_("没有这个政协组织，或您无权查看。")]})
        if "year" in wanted and year != wanted["year"]:
            raise ValidationError({"year": [_("年度须在 %(first)s 年至今年之间。") % {"first": FIRST_YEAR}]})
        rows = ev.sort_rows(ev.evaluation_table(committee, year, evaluations=self.get_queryset()), wanted["sort"])
        return Response(TableRowSerializer(rows, many=True).data)


def _valid(serializer_class, request):
    s = serializer_class(data=request.data, context={"request": request})
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class AwardSerializer(serializers.ModelSerializer):
    subject_name = serializers.SerializerMethodField()

    class Meta:
        model = Award
        fields = ["id", "committee", "year", "kind", "proposal", "unit", "subject_name", "citation", "state",
                  "nominated_at", "published_at"]
        read_only_fields = ["state", "nominated_at", "published_at"]

    def get_subject_name(self, obj) -> str:
        return obj.proposal.title if obj.proposal_id else obj.unit.name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = Proposal.objects.all()
        self.fields["unit"].queryset = HandlingUnit.objects.all()


class PublishAwardsSerializer(YearInputSerializer):
    pass


class AwardViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """优秀提案、优秀承办单位：机关推荐（发布前仅机关、区县政协、领导可见）、撤回推荐、发布。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AwardSerializer
    filterset_fields = ["committee", "year", "kind", "state"]

    def get_queryset(self):
        return ev.awards_visible_to(self.request.user).select_related("proposal", "unit").order_by("-year", "kind", "id")

    def create(self, request, *args, **kwargs):
        """推荐（奖项 proposal 须给提案，unit 须给承办单位）。"""
        data = _valid(AwardSerializer, request)
        if data["kind"] not in AwardKind.values:
            raise ValidationError({"kind": _("奖项不正确。")})
        award = run(services.nominate_award, actor=request.user, committee=data["committee"], year=data["year"],
                    kind=data["kind"], proposal=data.get("proposal"), unit=data.get("unit"),
                    citation=data.get("citation", ""))
        return Response(AwardSerializer(award).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """撤回未发布的推荐。"""
        run(services.withdraw_nomination, award=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PublishAwardsSerializer, responses={200: AwardSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def publish(self, request):
        """发布本级政协该年度的评选结果。"""
        published = run(services.publish_awards, actor=request.user, **_valid(PublishAwardsSerializer, request))
        return Response(AwardSerializer(published, many=True).data)


class PublicAwardViewSet(viewsets.ReadOnlyModelViewSet):
    """已发布的优秀提案、优秀承办单位，无需登录。"""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = AwardSerializer
    filterset_fields = ["committee", "year", "kind"]

    def get_queryset(self):
        return ev.public_awards().select_related("proposal", "unit").order_by("-year", "kind", "id")


def register(router):
    router.register("unit-evaluations", UnitEvaluationViewSet, basename="unit-evaluation")
    router.register("proposal-awards", AwardViewSet, basename="proposal-award")
    router.register("public-awards", PublicAwardViewSet, basename="public-award")

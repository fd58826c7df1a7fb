"""民主评议 and yearly awards (DESIGN §2.1): a unit's yearly evaluation, the committee's weighting,
and 优秀提案 / 优秀承办单位 nominations. Metrics are computed by `proposals.evaluation.metrics`; a published
evaluation keeps the snapshot it was published with."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import AwardKind, EvaluationGrade, EvaluationState

_user = dict(to=settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
_weight = dict(validators=[MaxValueValidator(100)])


class EvaluationSettings(models.Model):
    """The weights of the composite score of one committee (a committee without a row uses the defaults).

    Composite = Σ weight × part score ÷ Σ weights of the parts that have data (each part 0–100)."""

    committee = models.OneToOneField(
        "members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="evaluation_settings"
    )
    weight_on_time = models.PositiveSmallIntegerField(_("按时答复权重"), default=25, **_weight)
    weight_satisfaction = models.PositiveSmallIntegerField(_("办理满意度权重"), default=35, **_weight)
    weight_lookback = models.PositiveSmallIntegerField(_("回头看落实权重"), default=10, **_weight)
    weight_panel = models.PositiveSmallIntegerField(_("民主评议得分权重"), default=30, **_weight)

    class Meta:
        verbose_name = _("民主评议设置")
        verbose_name_plural = _("民主评议设置")

    def __str__(self):
        return f"{self.committee} 民主评议设置"

    @classmethod
    def for_committee(cls, committee):
        """This committee's row, or an unsaved row with the defaults."""
        return cls.objects.filter(committee=committee).first() or cls(committee=committee)


class UnitEvaluation(models.Model):
    """One unit's 民主评议 for one year: the panel's score and grade, published with a metrics snapshot."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE,
                                  related_name="unit_evaluations")
    unit = models.ForeignKey("members.HandlingUnit", verbose_name=_("承办单位"), on_delete=models.CASCADE,
                             related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=10, choices=EvaluationState.choices, default=EvaluationState.DRAFT,
                             db_index=True)
    panel_score = models.DecimalField(_("民主评议得分"), max_digits=5, decimal_places=2, null=True, blank=True,
                                      validators=[MinValueValidator(0), MaxValueValidator(100)])
    grade = models.CharField(_("等次"), max_length=10, choices=EvaluationGrade.choices, blank=True)
    note = models.TextField(_("评议意见"), blank=True, max_length=limits.NOTE)
    metrics = models.JSONField(_("办理指标（发布时快照）"), default=dict, blank=True, editable=False)
    composite_score = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2, null=True, blank=True,
                                          editable=False)
    scored_by = models.ForeignKey(verbose_name=_("录入人"), **_user)
    scored_at = models.DateTimeField(_("录入时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("承办单位民主评议")
        verbose_name_plural = _("承办单位民主评议")
        ordering = ["committee", "-year", "unit__name", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_evaluation_once_a_year")]
        indexes = [models.Index(fields=["committee", "year", "state"], name="unit_evaluation_year")]

    def __str__(self):
        return f"{self.year}年 {self.unit} 民主评议"


class Award(models.Model):
    """A nomination for 优秀提案 (a proposal) or 优秀承办单位 (a unit) of one year; public once published."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE,
                                  related_name="proposal_awards")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("奖项"), max_length=10, choices=AwardKind.choices)
    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("提案"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="awards")
    unit = models.ForeignKey("members.HandlingUnit", verbose_name=_("承办单位"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="awards")
    citation = models.TextField(_("推荐理由"), blank=True, max_length=limits.NOTE)
    state = models.CharField(_("状态"), max_length=10, choices=EvaluationState.choices, default=EvaluationState.DRAFT,
                             db_index=True)
    nominated_by = models.ForeignKey(verbose_name=_("推荐人"), **_user)
    nominated_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度优秀评选")
        verbose_name_plural = _("年度优秀评选")
        ordering = ["committee", "-year", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=AwardKind.PROPOSAL, proposal__isnull=False, unit__isnull=True)
                           | Q(kind=AwardKind.UNIT, unit__isnull=False, proposal__isnull=True)),
                name="award_subject_matches_kind",
            ),
            models.UniqueConstraint(fields=["year", "proposal"], condition=Q(proposal__isnull=False),
                                    name="award_proposal_once_a_year"),
            models.UniqueConstraint(fields=["year", "unit"], condition=Q(unit__isnull=False),
                                    name="award_unit_once_a_year"),
        ]

    def __str__(self):
        return f"{self.year}年{self.get_kind_display()}：{self.subject}"

    @property
    def subject(self):
        return self.proposal if self.kind == AwardKind.PROPOSAL else self.unit

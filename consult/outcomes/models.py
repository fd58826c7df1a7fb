"""Outcomes (协商成果) with their recommendations, their sending to units with the replies (adoption per
recommendation), and leader instructions (批示)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import Adoption, OutcomeKind, OutcomeState, SendingState


class Outcome(models.Model):
    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="consult_outcomes")
    meeting = models.ForeignKey("consult.Meeting", verbose_name=_("协商活动"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="outcomes")
    topic = models.ForeignKey("consult.Topic", verbose_name=_("议题"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(_("成果类型"), max_length=20, choices=OutcomeKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"), max_length=limits.LONG_TEXT)
    state = models.CharField(_("状态"), max_length=16, choices=OutcomeState.choices, default=OutcomeState.DRAFT,
                             db_index=True)
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("协商成果")
        verbose_name_plural = _("协商成果")
        ordering = ["-created_at", "-id"]
        # the staff's outcome list, newest first (consult:outcomes)
        indexes = [models.Index(fields=["-created_at", "-id"], name="consult_outcome_created")]

    def __str__(self):
        return self.title


class Recommendation(models.Model):
    outcome = models.ForeignKey(Outcome, verbose_name=_("协商成果"), on_delete=models.CASCADE,
                                related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("建议"), max_length=limits.NOTE)
    # 转为提案: the collective proposal draft made from this recommendation (consult/outcomes/to_proposal.py)
    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("已转为提案"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+", editable=False)
    # 转为社情民意信息: the opinion report made from this recommendation (consult/outcomes/to_report.py)
    opinion_report = models.ForeignKey("consult.OpinionReport", verbose_name=_("已转为社情民意信息"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="source_recommendations",
                                       editable=False)

    class Meta:
        verbose_name = _("建议条目")
        verbose_name_plural = _("建议条目")
        ordering = ["outcome", "number"]
        constraints = [models.UniqueConstraint(fields=["outcome", "number"], name="consult_recommendation_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class OutcomeSending(models.Model):
    """An outcome sent to a unit, which owes a reply (an OUTCOME_REPLY obligation) and, where due, 回头看."""

    outcome = models.ForeignKey(Outcome, verbose_name=_("协商成果"), on_delete=models.CASCADE, related_name="sendings")
    unit = models.ForeignKey("members.HandlingUnit", verbose_name=_("承办单位"), on_delete=models.PROTECT,
                             related_name="consult_sendings")
    state = models.CharField(_("状态"), max_length=16, choices=SendingState.choices, default=SendingState.SENT,
                             db_index=True)
    sent_at = models.DateTimeField(_("报送时间"))
    measures = models.TextField(_("落实措施"), blank=True, max_length=limits.LONG_TEXT)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    lookback_report = models.TextField(_("回头看落实情况"), blank=True, max_length=limits.LONG_TEXT)

    class Meta:
        verbose_name = _("成果报送")
        verbose_name_plural = _("成果报送")
        ordering = ["outcome", "id"]
        constraints = [models.UniqueConstraint(fields=["outcome", "unit"], name="consult_sending_unique")]
        indexes = [models.Index(fields=["unit", "state"], name="consult_sending_unit_state")]

    def __str__(self):
        return f"{self.outcome} → {self.unit}"


class RecommendationReply(models.Model):
    sending = models.ForeignKey(OutcomeSending, verbose_name=_("成果报送"), on_delete=models.CASCADE,
                                related_name="adoptions")
    recommendation = models.ForeignKey(Recommendation, verbose_name=_("建议条目"), on_delete=models.CASCADE,
                                       related_name="adoptions")
    adoption = models.CharField(_("采纳情况"), max_length=16, choices=Adoption.choices)
    measures = models.TextField(_("措施"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("建议采纳情况")
        verbose_name_plural = _("建议采纳情况")
        ordering = ["sending", "recommendation__number"]
        constraints = [models.UniqueConstraint(fields=["sending", "recommendation"], name="consult_adoption_unique")]

    def __str__(self):
        return f"{self.recommendation} · {self.get_adoption_display()}"


class Instruction(models.Model):
    """A leader's 批示 on an outcome: who, when, what, the units named (each then owes the 3-month loop)."""

    outcome = models.ForeignKey(Outcome, verbose_name=_("协商成果"), on_delete=models.CASCADE, related_name="instructions")
    leader = models.CharField(_("批示领导"), max_length=100)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"), max_length=limits.NOTE)
    units = models.ManyToManyField("members.HandlingUnit", verbose_name=_("批示涉及单位"), related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-instructed_on", "-id"]

    def __str__(self):
        return f"{self.leader} {self.instructed_on}"

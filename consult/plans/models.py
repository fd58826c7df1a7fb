"""The annual consultation plan (年度协商计划), its items, the frequency requirements per committee level,
and a committee's consultation settings (leave cap, reply months)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import CommitteeLevel
from portal import limits

from ..meetings.enums import MeetingType


class ConsultationPlan(models.Model):
    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="consult_plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("名称"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True, max_length=limits.NOTE)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度协商计划")
        verbose_name_plural = _("年度协商计划")
        ordering = ["-year", "committee"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="consult_plan_one_per_year")]

    def __str__(self):
        return self.title or f"{self.committee} {self.year}"


class PlanItem(models.Model):
    """One planned consultation: a topic (or a standing item such as the plenary), its format, when, who leads."""

    plan = models.ForeignKey(ConsultationPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="items")
    topic = models.OneToOneField("consult.Topic", verbose_name=_("议题"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="plan_item")
    title = models.CharField(_("名称"), max_length=200)
    meeting_type = models.CharField(_("协商形式"), max_length=16, choices=MeetingType.choices)
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(4)])
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(12)])
    lead_special_committee = models.ForeignKey("members.SpecialCommittee", verbose_name=_("牵头专委会"), null=True,
                                               blank=True, on_delete=models.SET_NULL, related_name="+")
    lead_sector_group = models.ForeignKey("members.SectorGroup", verbose_name=_("牵头界别组"), null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    units = models.ManyToManyField("members.HandlingUnit", verbose_name=_("参加部门"), blank=True, related_name="+")
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("计划事项")
        verbose_name_plural = _("计划事项")
        ordering = ["plan", "quarter", "month", "order", "id"]

    def __str__(self):
        return self.title

    @property
    def when(self):
        if self.month:
            return _("%(month)d月") % {"month": self.month}
        if self.quarter:
            return _("第%(quarter)d季度") % {"quarter": self.quarter}
        return ""

    @property
    def effective_quarter(self):
        return self.quarter or ((self.month - 1) // 3 + 1 if self.month else None)


class FrequencyRule(models.Model):
    """How many consultations a committee of a level holds a year (of one meeting type, or of any type).

    Rows without a committee are the defaults of the level; a committee's own rows replace them.
    When a level has no rows at all, consult.plans.frequency.DEFAULT_RULES apply."""

    level = models.CharField(_("层级"), max_length=16, choices=CommitteeLevel.choices)
    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="consult_frequency_rules",
                                  help_text=_("留空表示该层级的默认要求"))
    meeting_type = models.CharField(_("协商形式"), max_length=16, choices=MeetingType.choices, blank=True,
                                    help_text=_("留空表示各种形式合计"))
    per_year = models.PositiveSmallIntegerField(_("每年至少次数"), validators=[MinValueValidator(1), MaxValueValidator(366)])
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("协商频次要求")
        verbose_name_plural = _("协商频次要求")
        ordering = ["level", "committee", "meeting_type"]
        constraints = [
            models.UniqueConstraint(fields=["level", "committee", "meeting_type"], name="consult_frequency_unique"),
            models.UniqueConstraint(fields=["level", "meeting_type"], condition=models.Q(committee__isnull=True),
                                    name="consult_frequency_unique_default"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.get_meeting_type_display() or ''} ≥ {self.per_year}"


class ConsultSettings(models.Model):
    """A committee's consultation rules (defaults when it has none): the yearly leave cap, reply months."""

    committee = models.OneToOneField("members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE,
                                     related_name="consult_settings")
    leave_cap = models.PositiveSmallIntegerField(_("每年请假次数上限"), default=2,
                                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    reply_months = models.PositiveSmallIntegerField(_("成果答复时限（月）"), default=2,
                                                    validators=[MinValueValidator(1), MaxValueValidator(24)])
    instructed_reply_months = models.PositiveSmallIntegerField(
        _("领导批示后闭环时限（月）"), default=3, validators=[MinValueValidator(1), MaxValueValidator(24)])
    lookback_months = models.PositiveSmallIntegerField(_("回头看时限（月）"), default=6,
                                                       validators=[MinValueValidator(1), MaxValueValidator(36)])
    leave_review_workdays = models.PositiveSmallIntegerField(_("请假审批时限（工作日）"), default=2,
                                                             validators=[MinValueValidator(1), MaxValueValidator(30)])

    class Meta:
        verbose_name = _("协商工作设置")
        verbose_name_plural = _("协商工作设置")

    def __str__(self):
        return str(self.committee)

    @classmethod
    def for_committee(cls, committee):
        found = cls.objects.filter(committee=committee).first()
        return found or cls(committee=committee)

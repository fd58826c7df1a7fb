"""Topics (协商议题) and their research records (调研、视察): 不调研不协商 reads the latter."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import ResearchKind, TopicSource, TopicState


class Topic(models.Model):
    """A consultation topic, from its source through 预可研, 商题, 定题 to the outcome's replies and 回头看."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="consult_topics")
    title = models.CharField(_("议题"), max_length=200)
    source = models.CharField(_("选题来源"), max_length=16, choices=TopicSource.choices)
    reason = models.TextField(_("选题案由"), blank=True, max_length=limits.LONG_TEXT)
    policy_basis = models.TextField(_("政策依据"), blank=True, max_length=limits.LONG_TEXT)
    situation = models.TextField(_("现实状况"), blank=True, max_length=limits.LONG_TEXT)
    problems = models.TextField(_("存在问题"), blank=True, max_length=limits.LONG_TEXT)
    directions = models.TextField(_("建言方向"), blank=True, max_length=limits.LONG_TEXT)
    proposer = models.ForeignKey("members.Member", verbose_name=_("荐题委员"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="consult_topics")
    resident_name = models.CharField(_("提出人姓名"), max_length=50, blank=True, help_text=_("社会征集的议题"))
    resident_phone = models.CharField(_("提出人电话"), max_length=20, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=TopicState.choices, default=TopicState.COLLECTED,
                             db_index=True)
    drop_reason = models.TextField(_("不予采用理由"), blank=True, max_length=limits.NOTE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("协商议题")
        verbose_name_plural = _("协商议题")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["committee", "state"], name="consult_topic_state"),
                   # the staff's topic list, newest first (consult:topics)
                   models.Index(fields=["-created_at", "-id"], name="consult_topic_created")]

    def __str__(self):
        return self.title

    @property
    def proposer_display(self):
        return self.proposer.name if self.proposer_id else self.resident_name


class Research(models.Model):
    """调研 or 视察 on a topic: dates, places, participating members, the report."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="consult_research")
    topic = models.ForeignKey(Topic, verbose_name=_("议题"), on_delete=models.PROTECT, related_name="research")
    kind = models.CharField(_("类型"), max_length=16, choices=ResearchKind.choices, default=ResearchKind.RESEARCH)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    places = models.CharField(_("调研地点"), max_length=300)
    participants = models.ManyToManyField("members.Member", verbose_name=_("参加委员"), related_name="consult_research")
    report = models.TextField(_("调研报告"), max_length=limits.LONG_TEXT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("调研视察")
        verbose_name_plural = _("调研视察")
        ordering = ["-start_date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.topic}"

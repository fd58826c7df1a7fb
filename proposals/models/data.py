"""Reference data staff maintain per committee, and the per-committee deadline settings.

Lists with `committee` empty are shared defaults every committee sees (seeded by a data migration);
a committee adds its own rows next to them.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CommitteeListQuerySet(models.QuerySet):
    def for_committee(self, committee):
        """Rows of this committee, its ancestors, and the shared defaults (committee empty)."""
        ids = [int(p) for p in committee.path.strip("/").split("/") if p] if committee and committee.path else []
        return self.filter(Q(committee__isnull=True) | Q(committee_id__in=ids), active=True)


class CommitteeListItem(models.Model):
    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("政协组织"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text=_("留空表示各级通用"),
    )
    name = models.CharField(_("名称"), max_length=100)
    order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    objects = CommitteeListQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class ProposalCategory(CommitteeListItem):
    """提案分类, e.g. 经济建设、社会事业、文化教育、城乡建设、生态环境、政治法律."""

    class Meta(CommitteeListItem.Meta):
        verbose_name = _("提案分类")
        verbose_name_plural = _("提案分类")


class DeclineGround(CommitteeListItem):
    """不予立案理由, e.g. 涉及国家秘密、涉及诉讼、个人事务、推销产品、无具体建议."""

    class Meta(CommitteeListItem.Meta):
        verbose_name = _("不予立案理由")
        verbose_name_plural = _("不予立案理由")


class ReplyCategory(CommitteeListItem):
    """答复类别: A 已解决或采纳, B 列入计划拟解决, C 留作参考."""

    code = models.CharField(_("代码"), max_length=4)
    triggers_review = models.BooleanField(
        _("触发回头看"), default=False, help_text=_("如 B 类（列入计划拟解决）答复，半年后回头看")
    )

    class Meta(CommitteeListItem.Meta):
        verbose_name = _("答复类别")
        verbose_name_plural = _("答复类别")
        ordering = ["code", "id"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ProposalSettings(models.Model):
    """Deadlines of one committee's proposal work (DESIGN §2.1); a committee without a row uses the defaults.

    "Working days" count on the CalendarDay table (holidays and 调休); months are calendar months.
    """

    committee = models.OneToOneField(
        "members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="proposal_settings"
    )
    cosign_working_days = models.PositiveSmallIntegerField(_("联名确认期限（工作日）"), default=5)
    review_working_days = models.PositiveSmallIntegerField(_("提案审查期限（工作日）"), default=10)
    adjust_working_days = models.PositiveSmallIntegerField(_("申请调整期限（工作日）"), default=7)
    contact_working_days = models.PositiveSmallIntegerField(_("办前沟通期限（工作日）"), default=15)
    co_opinion_working_days = models.PositiveSmallIntegerField(_("会办意见期限（工作日）"), default=30)
    reply_months = models.PositiveSmallIntegerField(_("答复期限（月）"), default=3)
    plenary_reply_months = models.PositiveSmallIntegerField(_("大会期间提案答复期限（月）"), default=5)
    max_handling_months = models.PositiveSmallIntegerField(
        _("办理期限上限（月）"), default=6, help_text=_("自交办之日起计算，含延期；全国政协提案工作条例规定最长不超过六个月")
    )
    reply_review_working_days = models.PositiveSmallIntegerField(_("答复审核期限（工作日）"), default=5)
    extension_review_working_days = models.PositiveSmallIntegerField(_("延期审批期限（工作日）"), default=5)
    rating_working_days = models.PositiveSmallIntegerField(_("办理评价期限（工作日）"), default=15)
    rehandle_months = models.PositiveSmallIntegerField(_("重新办理期限（月）"), default=3)
    review_after_months = models.PositiveSmallIntegerField(_("回头看间隔（月）"), default=6)

    class Meta:
        verbose_name = _("提案工作设置")
        verbose_name_plural = _("提案工作设置")

    def __str__(self):
        return f"{self.committee} 提案工作设置"

    @classmethod
    def for_committee(cls, committee):
        """The nearest settings up the committee tree, or an unsaved row with the defaults."""
        ids = [int(p) for p in committee.path.strip("/").split("/") if p] if committee.path else [committee.pk]
        rows = {s.committee_id: s for s in cls.objects.filter(committee_id__in=ids)}
        for cid in reversed(ids):
            if cid in rows:
                return rows[cid]
        return cls(committee=committee)

"""社情民意信息: the reports members and information officers submit, the bulletin issues staff compile them
into (专报/期刊, numbered per committee, kind and year), sending up (报送), adoption at each level it reaches,
leader instructions (批示) and the forwarding to departments that owe a reply."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import BulletinKind, BulletinState, ForwardState, Level, ReportState, SendTarget


class Bulletin(models.Model):
    """An issue of the committee's 社情民意专报 or 期刊: 〔2026〕第 3 期. The number is allocated when the issue is
    created, under a lock on the committee row (services.create_bulletin); it restarts each year."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="opinion_bulletins")
    kind = models.CharField(_("刊物"), max_length=16, choices=BulletinKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("期号"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=BulletinState.choices, default=BulletinState.DRAFT,
                             db_index=True)
    published_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编辑人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("社情民意刊物")
        verbose_name_plural = _("社情民意刊物")
        ordering = ["-year", "-number", "-id"]
        constraints = [models.UniqueConstraint(fields=["committee", "kind", "year", "number"],
                                               name="consult_bulletin_number")]
        indexes = [models.Index(fields=["committee", "-year", "-number"], name="consult_bulletin_list")]

    def __str__(self):
        return gettext("%(kind)s〔%(year)d〕第%(number)d期") % {"kind": self.get_kind_display(), "year": self.year,
                                                             "number": self.number}


class OpinionReport(models.Model):
    """One piece of 社情民意信息. `title`/`content` are the submitter's text (fixed once submitted);
    `edited_title`/`edited_content` the staff's edited version (blank until edited). A report merged into
    another points to it (`merged_into`); the target's submitters are its own and the merged reports'."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="opinion_reports")
    submitter = models.ForeignKey("members.Member", verbose_name=_("报送人"), on_delete=models.PROTECT,
                                  related_name="opinion_reports")
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("原文"), max_length=limits.LONG_TEXT)
    edited_title = models.CharField(_("编辑后标题"), max_length=200, blank=True)
    edited_content = models.TextField(_("编辑后正文"), max_length=limits.LONG_TEXT, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT,
                             db_index=True)
    decision_note = models.TextField(_("处理意见"), max_length=limits.NOTE, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("合并至"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_reports")
    bulletin = models.ForeignKey(Bulletin, verbose_name=_("编入刊物"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reports")
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编辑人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("社情民意信息")
        verbose_name_plural = _("社情民意信息")
        ordering = ["-created_at", "-id"]
        indexes = [
            # the staff's list, newest first across a subtree (a province: walk the index, filter by committee)
            models.Index(fields=["-created_at", "-id"], name="consult_report_created"),
            models.Index(fields=["committee", "-created_at", "-id"], name="consult_report_committee"),
            models.Index(fields=["submitter", "-created_at"], name="consult_report_submitter"),
            models.Index(fields=["committee", "state", "decided_at"], name="consult_report_decided"),
        ]

    def __str__(self):
        return self.shown_title

    @property
    def shown_title(self):
        return self.edited_title or self.title

    @property
    def shown_content(self):
        return self.edited_content or self.content


class ReportSending(models.Model):
    """报送: the adopted report sent up to the higher committee or to the party committee / government."""

    report = models.ForeignKey(OpinionReport, verbose_name=_("社情民意信息"), on_delete=models.CASCADE,
                               related_name="sendings")
    target = models.CharField(_("报送对象"), max_length=20, choices=SendTarget.choices)
    recipient = models.CharField(_("接收单位"), max_length=100, blank=True)
    sent_on = models.DateField(_("报送日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("社情民意报送")
        verbose_name_plural = _("社情民意报送")
        ordering = ["report", "sent_on", "id"]
        indexes = [models.Index(fields=["sent_on"], name="consult_report_sent_on")]

    def __str__(self):
        return f"{self.report} → {self.get_target_display()}"


class LevelAdoption(models.Model):
    """The report was adopted at a level (区县/市/省/全国): when and by whom. One row per level."""

    report = models.ForeignKey(OpinionReport, verbose_name=_("社情民意信息"), on_delete=models.CASCADE,
                               related_name="level_adoptions")
    level = models.CharField(_("采用层级"), max_length=16, choices=Level.choices)
    adopted_on = models.DateField(_("采用日期"))
    adopted_by = models.CharField(_("采用单位"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("社情民意分级采用")
        verbose_name_plural = _("社情民意分级采用")
        ordering = ["report", "adopted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "level"], name="consult_report_level_once")]

    def __str__(self):
        return f"{self.report} · {self.get_level_display()}"


class ReportInstruction(models.Model):
    """批示 on a report: the leader, the date, the text and the departments the leader named (as written)."""

    report = models.ForeignKey(OpinionReport, verbose_name=_("社情民意信息"), on_delete=models.CASCADE,
                               related_name="instructions")
    leader = models.CharField(_("批示领导"), max_length=100)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"), max_length=limits.NOTE)
    departments = models.CharField(_("批示涉及部门"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("社情民意批示")
        verbose_name_plural = _("社情民意批示")
        ordering = ["-instructed_on", "-id"]
        indexes = [models.Index(fields=["instructed_on"], name="consult_report_instructed")]

    def __str__(self):
        return f"{self.leader} {self.instructed_on}"


class ReportForward(models.Model):
    """An instructed report forwarded to a department, which owes a reply (an OPINION_REPLY obligation)."""

    report = models.ForeignKey(OpinionReport, verbose_name=_("社情民意信息"), on_delete=models.CASCADE,
                               related_name="forwards")
    unit = models.ForeignKey("members.HandlingUnit", verbose_name=_("办理部门"), on_delete=models.PROTECT,
                             related_name="opinion_forwards")
    state = models.CharField(_("状态"), max_length=16, choices=ForwardState.choices, default=ForwardState.SENT,
                             db_index=True)
    sent_at = models.DateTimeField(_("转交时间"))
    reply = models.TextField(_("办理情况"), max_length=limits.LONG_TEXT, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("社情民意转办")
        verbose_name_plural = _("社情民意转办")
        ordering = ["report", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "unit"], name="consult_report_forward_unique")]
        indexes = [models.Index(fields=["unit", "state", "-sent_at"], name="consult_report_forward_unit")]

    def __str__(self):
        return f"{self.report} → {self.unit}"

"""ExportJob: one requested export, its state, progress and file."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from supervision.messages import render_message

from .enums import ACTIVE_STATES, JobState


class ExportJob(models.Model):
    """An export run in the background. Its state changes only through portal.jobs.services (portal.workflow);
    progress is written with conditional updates while it runs. The file lies under MEDIA_ROOT/exports/ with a
    generated name; `file_name` is what the download is called (临沭县政协-委员名单-20261129.xlsx)."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("类型"), max_length=40, db_index=True)
    params = models.JSONField(_("参数"), default=dict, blank=True, help_text=_("筛选条件等"))
    state = models.CharField(_("状态"), max_length=20, choices=JobState.choices, default=JobState.QUEUED,
                             db_index=True)
    progress_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    progress_total = models.PositiveIntegerField(_("总行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/", max_length=200, blank=True, editable=False)
    file_name = models.CharField(_("下载文件名"), max_length=200, blank=True)
    # A failure's message as a message id (Chinese source) with parameters, shown in the reader's language.
    error = models.CharField(_("错误信息"), max_length=300, blank=True)
    error_params = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(pgettext_lazy("export job", "完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requester", "created_at"], name="exportjob_requester"),
            models.Index(fields=["state", "expires_at"], name="exportjob_expiry"),
        ]

    def __str__(self):
        return f"{self.kind_label} #{self.pk}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def kind_label(self):
        from .registry import label_of

        return label_of(self.kind)

    @property
    def error_message(self):
        return render_message(self.error, self.error_params, self.error)

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES

    @property
    def percent(self):
        if self.state == JobState.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

"""Cross-cutting records: the audit log and the state-change timeline of any object."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import limits


class AuditEvent(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")


class AuditLog(models.Model):
    """Append-only log of logins, failed logins, imports and exports. Read-only in the admin."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    event = models.CharField(_("事件"), max_length=20, choices=AuditEvent.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    detail = models.CharField(_("详情"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_event_display()}"


class StateChange(models.Model):
    """One transition of any object's state: who, when, from, to, note. Shown as its timeline."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=50, blank=True)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    note = models.TextField(_("备注"), blank=True, max_length=limits.RECORD_TEXT)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="statechange_subject")]

    def __str__(self):
        return f"{self.action} {self.from_state}→{self.to_state}"


class ChangeAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")


class ChangeRecord(models.Model):
    """Who changed which fields of a people or organisation record, from what to what, by which path
    (admin, API, page, import, service). Written by portal.audit.record_change only; read-only for
    everyone in the admin (superusers read it)."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    via = models.CharField(_("途径"), max_length=20, blank=True)
    model = models.CharField(_("记录类型"), max_length=100, db_index=True)
    object_id = models.CharField(_("记录编号"), max_length=64)
    object_repr = models.CharField(pgettext_lazy("change record", "记录"), max_length=200, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=ChangeAction.choices)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True, help_text=_("{字段: [原值, 新值]}"))

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id", "at"], name="changerecord_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"


from .jobs.models import ExportJob  # noqa: E402, F401 - background export jobs (portal/jobs/), registered with this app

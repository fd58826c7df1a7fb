"""The deadline engine: obligations, the working-day calendar, reminder policies, reminders, notifications."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import PENDING_STATES, Channel, DeliveryState, ObligationKind, ObligationState, OwnerKind
from .messages import render_message
from .schedule import parse_channels, parse_days, stage_label


class CalendarDay(models.Model):
    """An exception to the Mon–Fri rule: a public holiday (not a workday) or a 调休 weekend workday."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否上班"), help_text=_("法定节假日不勾选；调休上班的周末勾选"))
    name = models.CharField(_("说明"), max_length=50, blank=True, help_text=_("如：国庆节、国庆调休上班"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name} ({'上班' if self.is_workday else '休息'})"


class CalendarYear(models.Model):
    """Whether a year's holidays are the official notice (confirmed) or computed by rule (provisional).

    A year without a row, or with confirmed=False, counts its statutory holidays as computed by
    supervision.holidays (provisional); staff enter the year's 调休 days from the State Council notice
    and confirm the year (supervision.services.calendar.confirm_year, audited in the timeline).
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    confirmed = models.BooleanField(_("已按通知确认"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.CharField(_("依据"), max_length=300, blank=True, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知"))

    class Meta:
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}（{'已确认' if self.confirmed else '待确认'}）"


class ReminderPolicy(models.Model):
    """When to remind: days before the due date, on the day, then every N days while overdue.

    The most specific policy wins: (committee, kind) > (committee, any kind) > (any committee, kind) > default.
    """

    committee = models.ForeignKey(
        "members.Committee", verbose_name=_("政协组织"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("留空表示适用于所有政协组织"),
    )
    kind = models.CharField(
        _("事项类型"), max_length=40, choices=ObligationKind.choices, blank=True, help_text=_("留空表示适用于所有类型")
    )
    days_before = models.CharField(
        _("提前提醒天数"), max_length=50, default="14,3", help_text=_("逗号分隔，如 14,3")
    )
    on_due_day = models.BooleanField(_("到期当天提醒"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(_("逾期后每隔几天提醒"), default=7, help_text=_("0 表示不再提醒"))
    escalate = models.BooleanField(_("逾期后抄送负责人和机关"), default=True)
    channels = models.CharField(_("渠道"), max_length=50, default="inapp,email,sms", help_text=_("inapp,email,sms"))

    class Meta:
        verbose_name = _("提醒规则")
        verbose_name_plural = _("提醒规则")
        constraints = [models.UniqueConstraint(fields=["committee", "kind"], name="reminderpolicy_unique", nulls_distinct=False)]

    def __str__(self):
        return f"{self.committee or '全部'} · {self.get_kind_display() or '全部类型'}"

    def clean(self):
        errors = {}
        for name, parse in (("days_before", parse_days), ("channels", parse_channels)):
            try:
                parse(getattr(self, name))
            except ValueError as exc:
                errors[name] = str(exc)
        if errors:
            raise ValidationError(errors)


class Obligation(models.Model):
    """Something someone must do by a date (DESIGN §3). The subject is any object (generic link)."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("事项类型"), max_length=40, choices=ObligationKind.choices, default=ObligationKind.GENERIC)
    title = models.CharField(_("事项"), max_length=300, help_text=_("以默认语言保存的标题（无法翻译时显示）"))
    # The title as a message id and its parameters, rendered in the reader's language (supervision.messages).
    title_key = models.CharField(max_length=300, blank=True, editable=False)
    title_params = models.JSONField(default=dict, blank=True, editable=False)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    owner_kind = models.CharField(_("责任方类型"), max_length=10, choices=OwnerKind.choices)
    owner_unit = models.ForeignKey(
        "members.HandlingUnit", verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.CASCADE, related_name="obligations"
    )
    owner_member = models.ForeignKey(
        "members.Member", verbose_name=_("责任委员"), null=True, blank=True, on_delete=models.CASCADE, related_name="obligations"
    )
    start_date = models.DateField(_("起算日期"))
    due_date = models.DateField(_("截止日期"), db_index=True)
    original_due_date = models.DateField(_("原截止日期"))
    state = models.CharField(_("状态"), max_length=10, choices=ObligationState.choices, default=ObligationState.OPEN)
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    next_reminder_at = models.DateTimeField(_("下次提醒时间"), null=True, blank=True)
    # When the sweep calls the kind's on-due handler (supervision.services.due_actions); None: none due.
    due_action_at = models.DateTimeField(_("到期处理时间"), null=True, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["due_date", "id"]
        indexes = [
            # The sweep's query: pending obligations whose next reminder is due.
            models.Index(
                fields=["next_reminder_at"], name="obligation_reminder_due",
                condition=models.Q(state__in=PENDING_STATES),
            ),
            models.Index(
                fields=["due_action_at"], name="obligation_due_action",
                condition=models.Q(state__in=PENDING_STATES, due_action_at__isnull=False),
            ),
            models.Index(fields=["state", "due_date"], name="obligation_state_due"),
            # The sweep's overdue marking: pending rows past their due date, oldest first (an idle sweep
            # reads nothing from a million settled rows).
            models.Index(
                fields=["due_date", "id"], name="obligation_markable",
                condition=models.Q(state__in=["open", "extended"]),
            ),
            # What each owner has pending (home pages' attention counts, the deadline list), without
            # reading the million settled rows: a unit's, a member's, and the staff work of committees.
            # With the kind, the attention counts (by kind, overdue or not) read the index alone: a
            # province's staff work is thousands of rows, which read from the table took 5 ms.
            models.Index(fields=["owner_unit", "due_date"], name="obligation_unit_pending", include=["kind"],
                         condition=models.Q(state__in=PENDING_STATES)),
            models.Index(fields=["owner_member", "due_date"], name="obligation_member_pending", include=["kind"],
                         condition=models.Q(state__in=PENDING_STATES)),
            models.Index(fields=["committee", "due_date"], name="obligation_staff_pending", include=["kind"],
                         condition=models.Q(state__in=PENDING_STATES, owner_kind=OwnerKind.STAFF)),
            # Replies owed past their due date (the proposal lists' "overdue" filter), per committee.
            models.Index(fields=["committee", "due_date"], name="obligation_reply_pending", include=["subject_id"],
                         condition=models.Q(state__in=PENDING_STATES,
                                            kind__in=[ObligationKind.PROPOSAL_REPLY, ObligationKind.PROPOSAL_REHANDLE])),
            # Lists of what is pending (the deadline list, home pages), nearest due first; with whose they
            # are, so that a reader's first rows are found in the index alone (supervision.selectors).
            models.Index(fields=["due_date", "id"], name="obligation_pending_due",
                         include=["committee", "owner_kind", "owner_member", "owner_unit"],
                         condition=models.Q(state__in=PENDING_STATES)),
            models.Index(fields=["subject_type", "subject_id"], name="obligation_subject"),
            models.Index(fields=["committee", "state", "due_date"], name="obligation_committee_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(owner_kind=OwnerKind.UNIT, owner_unit__isnull=False)
                           | models.Q(owner_kind=OwnerKind.MEMBER, owner_member__isnull=False)
                           | models.Q(owner_kind=OwnerKind.STAFF)),
                name="obligation_owner_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.display_title}（{self.due_date:%Y-%m-%d}）"

    @property
    def display_title(self):
        """The title in the active language (the stored title when it has no message id)."""
        return render_message(self.title_key, self.title_params, self.title)

    @property
    def owner_display(self):
        if self.owner_kind == OwnerKind.UNIT:
            return str(self.owner_unit)
        if self.owner_kind == OwnerKind.MEMBER:
            return str(self.owner_member)
        return str(_("机关工作人员"))

    @property
    def is_pending(self):
        return self.state in PENDING_STATES

    @property
    def days_overdue(self):
        """Whole days past the due date while still pending (0 if not overdue)."""
        if not self.is_pending:
            return 0
        return max(0, (timezone.localdate() - self.due_date).days)


class Reminder(models.Model):
    """One reminder stage of one obligation. The unique constraint makes each stage go out once."""

    obligation = models.ForeignKey(Obligation, verbose_name=_("办理时限"), on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(_("提醒阶段"), max_length=30, help_text=_("如 before-14、due、overdue-1"))
    # The due date the stage was counted from: after an extension the stages start again.
    due_date = models.DateField(_("对应截止日期"))
    escalated = models.BooleanField(_("已升级"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "due_date", "stage"], name="reminder_once_per_stage_and_due")
        ]

    def __str__(self):
        return f"{self.obligation_id} {self.stage}@{self.due_date}"

    @property
    def stage_display(self):
        return stage_label(self.stage)


class Notification(models.Model):
    """An in-app notification (the bell)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("标题"), max_length=300)
    # The title and body as message ids with parameters, rendered in the reader's language.
    title_key = models.CharField(max_length=300, blank=True, editable=False)
    title_params = models.JSONField(default=dict, blank=True, editable=False)
    body_key = models.CharField(max_length=300, blank=True, editable=False)
    body_params = models.JSONField(default=dict, blank=True, editable=False)
    body = models.TextField(_("内容"), blank=True, max_length=limits.RECORD_TEXT)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return render_message(self.title_key, self.title_params, self.title)

    @property
    def display_body(self):
        return render_message(self.body_key, self.body_params, self.body)


class Delivery(models.Model):
    """An outgoing email or SMS (outbox). Claimed with a conditional update, so each is sent once."""

    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("接收地址"), max_length=254)  # an e-mail address may have 254 characters
    subject = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), max_length=limits.RECORD_TEXT)
    state = models.CharField(_("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("外发消息")
        verbose_name_plural = _("外发消息")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "claimed_at"], name="delivery_state"),
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}"


class SweepRun(models.Model):
    """When the sweep last ran, and who started it (beat or an operator). Read by /healthz."""

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, default="beat")
    overdue_marked = models.PositiveIntegerField(_("新逾期"), default=0)
    reminders_sent = models.PositiveIntegerField(_("发出提醒"), default=0)
    due_actions = models.PositiveIntegerField(_("到期处理"), default=0)
    failures = models.PositiveIntegerField(_("失败待重试"), default=0)

    class Meta:
        verbose_name = _("巡检记录")
        verbose_name_plural = _("巡检记录")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "started_at"], name="sweeprun_source_started")]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.source}"

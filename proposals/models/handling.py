"""Handling by units: assignments (交办), requests, contacts, co-handler opinions, replies and ratings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import limits

from ..enums import (
    CONTACT_COMMUNICATION,
    CONTACT_MEETING,
    CONTACT_PUBLIC,
    AssignmentRole,
    AssignmentState,
    ContactWay,
    Relevance,
    ReplyState,
    RequestState,
    Satisfaction,
)

_user = dict(to=settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class Assignment(models.Model):
    """One unit's share of one proposal: lead (主办), co-handler (会办) or separate (分办)."""

    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("提案"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("members.HandlingUnit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="proposal_assignments")
    role = models.CharField(_("办理方式"), max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.LEAD)
    state = models.CharField(_("状态"), max_length=12, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED, db_index=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1, help_text=_("重新办理时加一"))
    assigned_at = models.DateTimeField(_("交办时间"))
    assigned_by = models.ForeignKey(verbose_name=_("交办人"), **_user)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "id"]
        indexes = [models.Index(fields=["unit", "state"], name="assignment_unit_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"], condition=~Q(state=AssignmentState.WITHDRAWN), name="assignment_unique_active_unit"
            ),
        ]

    def __str__(self):
        return f"{self.proposal} → {self.unit}（{self.get_role_display()}）"

    @property
    def replies_to_proposer(self):
        return self.role in (AssignmentRole.LEAD, AssignmentRole.SEPARATE)

    # The reply due date lives on the assignment's reply Obligation (proposals.due_dates), never here.
    # Lists annotate both names in their query; a single instance reads them once, on first use.
    def _dates(self):
        if "due_date" not in self.__dict__ or "original_due_date" not in self.__dict__:
            from ..due_dates import assignment_dates

            due, original = assignment_dates(self) if self.pk else (None, None)
            self.__dict__.setdefault("due_date", due)
            self.__dict__.setdefault("original_due_date", original)
        return self.__dict__

    @property
    def due_date(self):
        """答复截止日期: the due date of the current reply obligation (None before it exists)."""
        return self._dates()["due_date"]

    @due_date.setter
    def due_date(self, value):  # set by queryset annotations (with_assignment_due_dates)
        self.__dict__["due_date"] = value

    @property
    def original_due_date(self):
        """原答复截止日期: that obligation's due date before any extension."""
        return self._dates()["original_due_date"]

    @original_due_date.setter
    def original_due_date(self, value):
        self.__dict__["original_due_date"] = value

    def forget_due_dates(self):
        """Drop the cached dates (after an extension or a new obligation)."""
        self.__dict__.pop("due_date", None)
        self.__dict__.pop("original_due_date", None)

    def refresh_from_db(self, *args, **kwargs):
        self.forget_due_dates()
        super().refresh_from_db(*args, **kwargs)


class UnitRequest(models.Model):
    """What a unit's request to staff has in common: a reason, who asked when, and staff's decision."""

    reason = models.TextField(_("理由"), max_length=limits.NOTE)
    state = models.CharField(_("状态"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    requested_by = models.ForeignKey(verbose_name=_("申请人"), **_user)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(verbose_name=_("审批人"), **_user)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True, max_length=limits.NOTE)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]


class AdjustmentRequest(UnitRequest):
    """申请调整: the unit thinks the assignment is wrong (within the window); staff decide and reassign."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="adjustment_requests")
    suggested_unit = models.ForeignKey(
        "members.HandlingUnit", verbose_name=_("建议承办单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_unit = models.ForeignKey(
        "members.HandlingUnit", verbose_name=_("改交单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(UnitRequest.Meta):
        verbose_name = _("调整申请")
        verbose_name_plural = _("调整申请")

    def __str__(self):
        return f"{self.assignment} · {self.get_state_display()}"


class ExtensionRequest(UnitRequest):
    """申请延期: a new reply due date with a reason; at most `max_extension_months` beyond the original."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="extension_requests")
    requested_due_date = models.DateField(_("申请延至"))
    granted_due_date = models.DateField(_("批准延至"), null=True, blank=True)

    class Meta(UnitRequest.Meta):
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self):
        return f"{self.assignment} → {self.requested_due_date} · {self.get_state_display()}"


class ContactLog(models.Model):
    """办前沟通 and later contacts with the proposer ("321": 3 communications, 2 meetings, 1 public)."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("日期"))
    way = models.CharField(_("方式"), max_length=10, choices=ContactWay.choices)
    note = models.TextField(_("情况"), blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(verbose_name=_("记录人"), **_user)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date} {self.get_way_display()}"

    @property
    def group(self):
        """communication / meeting / public, for the 321 counts."""
        if self.way in CONTACT_COMMUNICATION:
            return "communication"
        if self.way in CONTACT_MEETING:
            return "meeting"
        if self.way in CONTACT_PUBLIC:
            return "public"
        return ""


class CoHandlerOpinion(models.Model):
    """会办意见: a co-handling unit's views, sent to the lead unit (never shown to the proposer)."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("会办交办"), on_delete=models.CASCADE, related_name="opinions")
    body = models.TextField(_("意见"), max_length=limits.LONG_TEXT)
    sent_by = models.ForeignKey(verbose_name=_("提交人"), **_user)
    sent_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会办意见")
        verbose_name_plural = _("会办意见")
        ordering = ["sent_at", "id"]

    def __str__(self):
        return f"{self.assignment.unit} 会办意见"


class Reply(models.Model):
    """答复: one round of one replying unit's answer; reviewed by staff before the proposer sees it."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    category = models.ForeignKey("proposals.ReplyCategory", verbose_name=_("答复类别"), on_delete=models.PROTECT, related_name="replies")
    submitted_category = models.ForeignKey(
        "proposals.ReplyCategory", verbose_name=_("单位所报类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("答复内容"), max_length=limits.LONG_TEXT)
    letter_number = models.CharField(_("文号"), max_length=50, blank=True)
    signed_by = models.CharField(_("签发人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=ReplyState.choices, default=ReplyState.SUBMITTED, db_index=True)
    submitted_by = models.ForeignKey(verbose_name=_("提交人"), **_user)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    reviewer = models.ForeignKey(verbose_name=_("审核人"), **_user)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True, max_length=limits.NOTE)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["assignment", "round", "id"]

    def __str__(self):
        return f"{self.assignment} 第{self.round}轮答复"

    @property
    def letter(self):
        """The reply letter attachment, if any (uses the prefetched list when present)."""
        items = [a for a in self.attachments.all()]
        return items[-1] if items else None


class Rating(models.Model):
    """办理评价 of one reply by one rater: the proposer or a confirmed co-signer."""

    reply = models.ForeignKey(Reply, verbose_name=_("答复"), on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey("members.Member", verbose_name=_("评价委员"), on_delete=models.CASCADE, related_name="proposal_ratings")
    attitude = models.CharField(_("办理态度"), max_length=12, choices=Satisfaction.choices)
    relevance = models.CharField(_("答复针对性"), max_length=10, choices=Relevance.choices)
    result = models.CharField(_("办理结果"), max_length=12, choices=Satisfaction.choices)
    note = models.TextField(_("意见"), blank=True, max_length=limits.NOTE)
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理评价")
        verbose_name_plural = _("办理评价")
        ordering = ["reply", "id"]
        constraints = [models.UniqueConstraint(fields=["reply", "rater"], name="rating_once_per_rater")]

    def __str__(self):
        return f"{self.rater} · {self.get_result_display()}"


class ReviewReport(models.Model):
    """回头看: six months after a B-category reply (or a key proposal's reply) the unit reports how far what
    it promised has got (% progress and a note); meets the REVIEW Obligation of the assignment."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="review_reports")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    progress = models.PositiveSmallIntegerField(_("落实进度（%）"))
    note = models.TextField(_("落实情况"), max_length=limits.LONG_TEXT)
    reported_by = models.ForeignKey(verbose_name=_("填报人"), **_user)
    reported_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回头看")
        verbose_name_plural = _("回头看")
        ordering = ["assignment", "reported_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="review_report_progress_max_100"),
        ]

    def __str__(self):
        return f"{self.assignment} 回头看 {self.progress}%"

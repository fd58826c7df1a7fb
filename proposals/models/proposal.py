"""The proposal, its signatures, attachments and the staged review decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.enums import Party
from portal import limits

from ..enums import (
    AttachmentPurpose,
    CollectiveKind,
    ConvertTarget,
    CoSignatureState,
    ProposalKind,
    ProposalPeriod,
    ProposalState,
    StagedAction,
)


class Proposal(models.Model):
    """提案. Written by `proposer` (the first signer); numbered per session on acceptance (立案)."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT, related_name="proposals")
    session = models.ForeignKey(
        "members.Session", verbose_name=_("届次会议"), null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True, editable=False)
    number = models.CharField(_("案号"), max_length=40, blank=True, db_index=True, editable=False)
    kind = models.CharField(_("提案类型"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.INDIVIDUAL)
    period = models.CharField(_("提出时间"), max_length=10, choices=ProposalPeriod.choices, default=ProposalPeriod.BETWEEN)
    collective_kind = models.CharField(_("集体提案名义"), max_length=20, choices=CollectiveKind.choices, blank=True)
    collective_party = models.CharField(_("党派"), max_length=16, choices=Party.choices, blank=True)
    collective_sector = models.ForeignKey(
        "members.Sector", verbose_name=_("界别"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collective_special_committee = models.ForeignKey(
        "members.SpecialCommittee", verbose_name=_("专门委员会"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collective_name = models.CharField(_("提案单位名称"), max_length=100, blank=True, help_text=_("如：民盟南谯区基层委员会"))
    title = models.CharField(_("案题"), max_length=200)
    category = models.ForeignKey(
        "proposals.ProposalCategory", verbose_name=_("分类"), null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    reason = models.TextField(_("案由"), blank=True, max_length=limits.LONG_TEXT)
    suggestions = models.TextField(_("建议"), blank=True, max_length=limits.LONG_TEXT)
    proposer = models.ForeignKey("members.Member", verbose_name=_("提案人（领衔）"), on_delete=models.PROTECT, related_name="proposals")
    disclosure_consent = models.BooleanField(_("同意公开"), default=True)
    nondisclosure_reason = models.CharField(_("不公开理由"), max_length=300, blank=True)
    is_key = models.BooleanField(_("重点提案"), default=False, db_index=True)
    supervising_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("领衔督办领导"), blank=True, related_name="supervised_proposals"
    )
    key_meeting_date = models.DateField(_("办理协商会日期"), null=True, blank=True)
    key_meeting_note = models.TextField(_("办理协商会情况"), blank=True, max_length=limits.NOTE)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入提案"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_proposals"
    )
    converted_to = models.CharField(_("转为"), max_length=10, choices=ConvertTarget.choices, blank=True)
    decline_ground = models.ForeignKey(
        "proposals.DeclineGround", verbose_name=_("不予立案理由"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField(_("审查意见"), blank=True, max_length=limits.NOTE)
    state = models.CharField(_("状态"), max_length=12, choices=ProposalState.choices, default=ProposalState.DRAFT, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    answered_at = models.DateTimeField(
        _("首次答复时间"), null=True, blank=True, editable=False,
        help_text=_("第一份答复审核通过的时间：同意公开的提案自此出现在提案公开中"),
    )

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["committee", "state"], name="proposal_committee_state"),
            models.Index(fields=["session", "sequence"], name="proposal_session_seq"),
            # The lists' orders, so that a page of the newest stops after one page of rows:
            # the API and 我的提案 (newest first), the overview and 提案公开 (newest accepted first).
            models.Index(fields=["created_at", "id"], name="proposal_created"),
            models.Index(fields=["accepted_at", "submitted_at", "id"], name="proposal_accepted"),
            models.Index(fields=["submitted_at", "id"], name="proposal_submitted"),
            # The review queue (待审查, oldest first).
            models.Index(fields=["submitted_at", "id"], name="proposal_review_queue", condition=Q(state="submitted")),
            # 提案公开, newest answer first: only disclosed proposals with an approved reply.
            models.Index(fields=["answered_at", "id"], name="proposal_public",
                         condition=Q(answered_at__isnull=False, disclosure_consent=True)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "sequence"], condition=Q(sequence__isnull=False), name="proposal_unique_number_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def is_overdue(self):
        """逾期未答复: some assignment still owes its reply past its due date (its reply obligation's), as
        selectors.overdue_assignments. Lists prefetch the
        assignments with their due dates (selectors.with_list_related), so this costs no query there;
        elsewhere, one query (cached on the instance)."""
        if "is_overdue" not in self.__dict__:
            from django.utils import timezone

            from ..enums import REPLY_OWED_STATES

            cache = getattr(self, "_prefetched_objects_cache", {})
            if "assignments" in cache:
                today = timezone.localdate()
                self.__dict__["is_overdue"] = any(
                    a.state in REPLY_OWED_STATES and a.due_date is not None and a.due_date < today
                    for a in cache["assignments"])
            else:
                from ..selectors import overdue_assignments

                self.__dict__["is_overdue"] = bool(self.pk) and overdue_assignments().filter(proposal_id=self.pk).exists()
        return self.__dict__["is_overdue"]

    @is_overdue.setter
    def is_overdue(self, value):  # set by a queryset annotation
        self.__dict__["is_overdue"] = value

    @property
    def is_draft(self):
        return self.state == ProposalState.DRAFT

    @property
    def is_disclosed(self):
        return self.disclosure_consent

    @property
    def proposer_display(self):
        """The name shown as proposer: the collective's name, or the first signer."""
        if self.kind == ProposalKind.COLLECTIVE:
            return (
                self.collective_name
                or (self.collective_sector and self.collective_sector.name)
                or (self.collective_special_committee and self.collective_special_committee.name)
                or self.get_collective_party_display()
                or str(self.proposer)
            )
        return str(self.proposer)


class CoSignature(models.Model):
    """A signer of a joint proposal. The initiator's row (order 0, confirmed) is written on creation."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="signatures")
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.CASCADE, related_name="cosignatures")
    is_initiator = models.BooleanField(_("领衔人"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    state = models.CharField(_("状态"), max_length=10, choices=CoSignatureState.choices, default=CoSignatureState.INVITED)
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    responded_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # sha256 of the title, 案由 and 建议 the co-signer confirmed (proposals.services.drafting.text_version);
    # an edit of that text after the confirmation asks them to confirm again.
    confirmed_text = models.CharField(_("确认的文本版本"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("联名")
        verbose_name_plural = _("联名")
        ordering = ["proposal", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="cosignature_unique_member")]
        indexes = [models.Index(fields=["member", "state"], name="cosignature_member_state")]

    def __str__(self):
        return f"{self.member} · {self.get_state_display()}"

    @property
    def due_date(self):
        """确认截止日期: the due date of the co-signing Obligation (annotated in lists; None before submission)."""
        if "due_date" not in self.__dict__:
            from ..due_dates import signature_due_date

            self.__dict__["due_date"] = signature_due_date(self) if self.pk else None
        return self.__dict__["due_date"]

    @due_date.setter
    def due_date(self, value):  # set by queryset annotations (with_signature_due_dates)
        self.__dict__["due_date"] = value

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("due_date", None)
        super().refresh_from_db(*args, **kwargs)


class Attachment(models.Model):
    """An uploaded file, checked by content (see proposals.files), stored under a generated name."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="attachments")
    reply = models.ForeignKey(
        "proposals.Reply", verbose_name=_("答复"), null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    opinion = models.ForeignKey(
        "proposals.CoHandlerOpinion", verbose_name=_("会办意见"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="attachments",
    )
    purpose = models.CharField(_("用途"), max_length=16, choices=AttachmentPurpose.choices, default=AttachmentPurpose.MATERIAL)
    file = models.FileField(_("文件"), upload_to="proposals/%Y/%m/", max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class StagedDecision(models.Model):
    """A reviewer's pending mark ("拟立案" …), applied in bulk by `apply_staged_decisions`."""

    proposal = models.OneToOneField(Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="staged_decision")
    action = models.CharField(_("拟处理意见"), max_length=10, choices=StagedAction.choices)
    merge_into = models.ForeignKey(
        Proposal, verbose_name=_("拟并入"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    decline_ground = models.ForeignKey(
        "proposals.DeclineGround", verbose_name=_("不予立案理由"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    convert_to = models.CharField(_("转为"), max_length=10, choices=ConvertTarget.choices, blank=True)
    note = models.TextField(_("意见"), blank=True, max_length=limits.NOTE)
    staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("标记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staged_at = models.DateTimeField(_("标记时间"), auto_now=True)

    class Meta:
        verbose_name = _("拟处理意见")
        verbose_name_plural = _("拟处理意见")

    def __str__(self):
        return f"{self.proposal} · {self.get_action_display()}"

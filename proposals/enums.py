"""States, kinds and the action tables of proposals (a leaf module: imports nothing of ours but the
workflow's `Action`).

Each `*_ACTIONS` table declares, per action, the states it may start from and the state it leads to
(None: the state stays, the action is only allowed in those states). Every state change goes through
`portal.workflow.perform(obj, action, ...)`, which checks these tables (the models are bound to them in
`proposals.services.transitions`). Keep them strict: proposal handling is regulated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.workflow import Action


class ProposalKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人提案")
    JOINT = "joint", _("联名提案")
    COLLECTIVE = "collective", _("集体提案")


class ProposalPeriod(models.TextChoices):
    PLENARY = "plenary", _("大会期间")
    BETWEEN = "between", _("闭会期间")


class CollectiveKind(models.TextChoices):
    """In whose name a collective proposal is made."""

    PARTY = "party", _("党派")
    ORGANISATION = "organisation", _("人民团体")
    SECTOR = "sector", _("界别")
    SPECIAL_COMMITTEE = "special_committee", _("专门委员会")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COSIGNING = "cosigning", _("联名确认中")
    SUBMITTED = "submitted", _("待审查")
    RETURNED = "returned", _("退回修改")
    WITHDRAWN = "withdrawn", _("已撤回")
    ACCEPTED = "accepted", _("已立案")
    MERGED = "merged", _("已并案")
    CONVERTED = "converted", _("转意见建议")
    REJECTED = "rejected", _("不予立案")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复待评价")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("已办结")


S = ProposalState


# Named groups used by selectors, pages and statistics.
EDITABLE_STATES = {S.DRAFT, S.RETURNED}  # the proposer may edit content
IN_HANDLING_STATES = {S.HANDLING, S.REPLIED, S.REHANDLING}
ACCEPTED_STATES = {S.ACCEPTED, S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED}  # 立案 (numbered)
TERMINAL_STATES = {S.WITHDRAWN, S.CONVERTED, S.REJECTED, S.CLOSED}
KEY_STATES = {S.ACCEPTED, S.HANDLING, S.REPLIED, S.REHANDLING}  # may be chosen as key proposals (not finished ones)

# What may happen to a proposal, and from which states.
PROPOSAL_ACTIONS = {
    "start_cosigning": Action({S.DRAFT, S.RETURNED}, S.COSIGNING, _("提交，等待联名确认")),
    "submit": Action({S.DRAFT, S.RETURNED}, S.SUBMITTED, _("提交审查")),
    "cosigned": Action({S.COSIGNING}, S.SUBMITTED, _("提交审查"), log="submit"),  # last invitation answered
    "cosigning_failed": Action({S.COSIGNING}, S.DRAFT, _("无人确认联名")),
    "withdraw": Action({S.DRAFT, S.COSIGNING, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN, _("撤回")),
    "stage": Action({S.SUBMITTED}, None, pgettext_lazy("action", "标记审查意见")),
    "accept": Action({S.SUBMITTED}, S.ACCEPTED, _("立案")),
    "return": Action({S.SUBMITTED}, S.RETURNED, _("退回修改")),
    "merge": Action({S.SUBMITTED}, S.MERGED, _("并案")),
    "convert": Action({S.SUBMITTED}, S.CONVERTED, _("转意见建议")),
    "decline": Action({S.SUBMITTED}, S.REJECTED, _("不予立案")),
    "assign": Action({S.ACCEPTED}, S.HANDLING, _("交办")),
    "mark_key": Action(KEY_STATES, None, pgettext_lazy("action", "确定为重点提案")),
    # the handling state follows the replying assignments (services.handling.sync_proposal_state)
    "all_answered": Action({S.HANDLING, S.REHANDLING}, S.REPLIED, _("状态更新"), log="sync"),
    "rehandling": Action({S.HANDLING, S.REPLIED}, S.REHANDLING, _("状态更新"), log="sync"),
    "back_to_handling": Action({S.REHANDLING}, S.HANDLING, _("状态更新"), log="sync"),
    "close": Action({S.REPLIED}, S.CLOSED, _("办结")),
    "close_merged": Action({S.MERGED}, S.CLOSED, _("办结"), log="close"),  # with the proposal it was merged into
}


class StagedAction(models.TextChoices):
    """A reviewer's pending mark, applied in bulk later (pretalx's pending_state)."""

    ACCEPT = "accept", _("拟立案")
    RETURN = "return", _("拟退回修改")
    MERGE = "merge", _("拟并案")
    CONVERT = "convert", _("拟转意见建议")
    REJECT = "reject", _("拟不予立案")



class ConvertTarget(models.TextChoices):
    OPINION = "opinion", _("转意见建议")
    SOCIAL = "social", _("转社情民意信息")


class CoSignatureState(models.TextChoices):
    INVITED = "invited", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已谢绝")
    EXPIRED = "expired", _("逾期未确认")


COSIGNATURE_ACTIONS = {
    "confirm_cosign": Action({CoSignatureState.INVITED}, CoSignatureState.CONFIRMED, _("确认联名")),
    "decline_cosign": Action({CoSignatureState.INVITED}, CoSignatureState.DECLINED, _("谢绝联名")),
    "expire_cosign": Action({CoSignatureState.INVITED}, CoSignatureState.EXPIRED, _("逾期未确认")),
    # the proposer changed the title, 案由 or 建议 after the confirmation: asked to confirm the new text
    "reconfirm_cosign": Action({CoSignatureState.CONFIRMED}, CoSignatureState.INVITED, _("文本已修改，重新确认联名")),
}


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("会办")
    SEPARATE = "separate", _("分办")


REPLYING_ROLES = {AssignmentRole.LEAD, AssignmentRole.SEPARATE}  # each of these replies to the proposer


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("办理中")
    ADJUSTING = "adjusting", _("申请调整中")
    REPLIED = "replied", _("答复待审核")
    ANSWERED = "answered", _("已答复")  # reply approved; for a co-handler: opinion sent
    REHANDLING = "rehandling", _("重新办理")
    WITHDRAWN = "withdrawn", _("已调整撤销")
    CLOSED = "closed", _("已办结")


A = AssignmentState

ASSIGNMENT_ACTIONS = {
    "acknowledge": Action({A.ASSIGNED}, None, pgettext_lazy("action", "签收")),
    "request_adjustment": Action({A.ASSIGNED}, A.ADJUSTING, _("申请调整")),
    "reassign": Action({A.ADJUSTING}, A.WITHDRAWN, _("调整改交")),  # adjustment approved: another unit takes it
    "adjustment_denied": Action({A.ADJUSTING}, A.ASSIGNED, _("不同意调整")),
    "request_extension": Action({A.ASSIGNED, A.REHANDLING}, None, pgettext_lazy("action", "申请延期")),
    "contact": Action({A.ASSIGNED, A.REPLIED, A.ANSWERED, A.REHANDLING}, None, pgettext_lazy("action", "记录沟通情况")),
    "co_opinion": Action({A.ASSIGNED}, A.ANSWERED, _("会办意见")),
    "reply": Action({A.ASSIGNED, A.REHANDLING}, A.REPLIED, _("提交答复")),
    "reply_approved": Action({A.REPLIED}, A.ANSWERED, _("答复审核通过")),
    # sent back to the round it came from
    "reply_sent_back": Action({A.REPLIED}, A.ASSIGNED, _("答复退回修改")),
    "rehandling_reply_sent_back": Action({A.REPLIED}, A.REHANDLING, _("答复退回修改"), log="reply_sent_back"),
    # only from an approved reply (已答复), never from one still waiting for review
    "rehandle": Action({A.ANSWERED}, A.REHANDLING, _("重新办理")),
    "review_report": Action({A.ANSWERED, A.CLOSED}, None, pgettext_lazy("action", "填报回头看")),
    "close": Action({A.ANSWERED}, A.CLOSED, _("办结")),
}

ACTIVE_ASSIGNMENT_STATES = {A.ASSIGNED, A.ADJUSTING, A.REPLIED, A.REHANDLING}
# The unit still owes its reply (a reply waiting for staff's review is not owed any more): "逾期未答复"
# is an assignment in one of these states past its reply due date.
REPLY_OWED_STATES = {A.ASSIGNED, A.ADJUSTING, A.REHANDLING}


class ReplyState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("审核通过")
    SENT_BACK = "sent_back", _("退回修改")


REPLY_ACTIONS = {
    "approve": Action({ReplyState.SUBMITTED}, ReplyState.APPROVED, _("审核答复"), log="review_reply"),
    "send_back": Action({ReplyState.SUBMITTED}, ReplyState.SENT_BACK, _("审核答复"), log="review_reply"),
}


class RequestState(models.TextChoices):
    """Adjustment and extension requests."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    DENIED = "denied", _("不同意")


ADJUSTMENT_REQUEST_ACTIONS = {
    "approve": Action({RequestState.PENDING}, RequestState.APPROVED, _("审批调整申请"), log="resolve_adjustment"),
    "deny": Action({RequestState.PENDING}, RequestState.DENIED, _("审批调整申请"), log="resolve_adjustment"),
}
EXTENSION_REQUEST_ACTIONS = {
    "approve": Action({RequestState.PENDING}, RequestState.APPROVED, _("审批延期申请"), log="decide_extension"),
    "deny": Action({RequestState.PENDING}, RequestState.DENIED, _("审批延期申请"), log="decide_extension"),
}


class ContactWay(models.TextChoices):
    """办前沟通 ways; the "321" method counts 3 communications, 2 meetings, 1 public disclosure."""

    PHONE = "phone", _("电话")
    MESSAGE = "message", _("书面/网络")
    FACE = "face", _("面谈")
    VISIT = "visit", _("走访")
    MEETING = "meeting", _("座谈会议")
    PUBLIC = "public", _("公开")


CONTACT_COMMUNICATION = {ContactWay.PHONE, ContactWay.MESSAGE}
CONTACT_MEETING = {ContactWay.FACE, ContactWay.VISIT, ContactWay.MEETING}
CONTACT_PUBLIC = {ContactWay.PUBLIC}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Relevance(models.TextChoices):
    RELEVANT = "relevant", _("针对")
    PARTLY = "partly", _("基本针对")
    NOT = "not", _("未针对")


class AttachmentPurpose(models.TextChoices):
    MATERIAL = "material", _("提案附件")
    REPLY_LETTER = "reply_letter", _("答复函")
    OPINION = "opinion", _("会办意见附件")

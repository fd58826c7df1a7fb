"""States, kinds and the allowed-transition tables of proposals (a leaf module: imports nothing of ours).

Every state change goes through `proposals.services.transitions.transition()` (proposals) or
`transition_assignment()` / `transition_simple()` (assignments, co-signatures, replies, requests),
which check these tables. Keep them strict: proposal handling is regulated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

# The one table of allowed proposal transitions: source -> allowed targets.
PROPOSAL_TRANSITIONS = {
    S.DRAFT: {S.COSIGNING, S.SUBMITTED, S.WITHDRAWN},
    S.COSIGNING: {S.SUBMITTED, S.DRAFT, S.WITHDRAWN},
    S.SUBMITTED: {S.ACCEPTED, S.RETURNED, S.MERGED, S.CONVERTED, S.REJECTED, S.WITHDRAWN},
    S.RETURNED: {S.SUBMITTED, S.COSIGNING, S.WITHDRAWN},
    S.ACCEPTED: {S.HANDLING},
    S.HANDLING: {S.REPLIED, S.REHANDLING},
    S.REPLIED: {S.CLOSED, S.REHANDLING},
    S.REHANDLING: {S.REPLIED, S.HANDLING},
    S.MERGED: {S.CLOSED},  # closes with the proposal it was merged into
    S.WITHDRAWN: set(),
    S.CONVERTED: set(),
    S.REJECTED: set(),
    S.CLOSED: set(),
}

# Named groups used by selectors, pages and statistics.
PRIVATE_STATES = {S.DRAFT, S.WITHDRAWN}  # seen by the proposer (and invited co-signers of a draft) only
EDITABLE_STATES = {S.DRAFT, S.RETURNED}  # the proposer may edit content
UNDER_REVIEW_STATES = {S.SUBMITTED}
DECIDED_STATES = {S.ACCEPTED, S.MERGED, S.CONVERTED, S.REJECTED}
IN_HANDLING_STATES = {S.HANDLING, S.REPLIED, S.REHANDLING}
ACCEPTED_STATES = {S.ACCEPTED, S.HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED}  # 立案 (numbered)
TERMINAL_STATES = {S.WITHDRAWN, S.CONVERTED, S.REJECTED, S.CLOSED}
KEY_STATES = {S.ACCEPTED, S.HANDLING, S.REPLIED, S.REHANDLING}  # may be chosen as key proposals (not finished ones)


class StagedAction(models.TextChoices):
    """A reviewer's pending mark, applied in bulk later (pretalx's pending_state)."""

    ACCEPT = "accept", _("拟立案")
    RETURN = "return", _("拟退回修改")
    MERGE = "merge", _("拟并案")
    CONVERT = "convert", _("拟转意见建议")
    REJECT = "reject", _("拟不予立案")


STAGED_TARGET = {
    StagedAction.ACCEPT: S.ACCEPTED,
    StagedAction.RETURN: S.RETURNED,
    StagedAction.MERGE: S.MERGED,
    StagedAction.CONVERT: S.CONVERTED,
    StagedAction.REJECT: S.REJECTED,
}


class ConvertTarget(models.TextChoices):
    OPINION = "opinion", _("转意见建议")
    SOCIAL = "social", _("转社情民意信息")


class CoSignatureState(models.TextChoices):
    INVITED = "invited", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已谢绝")
    EXPIRED = "expired", _("逾期未确认")


COSIGNATURE_TRANSITIONS = {
    CoSignatureState.INVITED: {CoSignatureState.CONFIRMED, CoSignatureState.DECLINED, CoSignatureState.EXPIRED},
    CoSignatureState.CONFIRMED: set(),
    CoSignatureState.DECLINED: set(),
    CoSignatureState.EXPIRED: set(),
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

ASSIGNMENT_TRANSITIONS = {
    A.ASSIGNED: {A.ADJUSTING, A.REPLIED, A.ANSWERED, A.WITHDRAWN},
    A.ADJUSTING: {A.ASSIGNED, A.WITHDRAWN},
    A.REPLIED: {A.ANSWERED, A.ASSIGNED, A.REHANDLING},  # approved, or sent back to its round
    A.ANSWERED: {A.REHANDLING, A.CLOSED},
    A.REHANDLING: {A.REPLIED},
    A.WITHDRAWN: set(),
    A.CLOSED: set(),
}

ACTIVE_ASSIGNMENT_STATES = {A.ASSIGNED, A.ADJUSTING, A.REPLIED, A.REHANDLING}


class ReplyState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("审核通过")
    SENT_BACK = "sent_back", _("退回修改")


REPLY_TRANSITIONS = {
    ReplyState.SUBMITTED: {ReplyState.APPROVED, ReplyState.SENT_BACK},
    ReplyState.APPROVED: set(),
    ReplyState.SENT_BACK: set(),
}


class RequestState(models.TextChoices):
    """Adjustment and extension requests."""

    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    DENIED = "denied", _("不同意")


REQUEST_TRANSITIONS = {
    RequestState.PENDING: {RequestState.APPROVED, RequestState.DENIED},
    RequestState.APPROVED: set(),
    RequestState.DENIED: set(),
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


def allowed_sources(table, target):
    """The states from which `target` may be reached (for error messages)."""
    return [src for src, targets in table.items() if target in targets]

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.workflow import Action


class ObligationState(models.TextChoices):
    OPEN = "open", _("办理中")
    MET = "met", _("已完成")
    OVERDUE = "overdue", _("已逾期")
    EXTENDED = "extended", _("已延期")
    WAIVED = "waived", _("已免除")


# States still owing something: swept for reminders and overdue.
PENDING_STATES = [ObligationState.OPEN, ObligationState.EXTENDED, ObligationState.OVERDUE]

# Timeline actions written by the services (StateChange.action), with their labels.
OBLIGATION_ACTIONS = {
    "create": _("创建"),
    "meet": pgettext_lazy("obligation", "办结"),
    "extend": _("延期"),
    "waive": _("免除"),
    "overdue": _("逾期"),
}

# What may happen to an obligation, and from which states (portal.workflow; bound in services.obligations).
OBLIGATION_WORKFLOW = {
    "meet": Action(PENDING_STATES, ObligationState.MET, OBLIGATION_ACTIONS["meet"]),
    "waive": Action(PENDING_STATES, ObligationState.WAIVED, OBLIGATION_ACTIONS["waive"]),
    "extend": Action(PENDING_STATES, ObligationState.EXTENDED, OBLIGATION_ACTIONS["extend"]),
    "overdue": Action({ObligationState.OPEN, ObligationState.EXTENDED}, ObligationState.OVERDUE, OBLIGATION_ACTIONS["overdue"]),
}


class OwnerKind(models.TextChoices):
    UNIT = "unit", _("承办单位")
    MEMBER = "member", _("委员")
    STAFF = "staff", _("机关工作人员")


class ObligationKind(models.TextChoices):
    """What is owed. Later features add their kinds here (one list, used by policies and dashboards)."""

    GENERIC = "generic", _("一般事项")
    PROPOSAL_COSIGN = "proposal_cosign", _("提案联名确认")
    PROPOSAL_REVIEW = "proposal_review", _("提案审查")
    PROPOSAL_ADJUST = "proposal_adjust", _("交办调整申请期")
    PROPOSAL_CONTACT = "proposal_contact", _("办前沟通")
    PROPOSAL_REPLY = "proposal_reply", _("提案答复")
    PROPOSAL_REPLY_REVIEW = "proposal_reply_review", _("答复审核")
    PROPOSAL_RATING = "proposal_rating", _("办理评价")
    PROPOSAL_REHANDLE = "proposal_rehandle", _("重新办理")
    PROPOSAL_EXTENSION_REVIEW = "proposal_extension_review", _("延期申请审批")
    PROPOSAL_RATING_FOLLOWUP = "proposal_rating_followup", _("联名委员不满意待处理")
    OUTCOME_REPLY = "outcome_reply", _("协商成果答复")
    CONSULT_INVITATION = "consult_invitation", _("协商活动邀请答复")
    CONSULT_LEAVE_REVIEW = "consult_leave_review", _("协商活动请假审批")
    CONSULT_SPEECH_DECISION = "consult_speech_decision", _("大会发言选用")
    LETTER_REPLY = "letter_reply", _("监督建议书答复")
    CASE_CHECK = "case_check", _("群众点单定单")
    CASE_CLAIM = "case_claim", _("群众点单接单")
    CASE_CONSULT = "case_consult", _("群众点单协商解单")
    CASE_FOLLOWUP = "case_followup", _("群众点单跟进")
    RECEPTION_CONFIRM = "reception_confirm", _("委员接待日值班确认")
    RECEPTION_DAY = "reception_day", _("委员接待日值班")
    REVIEW = "review", _("回头看")
    OPINION_REPLY = "opinion_reply", _("社情民意批示办理")


class Channel(models.TextChoices):
    INAPP = "inapp", _("站内通知")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")

"""Outcomes (协商成果), their sending to units and the units' replies (a leaf module)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.workflow import Action


class OutcomeKind(models.TextChoices):
    PROPOSAL = "proposal", _("建议案")
    RESEARCH_REPORT = "research_report", _("调研报告")
    INSPECTION_REPORT = "inspection_report", _("视察报告")
    SPECIAL_REPORT = "special_report", _("协商专报")
    MINUTES = "minutes", _("纪要")


class OutcomeState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SENT = "sent", _("已报送")


OUTCOME_ACTIONS = {
    "send": Action({OutcomeState.DRAFT}, OutcomeState.SENT, _("报送")),
    "send_more": Action({OutcomeState.SENT}, None, pgettext_lazy("action", "报送其他单位"), log="send"),
    "instruct": Action({OutcomeState.SENT}, None, pgettext_lazy("action", "记录领导批示")),
}


class SendingState(models.TextChoices):
    SENT = "sent", _("待答复")
    REPLIED = "replied", _("已答复")


SENDING_ACTIONS = {
    "reply": Action({SendingState.SENT}, SendingState.REPLIED, _("答复")),
    "lookback_report": Action({SendingState.REPLIED}, None, pgettext_lazy("action", "报送回头看落实情况")),
}


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")

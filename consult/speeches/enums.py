"""Plenary speeches (大会发言): kinds, states and the action table (a leaf module)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.workflow import Action


class SpeechKind(models.TextChoices):
    ORAL = "oral", _("口头发言（上台）")
    WRITTEN = "written", _("书面发言")


class SpeechState(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    CHOSEN = "chosen", _("已选用")
    DECLINED = "declined", _("未选用")
    DELIVERED = "delivered", _("已发言")


S = SpeechState

SPEECH_ACTIONS = {
    "choose": Action({S.REGISTERED}, S.CHOSEN, _("选用")),
    "decline": Action({S.REGISTERED, S.CHOSEN}, S.DECLINED, _("不予选用")),
    "deliver": Action({S.CHOSEN}, S.DELIVERED, _("标记为已发言")),
}

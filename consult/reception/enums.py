"""委员接待日: the states of a reception day and of a swap request, and the action tables (a leaf module).
The duty's states live with the duty (members.enums.DutyState)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.enums import DutyState
from portal.workflow import Action


class DayState(models.TextChoices):
    PLANNED = "planned", _("待接待")
    HELD = "held", _("已接待")


class SwapState(models.TextChoices):
    REQUESTED = "requested", _("待对方同意")
    ACCEPTED = "accepted", _("待机关审批")
    APPROVED = "approved", _("已换班")
    DECLINED = "declined", _("对方不同意")
    REFUSED = "refused", _("机关未同意")
    WITHDRAWN = "withdrawn", _("已撤回")


D = DutyState
OPEN_DUTY = {D.PLANNED, D.CONFIRMED}

DUTY_ACTIONS = {
    "confirm": Action({D.PLANNED}, D.CONFIRMED, _("确认值班")),
    "swap": Action(OPEN_DUTY, D.CONFIRMED, _("换班")),
    "attend": Action(OPEN_DUTY, D.DONE, _("到岗接待")),
    "miss": Action(OPEN_DUTY, D.ABSENT, _("未到岗")),
}

DAY_ACTIONS = {
    "record": Action({DayState.PLANNED}, DayState.HELD, _("登记接待情况")),
}

W = SwapState
OPEN_SWAP = {W.REQUESTED, W.ACCEPTED}

SWAP_ACTIONS = {
    "accept": Action({W.REQUESTED}, W.ACCEPTED, _("同意换班")),
    "decline": Action({W.REQUESTED}, W.DECLINED, _("不同意换班")),
    "withdraw": Action(OPEN_SWAP, W.WITHDRAWN, _("撤回换班申请")),
    "approve": Action({W.ACCEPTED}, W.APPROVED, _("批准换班")),
    "refuse": Action(OPEN_SWAP, W.REFUSED, _("不批准换班")),
}

MAX_ISSUES = 20
YEARS_AHEAD = 1  # a roster for this year or the next

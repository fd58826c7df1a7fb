"""社情民意信息 (opinion reports) and their bulletins: states, kinds and the action tables (a leaf module)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.workflow import Action


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送待审")
    RETURNED = "returned", _("退回修改")
    ADOPTED = "adopted", _("已采用")
    NOT_ADOPTED = "not_adopted", _("未采用")
    MERGED = "merged", _("已合并")


S = ReportState

# The member's own: a draft or a returned report may be changed and (re)submitted.
MEMBER_EDITABLE = {S.DRAFT, S.RETURNED}

REPORT_ACTIONS = {
    "submit": Action({S.DRAFT, S.RETURNED}, S.SUBMITTED, pgettext_lazy("action", "报送")),
    "revise": Action({S.DRAFT, S.RETURNED}, None, pgettext_lazy("action", "修改")),
    "edit": Action({S.SUBMITTED}, None, pgettext_lazy("action", "编辑加工")),
    "return": Action({S.SUBMITTED}, S.RETURNED, pgettext_lazy("action", "退回修改")),
    "merge": Action({S.SUBMITTED}, S.MERGED, pgettext_lazy("action", "合并")),
    "absorb": Action({S.SUBMITTED}, None, pgettext_lazy("action", "合并其他信息")),
    "adopt": Action({S.SUBMITTED}, S.ADOPTED, pgettext_lazy("action", "采用")),
    "reject": Action({S.SUBMITTED}, S.NOT_ADOPTED, pgettext_lazy("action", "不予采用")),
    "compile": Action({S.ADOPTED}, None, pgettext_lazy("action", "编入期刊")),
    "send_up": Action({S.ADOPTED}, None, pgettext_lazy("action", "报送上级")),
    "level_adopt": Action({S.ADOPTED}, None, pgettext_lazy("action", "记录上级采用")),
    "instruct": Action({S.ADOPTED}, None, pgettext_lazy("action", "记录领导批示")),
    "forward": Action({S.ADOPTED}, None, pgettext_lazy("action", "转交部门办理")),
}

# What staff do from the report's page (the rest are the member's or come with the bulletin).
STAFF_ACTIONS = ("edit", "return", "adopt", "reject", "merge", "send_up", "level_adopt", "instruct", "forward")


class BulletinKind(models.TextChoices):
    SPECIAL = "special", _("社情民意专报")
    JOURNAL = "journal", _("社情民意期刊")


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    PUBLISHED = "published", _("已印发")


BULLETIN_ACTIONS = {
    "publish": Action({BulletinState.DRAFT}, BulletinState.PUBLISHED, pgettext_lazy("action", "印发")),
}


class SendTarget(models.TextChoices):
    HIGHER = "higher", _("上级政协")
    PARTY = "party", _("党委")
    GOVERNMENT = "government", _("政府")
    PARTY_GOVERNMENT = "party_government", _("党委和政府")


class Level(models.TextChoices):
    """The level at which a report was adopted (each counts differently in the performance record)."""

    COUNTY = "county", _("区县")
    CITY = "city", _("市")
    PROVINCE = "province", _("省")
    NATIONAL = "national", _("全国")


class ForwardState(models.TextChoices):
    SENT = "sent", _("待答复")
    REPLIED = "replied", _("已答复")


FORWARD_ACTIONS = {
    "reply": Action({ForwardState.SENT}, ForwardState.REPLIED, pgettext_lazy("action", "答复")),
}

FORWARD_REPLY_MONTHS = 1  # the default; staff may set 1–6 months when forwarding
MAX_REPLY_MONTHS = 6

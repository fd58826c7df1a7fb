"""Topics (协商议题): sources, research kinds, the pipeline states and its action table (a leaf module)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.workflow import Action


class TopicSource(models.TextChoices):
    MEMBER = "member", _("委员荐题")
    PUBLIC = "public", _("社会征集")
    ASSIGNED = "assigned", _("党委政府点题")
    GRASSROOTS = "grassroots", _("基层案例")


class TopicState(models.TextChoices):
    COLLECTED = "collected", _("已征集")
    PRESTUDY = "prestudy", _("预可研")
    DISCUSSING = "discussing", _("商题中")
    PLANNED = "planned", _("已定题")
    RESEARCHING = "researching", _("调研中")
    CONSULTED = "consulted", _("已协商")
    OUTCOME_SENT = "outcome_sent", _("成果已报送")
    REPLIED = "replied", _("已反馈")
    LOOKBACK = "lookback", _("回头看")
    CLOSED = "closed", _("已办结")
    DROPPED = "dropped", _("已放弃")


T = TopicState

# The five elements of 预可研 (field name, label): all needed before 商题.
PRESTUDY_FIELDS = (
    ("reason", _("选题案由")),
    ("policy_basis", _("政策依据")),
    ("situation", _("现实状况")),
    ("problems", _("存在问题")),
    ("directions", _("建言方向")),
)

# Members of the committee see topics from 定题 on (the annual plan is public to them); dropped ones not.
PUBLIC_TO_MEMBERS = {T.PLANNED, T.RESEARCHING, T.CONSULTED, T.OUTCOME_SENT, T.REPLIED, T.LOOKBACK, T.CLOSED}
# The five 预可研 elements may be edited until 定题.
EDITABLE_STATES = {T.COLLECTED, T.PRESTUDY, T.DISCUSSING}

TOPIC_ACTIONS = {
    "start_prestudy": Action({T.COLLECTED}, T.PRESTUDY, _("开展预可研")),
    "discuss": Action({T.PRESTUDY}, T.DISCUSSING, _("提交商题")),
    "approve": Action({T.DISCUSSING}, T.PLANNED, _("定题并列入年度计划")),
    "start_research": Action({T.PLANNED}, T.RESEARCHING, _("开展调研")),
    "add_research": Action({T.RESEARCHING, T.CONSULTED}, None, pgettext_lazy("action", "记录调研视察")),
    "consulted": Action({T.RESEARCHING}, T.CONSULTED, _("召开协商会议")),
    "send_outcome": Action({T.CONSULTED}, T.OUTCOME_SENT, _("报送协商成果")),
    "all_replied": Action({T.OUTCOME_SENT}, T.REPLIED, _("各单位已反馈")),
    "start_lookback": Action({T.REPLIED}, T.LOOKBACK, _("开展回头看")),
    "close": Action({T.REPLIED, T.LOOKBACK}, T.CLOSED, _("办结")),
    "drop": Action({T.COLLECTED, T.PRESTUDY, T.DISCUSSING, T.PLANNED}, T.DROPPED, _("不予采用")),
}


class ResearchKind(models.TextChoices):
    RESEARCH = "research", _("调研")
    INSPECTION = "inspection", _("视察")

"""Grassroots cases (四单工作法): sources, grades, themes, states and the action table (a leaf module).

群众点单 (a resident raises an issue) → 定单 (the convenor, group leader or staff accept it as fit for
consultation, or decline it with a reason the resident sees, and grade it) → 分单 (offered to a community
member group) → 委员接单 (members claim it, a lead claimant and co-claimants) → 协商解单 (the
micro-consultation and its result) → 跟进督单 (follow-up until resolved or explained) → 归单 (archived as a
case with a short write-up)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.workflow import Action


class CaseSource(models.TextChoices):
    PUBLIC = "public", _("群众点单·网上")
    CONVENOR = "convenor", _("召集人代录")
    RECEPTION = "reception", _("委员接待日")
    MEMBER = "member", _("委员走访")


# What staff, a convenor or a member register on a resident's behalf (the public form is "public").
REGISTER_SOURCES = [(value, label) for value, label in CaseSource.choices if value != CaseSource.PUBLIC]


class CaseGrade(models.TextChoices):
    """按重要程度和处置难度分为四类 (委员接待日服务清单)."""

    A = "A", _("一类：重要紧急")
    B = "B", _("二类：重要")
    C = "C", _("三类：一般")
    D = "D", _("四类：简单")


class CaseTheme(models.TextChoices):
    ENVIRONMENT = "environment", _("环境卫生")
    TRAFFIC = "traffic", _("交通出行")
    PROPERTY = "property", _("物业小区")
    ELDERLY = "elderly", _("养老托幼")
    SERVICES = "services", _("教育医疗")
    EMPLOYMENT = "employment", _("就业社保")
    DISPUTE = "dispute", _("矛盾纠纷")
    OTHER = "other", _("其他")


class CaseOutcome(models.TextChoices):
    RESOLVED = "resolved", _("已解决")
    EXPLAINED = "explained", _("已向群众解释说明")


class CaseState(models.TextChoices):
    SUBMITTED = "submitted", _("待定单")
    DECLINED = "declined", _("不予受理")
    ACCEPTED = "accepted", _("已定单")
    OFFERED = "offered", _("待接单")
    CLAIMED = "claimed", _("已接单")
    CONSULTED = "consulted", _("已协商，跟进中")
    RESOLVED = "resolved", _("已办结")
    ARCHIVED = "archived", _("已归档")


S = CaseState

OPEN_STATES = (S.SUBMITTED, S.ACCEPTED, S.OFFERED, S.CLAIMED, S.CONSULTED)
# The resident sees the published answer once the case is done.
ANSWERED_STATES = (S.RESOLVED, S.ARCHIVED)
# 问题库 (open issues), 建言库 (members' micro-consultation results), 案例库 (archived cases)
BANKS = {
    "problems": (_("问题库"), OPEN_STATES),
    "advice": (_("建言库"), (S.CONSULTED, S.RESOLVED, S.ARCHIVED)),
    "cases": (_("案例库"), (S.ARCHIVED,)),
}

CASE_ACTIONS = {
    "accept": Action({S.SUBMITTED}, S.ACCEPTED, _("定单")),
    "decline": Action({S.SUBMITTED}, S.DECLINED, _("不予受理")),
    "offer": Action({S.ACCEPTED, S.OFFERED}, S.OFFERED, _("分单")),
    "claim": Action({S.OFFERED}, S.CLAIMED, _("接单")),
    "join": Action({S.CLAIMED, S.CONSULTED}, None, _("共同接单")),
    "consult": Action({S.CLAIMED}, S.CONSULTED, _("协商解单")),
    "follow_up": Action({S.CONSULTED}, None, _("跟进督单")),
    "resolve": Action({S.CONSULTED}, S.RESOLVED, _("办结")),
    "archive": Action({S.RESOLVED}, S.ARCHIVED, _("归单")),
    "raise": Action({S.ACCEPTED, S.OFFERED, S.CLAIMED, S.CONSULTED}, None, _("提升为协商议题或提案")),
}

"""Grassroots cases (四单工作法, 三库): the case a resident raises, its claimants, its micro-consultation
(协商解单), its follow-ups (跟进督单), and the committee's rules (whether it takes cases from the public form,
the days each stage may take per grade). Due dates live in supervision Obligations only; the rules here
are the numbers they are computed from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import limits
from proposals.models.search import WordsField

from .enums import CaseGrade, CaseOutcome, CaseSource, CaseState, CaseTheme


class CaseSettings(models.Model):
    """Per committee: whether its member groups take cases from the public form, and days to check one."""

    committee = models.OneToOneField("members.Committee", verbose_name=_("政协组织"), on_delete=models.CASCADE,
                                     related_name="case_settings")
    accepts_public = models.BooleanField(_("接受群众网上点单"), default=True)
    check_workdays = models.PositiveSmallIntegerField(_("定单时限（工作日）"), default=3)

    class Meta:
        verbose_name = _("四单工作设置")
        verbose_name_plural = _("四单工作设置")

    def __str__(self):
        return str(self.committee)


DEFAULT_CHECK_WORKDAYS = 3


class CaseDeadlineRule(models.Model):
    """Working days per stage for a grade; a committee's own row wins over the shared default (no committee)."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="case_deadline_rules",
                                  help_text=_("留空表示默认规则"))
    grade = models.CharField(_("分类"), max_length=1, choices=CaseGrade.choices)
    claim_workdays = models.PositiveSmallIntegerField(_("接单时限（工作日）"))
    consult_workdays = models.PositiveSmallIntegerField(_("协商时限（工作日）"))
    resolve_workdays = models.PositiveSmallIntegerField(_("办结时限（工作日）"))

    class Meta:
        verbose_name = _("四单办理时限")
        verbose_name_plural = _("四单办理时限")
        ordering = ["committee", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "grade"], name="case_rule_unique"),
            models.UniqueConstraint(fields=["grade"], condition=models.Q(committee__isnull=True),
                                    name="case_rule_default_unique"),
        ]

    def __str__(self):
        return f"{self.committee or _('默认')} {self.get_grade_display()}"


class CommunityCase(models.Model):
    committee = models.ForeignKey("members.Committee", verbose_name=_("政协组织"), on_delete=models.PROTECT,
                                  related_name="community_cases")
    member_group = models.ForeignKey("members.MemberGroup", verbose_name=_("委员小组（社区）"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="community_cases")
    code = models.CharField(_("查询码"), max_length=16, unique=True)
    source = models.CharField(_("来源"), max_length=16, choices=CaseSource.choices)
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("具体情况"), max_length=limits.LONG_TEXT)
    resident_name = models.CharField(_("群众姓名"), max_length=50, blank=True)
    resident_phone = models.CharField(_("群众电话"), max_length=20, blank=True)
    reception_duty = models.ForeignKey("members.ReceptionDuty", verbose_name=_("接待日值班"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="community_cases")
    state = models.CharField(_("状态"), max_length=16, choices=CaseState.choices, default=CaseState.SUBMITTED,
                             db_index=True)
    grade = models.CharField(_("分类"), max_length=1, choices=CaseGrade.choices, blank=True)
    theme = models.CharField(_("主题"), max_length=16, choices=CaseTheme.choices, blank=True)
    decline_reason = models.TextField(_("不予受理理由"), blank=True, max_length=limits.NOTE)
    outcome = models.CharField(_("办理结果"), max_length=16, choices=CaseOutcome.choices, blank=True)
    answer = models.TextField(_("给群众的答复"), blank=True, max_length=limits.NOTE)
    summary = models.TextField(_("案例总结"), blank=True, max_length=limits.LONG_TEXT)
    topic = models.ForeignKey("consult.Topic", verbose_name=_("提升为协商议题"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="community_cases")
    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("转为提案"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="community_cases")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("点单时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("群众点单")
        verbose_name_plural = _("群众点单")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["committee", "state", "-id"], name="case_committee_state"),
            models.Index(fields=["member_group", "state", "-id"], name="case_group_state"),
        ]

    def __str__(self):
        return self.title


class CaseClaim(models.Model):
    """委员接单: a member on the case (the lead claimant and co-claimants)."""

    case = models.ForeignKey(CommunityCase, verbose_name=_("点单"), on_delete=models.CASCADE, related_name="claims")
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="case_claims")
    lead = models.BooleanField(_("牵头"), default=False)
    created_at = models.DateTimeField(_("接单时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("委员接单")
        verbose_name_plural = _("委员接单")
        ordering = ["case", "-lead", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "member"], name="case_claim_unique")]
        indexes = [models.Index(fields=["member", "-id"], name="case_claim_member")]

    def __str__(self):
        return f"{self.case} · {self.member}"


class CaseConsultation(models.Model):
    """协商解单: the micro-consultation and its result (the members' advice: 建言库)."""

    case = models.OneToOneField(CommunityCase, verbose_name=_("点单"), on_delete=models.CASCADE,
                                related_name="consultation")
    held_on = models.DateField(_("协商日期"))
    place = models.CharField(_("协商地点"), max_length=200)
    participants = models.TextField(_("参加人员"), max_length=limits.NOTE)
    departments = models.TextField(_("涉及部门"), blank=True, max_length=limits.NOTE)
    result = models.TextField(_("协商结果与建议"), max_length=limits.LONG_TEXT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("协商解单")
        verbose_name_plural = _("协商解单")

    def __str__(self):
        return str(self.case)


class CaseFollowUp(models.Model):
    """跟进督单: what was done since the micro-consultation."""

    case = models.ForeignKey(CommunityCase, verbose_name=_("点单"), on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("日期"))
    note = models.TextField(_("跟进情况"), max_length=limits.NOTE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("跟进督单")
        verbose_name_plural = _("跟进督单")
        ordering = ["case", "on", "id"]

    def __str__(self):
        return f"{self.case} {self.on}"


class CaseSearch(models.Model):
    """What the banks' keyword search finds a case by (consult/cases/search.py): the jieba words of its
    title, description, the consultation result, the answer to the resident and the case write-up, written
    by the services after every save of those texts. PostgreSQL: a tsvector with a GIN index; SQLite: an
    FTS5 table kept in step by triggers (migration casesearch_index). Contacts are never indexed. A later
    migration that makes SQLite rebuild this table (any AlterField) drops those triggers: it must run
    `consult.cases.search.sqlite_fts_sql()` again (tests/consult/cases/test_search.py fails otherwise)."""

    case = models.OneToOneField(CommunityCase, verbose_name=_("点单"), primary_key=True, on_delete=models.CASCADE,
                                related_name="search_row")
    text = WordsField(_("全文检索词"))

    class Meta:
        verbose_name = _("点单全文索引")
        verbose_name_plural = _("点单全文索引")

    def __str__(self):
        return str(self.case_id)

"""The organisation of a committee: the committee tree, terms, sectors, members, units and roles."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import CommitteeLevel, DutyState, Gender, Party, Role, StudioKind


class Committee(models.Model):
    """A node of the committee tree. `path` ("/1/7/42/") makes a subtree one indexed prefix query."""

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=CommitteeLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(_("代码"), max_length=32, blank=True)
    path = models.CharField(_("路径"), max_length=255, db_index=True, editable=False, default="")
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("政协组织")
        verbose_name_plural = _("政协组织")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id and self.parent_id == self.pk:
            raise ValueError("a committee cannot be its own parent")
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            Committee.objects.filter(pk=self.pk).update(path=path)
            self.path = path
            if old:  # moved: rewrite the subtree's paths
                for child in Committee.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Committee.objects.filter(pk=child.pk).update(path=path + child.path[len(old):])

    def subtree(self):
        return Committee.objects.filter(path__startswith=self.path)

    @property
    def depth(self):
        return self.path.count("/") - 2


class Term(models.Model):
    committee = models.ForeignKey(Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("届次"))
    name = models.CharField(_("名称"), max_length=50, help_text=_("如：第十四届"))
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    is_current = models.BooleanField(_("本届"), default=False)

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["committee", "-number"]
        constraints = [models.UniqueConstraint(fields=["committee", "number"], name="term_unique_number")]

    def __str__(self):
        return f"{self.committee} {self.name}"


def session_code(term_number, session_number):
    """A session's short label from its term's number and its own: 十四届三次."""
    from .numerals import chinese_number

    return f"{chinese_number(term_number)}届{chinese_number(session_number)}次"


class Session(models.Model):
    term = models.ForeignKey(Term, verbose_name=_("届"), on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("次"))
    name = models.CharField(_("名称"), max_length=50, help_text=_("如：第三次会议"))
    start_date = models.DateField(_("开幕日期"))
    end_date = models.DateField(_("闭幕日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("次会议")
        verbose_name_plural = _("次会议")
        ordering = ["term", "-number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]

    def __str__(self):
        return f"{self.term.name}{self.name}"

    @property
    def code(self):
        """Short label used in proposal numbers, e.g. 十四届三次."""
        return session_code(self.term.number, self.number)


class Sector(models.Model):
    committee = models.ForeignKey(Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="sectors")
    name = models.CharField(_("界别名称"), max_length=50)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        ordering = ["committee", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="sector_unique_name")]

    def __str__(self):
        return self.name


class SpecialCommittee(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="special_committees"
    )
    name = models.CharField(_("名称"), max_length=50)
    handles_proposals = models.BooleanField(_("提案委员会"), default=False)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("专门委员会")
        verbose_name_plural = _("专门委员会")
        ordering = ["committee", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="specialcommittee_unique_name")]

    def __str__(self):
        return self.name


class MemberGroup(models.Model):
    """委员小组: led by a 常委, linked to a community (委员进社区)."""

    committee = models.ForeignKey(Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="member_groups")
    name = models.CharField(_("名称"), max_length=100)
    community = models.CharField(_("联系社区"), max_length=100, blank=True)
    leader = models.ForeignKey(
        "Member", verbose_name=_("组长（常委）"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("委员小组")
        verbose_name_plural = _("委员小组")
        ordering = ["committee", "name"]

    def __str__(self):
        return self.name


class Member(models.Model):
    """A committee member (委员) with roles as flags."""

    committee = models.ForeignKey(Committee, verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    party = models.CharField(_("党派"), max_length=16, choices=Party.choices, default=Party.NONE)
    sector = models.ForeignKey(Sector, verbose_name=_("界别"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    special_committee = models.ForeignKey(
        SpecialCommittee, verbose_name=_("专门委员会"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    township = models.ForeignKey(
        Committee, verbose_name=_("所在乡镇（街道）"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="township_members",
        limit_choices_to={"level": CommitteeLevel.TOWNSHIP},
    )
    member_group = models.ForeignKey(
        MemberGroup, verbose_name=_("委员小组"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    is_standing = models.BooleanField(_("常委"), default=False)
    is_chair_member = models.BooleanField(_("主席会议成员"), default=False)
    is_convenor = models.BooleanField(_("召集人"), default=False)
    is_info_officer = models.BooleanField(_("信息员"), default=False)
    active = models.BooleanField(_("在任"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        ordering = ["committee", "name", "id"]
        indexes = [
            models.Index(fields=["committee", "sector"], name="member_committee_sector"),
            models.Index(fields=["committee", "name", "id"], name="member_committee_name"),  # the list's order
            models.Index(fields=["committee"], name="member_active", condition=models.Q(active=True)),  # counts
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "phone"], condition=~models.Q(phone=""), name="member_unique_phone"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def roles_display(self):
        flags = [
            (self.is_standing, _("常委")), (self.is_chair_member, _("主席会议成员")),
            (self.is_convenor, _("召集人")), (self.is_info_officer, _("信息员")),
        ]
        return "、".join(str(label) for on, label in flags if on)


class SectorGroup(models.Model):
    """界别活动组/联组 with 1–2 convenors."""

    committee = models.ForeignKey(Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="sector_groups")
    name = models.CharField(_("名称"), max_length=100)
    sectors = models.ManyToManyField(Sector, verbose_name=_("界别"), related_name="groups", blank=True)
    convenors = models.ManyToManyField(Member, verbose_name=_("召集人"), related_name="convened_groups", blank=True)
    special_committee = models.ForeignKey(
        SpecialCommittee, verbose_name=_("联系专委会"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="sector_groups",
    )

    class Meta:
        verbose_name = _("界别活动组")
        verbose_name_plural = _("界别活动组")
        ordering = ["committee", "name"]

    def __str__(self):
        return self.name


class Studio(models.Model):
    """委员工作室 / 委员之家 / 议事厅 with a reception-day roster."""

    committee = models.ForeignKey(Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="studios")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=StudioKind.choices, default=StudioKind.STUDIO)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("界别"), null=True, blank=True, on_delete=models.SET_NULL)
    members = models.ManyToManyField(Member, verbose_name=_("入驻委员"), related_name="studios", blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    reception_day = models.PositiveSmallIntegerField(
        _("每月接待日"), default=25, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("每月第几日为委员接待日（1–28，默认25日）"))
    duty_size = models.PositiveSmallIntegerField(
        _("每次值班人数"), default=2, validators=[MinValueValidator(2), MaxValueValidator(3)],
        help_text=_("每个接待日值班委员人数（2–3人）"))

    class Meta:
        verbose_name = _("委员工作室")
        verbose_name_plural = _("委员工作室")
        ordering = ["committee", "name"]

    def __str__(self):
        return self.name


class ReceptionDuty(models.Model):
    """委员接待日 duty roster entry."""

    studio = models.ForeignKey(Studio, verbose_name=_("工作室"), on_delete=models.CASCADE, related_name="duties")
    member = models.ForeignKey(Member, verbose_name=_("值班委员"), on_delete=models.CASCADE, related_name="duties")
    date = models.DateField(_("接待日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=DutyState.choices, default=DutyState.PLANNED,
                             db_index=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接待日值班")
        verbose_name_plural = _("接待日值班")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["studio", "member", "date"], name="duty_unique")]
        indexes = [models.Index(fields=["studio", "date"], name="duty_studio_date"),
                   models.Index(fields=["member", "date"], name="duty_member_date")]

    def __str__(self):
        return f"{self.studio} {self.date} {self.member}"


class HandlingUnit(models.Model):
    """承办单位: a government department that replies to proposals, outcomes and letters."""

    committee = models.ForeignKey(Committee, verbose_name=_("政协组织"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    leader_name = models.CharField(_("分管负责人"), max_length=50, blank=True)
    leader_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    leader_email = models.EmailField(_("负责人邮箱"), blank=True)
    contact_name = models.CharField(_("联络员"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联络员电话"), max_length=20, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["committee", "name"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="unit_unique_name")]

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    """A user's role in a committee: staff, office viewer, leader, or unit liaison (with its unit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    committee = models.ForeignKey(Committee, verbose_name=_("政协组织"), on_delete=models.CASCADE, related_name="role_assignments")
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("承办单位"), null=True, blank=True, on_delete=models.CASCADE, related_name="liaisons"
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "committee", "unit"], name="role_unique"),
            models.CheckConstraint(
                condition=models.Q(role=Role.UNIT, unit__isnull=False) | (~models.Q(role=Role.UNIT) & models.Q(unit__isnull=True)),
                name="role_unit_iff_unit_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit or self.committee}"

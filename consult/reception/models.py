"""委员接待日 (DESIGN §2.3): the reception days of a studio (members.Studio) with what residents raised, the
swap requests between members on duty, and the dates a member is unavailable. The roster itself is
members.ReceptionDuty (an organisation record, audited field by field)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import DayState, SwapState

MAX_VISITORS = 10000


class ReceptionDay(models.Model):
    """One reception day of a studio: planned by the roster, recorded (visitors, issues) by a member on duty."""

    studio = models.ForeignKey("members.Studio", verbose_name=_("工作室"), on_delete=models.CASCADE,
                               related_name="reception_days")
    date = models.DateField(_("接待日期"))
    state = models.CharField(_("状态"), max_length=16, choices=DayState.choices, default=DayState.PLANNED,
                             db_index=True)
    visitors = models.PositiveIntegerField(_("接待群众人数"), default=0, validators=[MaxValueValidator(MAX_VISITORS)])
    summary = models.TextField(_("接待情况"), blank=True, max_length=limits.NOTE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("委员接待日")
        verbose_name_plural = _("委员接待日")
        ordering = ["date", "studio"]
        constraints = [models.UniqueConstraint(fields=["studio", "date"], name="reception_day_unique")]
        indexes = [models.Index(fields=["date"], name="reception_day_date")]

    def __str__(self):
        return f"{self.studio} {self.date:%Y-%m-%d}"


class ReceptionIssue(models.Model):
    """What a resident raised on a reception day; registered as a grassroots case (consult.cases) when that
    app is there (`case_id`)."""

    day = models.ForeignKey(ReceptionDay, verbose_name=_("接待日"), on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("具体情况"), max_length=limits.LONG_TEXT)
    resident_name = models.CharField(_("群众姓名"), max_length=50, blank=True)
    resident_phone = models.CharField(_("群众电话"), max_length=20, blank=True)
    duty = models.ForeignKey("members.ReceptionDuty", verbose_name=_("登记委员的值班"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    case_id = models.PositiveIntegerField(_("群众点单编号"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接待日反映问题")
        verbose_name_plural = _("接待日反映问题")
        ordering = ["day", "id"]

    def __str__(self):
        return self.title


class DutySwap(models.Model):
    """A member asks to exchange their duty with another member's duty at the same studio: the other member
    accepts, then staff approve (both duties change members)."""

    duty = models.ForeignKey("members.ReceptionDuty", verbose_name=_("申请人的值班"), on_delete=models.CASCADE,
                             related_name="swaps_out")
    other_duty = models.ForeignKey("members.ReceptionDuty", verbose_name=_("对方的值班"), on_delete=models.CASCADE,
                                   related_name="swaps_in")
    requester = models.ForeignKey("members.Member", verbose_name=_("申请人"), on_delete=models.CASCADE,
                                  related_name="+")
    other_member = models.ForeignKey("members.Member", verbose_name=_("对方委员"), on_delete=models.CASCADE,
                                     related_name="+")
    state = models.CharField(_("状态"), max_length=16, choices=SwapState.choices, default=SwapState.REQUESTED,
                             db_index=True)
    reason = models.CharField(_("换班理由"), max_length=200, blank=True)
    decision_note = models.TextField(_("处理意见"), blank=True, max_length=limits.NOTE)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接待日换班申请")
        verbose_name_plural = _("接待日换班申请")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.requester} ⇄ {self.other_member}"


class Unavailability(models.Model):
    """Dates a member cannot be on duty (recorded by the member or by staff); the roster leaves them out."""

    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.CASCADE,
                               related_name="unavailability")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("委员不便值班日期")
        verbose_name_plural = _("委员不便值班日期")
        ordering = ["start_date"]
        indexes = [models.Index(fields=["member", "start_date"], name="reception_unavail_member")]
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                              name="reception_unavail_order")]

    def __str__(self):
        return f"{self.member} {self.start_date:%Y-%m-%d}–{self.end_date:%Y-%m-%d}"

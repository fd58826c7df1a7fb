"""Plenary speeches (大会发言, 上台 or 书面): a member registers one for a plenary meeting; staff choose it or
not, and mark it delivered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import limits

from .enums import SpeechKind, SpeechState


class Speech(models.Model):
    meeting = models.ForeignKey("consult.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE,
                                related_name="speeches")
    member = models.ForeignKey("members.Member", verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="consult_speeches")
    kind = models.CharField(_("发言方式"), max_length=16, choices=SpeechKind.choices)
    title = models.CharField(_("发言题目"), max_length=200)
    text = models.TextField(_("发言内容"), max_length=limits.LONG_TEXT)
    state = models.CharField(_("状态"), max_length=16, choices=SpeechState.choices, default=SpeechState.REGISTERED,
                             db_index=True)
    decision_note = models.TextField(_("处理意见"), blank=True, max_length=limits.NOTE)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("大会发言")
        verbose_name_plural = _("大会发言")
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="consult_speech_unique")]
        indexes = [models.Index(fields=["member", "-id"], name="consult_speech_member")]

    def __str__(self):
        return self.title

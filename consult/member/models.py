"""A member's private calendar feed: a random token per member (the token is the secret of the feed URL)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    member = models.OneToOneField("members.Member", verbose_name=_("委员"), on_delete=models.CASCADE,
                                  related_name="consult_calendar_feed")
    token = models.CharField(_("订阅令牌"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")

    def __str__(self):
        return str(self.member)

"""States of an export job and its workflow table (portal.workflow)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.workflow import Action


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", pgettext_lazy("export job", "已完成")  # an obligation's 已完成 is "Met"
    FAILED = "failed", _("失败")
    EXPIRED = "expired", _("已过期")


ACTIVE_STATES = frozenset({JobState.QUEUED, JobState.RUNNING})
FINISHED_STATES = frozenset({JobState.DONE, JobState.FAILED})

JOB_ACTIONS = {
    "start": Action({JobState.QUEUED}, JobState.RUNNING, _("开始生成")),
    "finish": Action({JobState.RUNNING}, JobState.DONE, _("完成")),
    "fail": Action(ACTIVE_STATES, JobState.FAILED, _("标记失败")),
    "expire": Action(FINISHED_STATES, JobState.EXPIRED, _("过期")),
}

"""States and choices of 民主评议 and the yearly awards (a leaf module: imports nothing of ours)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.workflow import Action


class EvaluationState(models.TextChoices):
    """Both a unit's evaluation and an award nomination: staff work on a draft, then publish it."""

    DRAFT = "draft", _("未发布")
    PUBLISHED = "published", _("已发布")


# What may happen to an evaluation or a nomination: a published result is final (a correction is a new
# decision, not an edit).
EVALUATION_ACTIONS = {
    "publish": Action({EvaluationState.DRAFT}, EvaluationState.PUBLISHED, _("发布")),
}


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")


class AwardKind(models.TextChoices):
    PROPOSAL = "proposal", _("优秀提案")
    UNIT = "unit", _("优秀承办单位")

"""Helpers the consultation services share: the permission checks, reference checks and text checks
(every refusal a ConsultError with a Chinese message, raised before anything changes), and the
workflow declarations of every consultation model."""

from django.utils.translation import gettext as _

from members.scopes import require_in_scope, scope_for
from portal.workflow import check, declare, lock, perform, require_state

from .cases.enums import CASE_ACTIONS
from .errors import ConsultError, ConsultPermissionError
from .meetings.enums import INVITATION_ACTIONS, MEETING_ACTIONS
from .models import (
    Bulletin,
    CommunityCase,
    Invitation,
    Meeting,
    OpinionReport,
    Outcome,
    OutcomeSending,
    ReportForward,
    Speech,
    Topic,
)
from .outcomes.enums import OUTCOME_ACTIONS, SENDING_ACTIONS
from .reports.enums import BULLETIN_ACTIONS, FORWARD_ACTIONS, REPORT_ACTIONS
from .speeches.enums import SPEECH_ACTIONS
from .topics.enums import TOPIC_ACTIONS

declare(Topic, TOPIC_ACTIONS, error=ConsultError)
declare(Meeting, MEETING_ACTIONS, error=ConsultError)
declare(Invitation, INVITATION_ACTIONS, error=ConsultError)
declare(Outcome, OUTCOME_ACTIONS, error=ConsultError)
declare(OutcomeSending, SENDING_ACTIONS, error=ConsultError)
declare(Speech, SPEECH_ACTIONS, error=ConsultError)
declare(CommunityCase, CASE_ACTIONS, error=ConsultError)
declare(OpinionReport, REPORT_ACTIONS, error=ConsultError)
declare(Bulletin, BULLETIN_ACTIONS, error=ConsultError)
declare(ReportForward, FORWARD_ACTIONS, error=ConsultError)

__all__ = ["check", "lock", "perform", "require_state", "require_manage", "reference", "text", "member_of"]


def require_manage(actor, committee):
    """Staff of `committee`'s subtree (or above) only; otherwise 403."""
    if not scope_for(actor).can_manage(committee):
        raise ConsultPermissionError(_("只有本级政协机关工作人员可以执行此操作。"))


def reference(obj, committee, label, *, subtree=False):
    """A record a write points to must belong to `committee` (members.scopes.require_in_scope)."""
    return require_in_scope(obj, committee, label, error=ConsultError, subtree=subtree)


def text(value, label, limit, *, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ConsultError(_("请填写%(label)s。") % {"label": label})
    if len(value) > limit:
        raise ConsultError(_("%(label)s太长：最多 %(limit)d 个字符（现有 %(length)d 个）。") % {
            "label": label, "limit": limit, "length": len(value)})
    return value


def member_of(actor):
    """The actor's active Member record, or a 403."""
    member = scope_for(actor).member
    if member is None:
        raise ConsultPermissionError(_("只有委员本人可以执行此操作。"))
    return member

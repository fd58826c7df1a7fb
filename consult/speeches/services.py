"""Writes of plenary speeches (大会发言): a member registers one; staff of the meeting's committee choose it
(选用) or decline it, and mark it delivered once the meeting was held. Every state change goes through
portal.workflow.perform (SPEECH_ACTIONS) with its timeline row."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import limits
from portal.audit import record_transition
from supervision.enums import ObligationKind

from .. import deadlines
from ..common import member_of, perform, require_manage, text
from ..errors import ConsultError
from ..meetings.enums import MeetingState, MeetingType
from ..models import Speech
from .enums import SpeechKind, SpeechState

OPEN_MEETING_STATES = {MeetingState.PLANNED, MeetingState.NOTIFIED}


def register(*, meeting, actor, kind, title, text_body):
    """The member registers a speech (上台 or 书面) for a plenary meeting of their own committee, once per
    meeting, before the meeting starts. Side effects: the speech (已登记) and its timeline row."""
    member = member_of(actor)
    if meeting.meeting_type != MeetingType.PLENARY:
        raise ConsultError(_("“%(title)s”不是全体会议，只有全体会议可以登记大会发言。") % {"title": meeting.title})
    if member.committee_id != meeting.committee_id:
        raise ConsultError(_("您不是%(committee)s的委员，不能在本次会议登记发言。") % {"committee": meeting.committee.name})
    if meeting.state == MeetingState.CANCELLED:
        raise ConsultError(_("会议已取消，不能登记发言。"))
    if meeting.state not in OPEN_MEETING_STATES or meeting.starts_at <= timezone.now():
        raise ConsultError(_("会议已召开，不能再登记发言。"))
    if kind not in SpeechKind.values:
        raise ConsultError(_("未知的发言方式：%(kind)s。") % {"kind": kind})
    title = text(title, _("发言题目"), 200)
    body = text(text_body, _("发言内容"), limits.LONG_TEXT)
    if Speech.objects.filter(meeting=meeting, member=member).exists():
        raise ConsultError(_("您已在本次会议登记过发言，每次会议只能登记一篇。"))
    with transaction.atomic():
        speech = Speech.objects.create(meeting=meeting, member=member, kind=kind, title=title, text=body)
        record_transition(speech, actor=actor, action="create", to_state=speech.state)
        deadlines.speech_decision_deadline(speech, actor=actor)
    return speech


def _decide(speech, actor, action, note, *, note_required=False):
    """Side effects: the state change and its timeline row; choosing or declining meets the staff's pending
    decision (CONSULT_SPEECH_DECISION)."""
    require_manage(actor, speech.meeting.committee)
    note = text(note, _("处理意见"), limits.NOTE, required=note_required)
    with transaction.atomic():
        speech = perform(speech, action, actor=actor, note=note,
                         fields={"decision_note": note, "decided_by": actor if getattr(actor, "pk", None) else None})
        if action in ("choose", "decline"):
            deadlines.meet(speech, ObligationKind.CONSULT_SPEECH_DECISION, actor=actor)
    return speech


def settle_for_meeting(meeting, *, actor, note):
    """The meeting was cancelled: no decision is owed on its speeches any more."""
    for speech in meeting.speeches.filter(state=SpeechState.REGISTERED):
        deadlines.waive(speech, ObligationKind.CONSULT_SPEECH_DECISION, actor=actor, note=note)


def choose(*, speech, actor, note=""):
    """选用: the speech is on the plenary's programme (上台) or in its materials (书面)."""
    if speech.meeting.state == MeetingState.CANCELLED:
        raise ConsultError(_("会议已取消，不能选用发言。"))
    return _decide(speech, actor, "choose", note)


def decline(*, speech, actor, note):
    """不予选用, with a reason the member sees."""
    return _decide(speech, actor, "decline", note, note_required=True)


def deliver(*, speech, actor, note=""):
    """标记为已发言: only a chosen speech, once the meeting was held."""
    if speech.meeting.state != MeetingState.HELD:
        raise ConsultError(_("会议尚未召开，不能标记为已发言。"))
    return _decide(speech, actor, "deliver", note)

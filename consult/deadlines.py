"""The deadlines of consultation as supervision Obligations (the only due dates; reminders by the sweep).

- an invitation to answer (CONSULT_INVITATION, owed by the member, due the day before the meeting);
- a leave request to decide (CONSULT_LEAVE_REVIEW, owed by staff, a few working days, at most the meeting day);
- a registered plenary speech to choose or decline (CONSULT_SPEECH_DECISION, owed by staff,
  SPEECH_DECISION_WORKDAYS working days after registration, at the latest the day before the plenary — the
  programme and the written-speech materials are fixed before the meeting);
- an outcome's reply (OUTCOME_REPLY, owed by the unit: ConsultSettings.reply_months from sending — 2 months,
  请你来协商 — or instructed_reply_months from a leader's instruction naming the unit — the 3-month loop);
- 回头看 (REVIEW, owed by the unit, lookback_months after it starts).
Titles are stored as messages, rendered in each reader's language.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_noop

from supervision import services as obligations
from supervision.calendar import Months, add_workdays
from supervision.enums import PENDING_STATES, ObligationKind, OwnerKind
from supervision.messages import Message

from .models import ConsultSettings

K = ObligationKind


def settings_for(committee):
    return ConsultSettings.for_committee(committee)


def pending(subject, kind):
    return obligations.obligations_for(subject, kind).filter(state__in=PENDING_STATES)


def meet(subject, kind, *, actor=None, note=""):
    return obligations.meet_obligation(subject=subject, kind=kind, actor=actor, note=note)


def waive(subject, kind, *, actor=None, note=""):
    return obligations.waive_obligation(subject=subject, kind=kind, actor=actor, note=note)


def meeting_day(meeting):
    return timezone.localtime(meeting.starts_at).date()


def invitation_deadline(invitation, *, actor=None):
    """The member answers by the day before the meeting (the meeting day itself if it is that close)."""
    meeting = invitation.meeting
    today = timezone.localdate()
    due = max(today, meeting_day(meeting) - dt.timedelta(days=1))
    return obligations.create_obligation(
        subject=invitation, committee=meeting.committee, kind=K.CONSULT_INVITATION,
        title=Message(gettext_noop("答复协商活动邀请：%(title)s"), title=meeting.title),
        owner_kind=OwnerKind.MEMBER, owner_member=invitation.member, due_date=due, start_date=today, actor=actor,
    )


def leave_review_deadline(invitation, *, actor=None):
    meeting = invitation.meeting
    today = timezone.localdate()
    days = settings_for(meeting.committee).leave_review_workdays
    due = max(today, min(add_workdays(today, days), meeting_day(meeting)))
    return obligations.create_obligation(
        subject=invitation, committee=meeting.committee, kind=K.CONSULT_LEAVE_REVIEW,
        title=Message(gettext_noop("审批%(member)s的请假：%(title)s"), member=invitation.member.name, title=meeting.title),
        owner_kind=OwnerKind.STAFF, due_date=due, start_date=today, actor=actor,
    )


SPEECH_DECISION_WORKDAYS = 5


def speech_decision_deadline(speech, *, actor=None):
    """Staff choose or decline a registered speech within a week of working days, before the plenary."""
    meeting = speech.meeting
    today = timezone.localdate()
    due = max(today, min(add_workdays(today, SPEECH_DECISION_WORKDAYS), meeting_day(meeting) - dt.timedelta(days=1)))
    return obligations.create_obligation(
        subject=speech, committee=meeting.committee, kind=K.CONSULT_SPEECH_DECISION,
        title=Message(gettext_noop("选用%(member)s的大会发言《%(title)s》：%(meeting)s"), member=speech.member.name,
                      title=speech.title, meeting=meeting.title),
        owner_kind=OwnerKind.STAFF, due_date=due, start_date=today, actor=actor,
    )


def reply_deadline(sending, *, start, instructed=False, actor=None):
    """The unit's reply: 2 months from sending, or the 3-month loop from a leader's instruction."""
    outcome = sending.outcome
    s = settings_for(outcome.committee)
    months = s.instructed_reply_months if instructed else s.reply_months
    key = (gettext_noop("领导批示闭环办理协商成果《%(title)s》") if instructed
           else gettext_noop("答复协商成果《%(title)s》"))
    return obligations.create_obligation(
        subject=sending, committee=outcome.committee, kind=K.OUTCOME_REPLY, title=Message(key, title=outcome.title),
        owner_kind=OwnerKind.UNIT, owner_unit=sending.unit, due_date=Months(months), start_date=start, actor=actor,
    )


def reply_obligation(sending):
    """The pending reply obligation of a sending (None once replied)."""
    return pending(sending, K.OUTCOME_REPLY).order_by("-id").first()


def lookback_deadline(sending, *, actor=None):
    outcome = sending.outcome
    return obligations.create_obligation(
        subject=sending, committee=outcome.committee, kind=K.REVIEW,
        title=Message(gettext_noop("回头看：%(unit)s落实协商成果《%(title)s》的情况"), unit=sending.unit.name,
                      title=outcome.title),
        owner_kind=OwnerKind.UNIT, owner_unit=sending.unit,
        due_date=Months(settings_for(outcome.committee).lookback_months), actor=actor,
    )

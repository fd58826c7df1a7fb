"""The deadlines of 委员接待日 as supervision Obligations (the only due dates; the sweep reminds):

- RECEPTION_CONFIRM: the member on duty confirms it within CONFIRM_DAYS of the roster being published
  (at the latest the day before the reception day); met by 确认 (or by an approved swap);
- RECEPTION_DAY: the day itself, owed by the member on duty, due on the day (reminded before it); met when
  the day is recorded with the member present, waived when recorded absent or when the duty goes away.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_noop

from supervision import services as obligations
from supervision.enums import ObligationKind, OwnerKind
from supervision.messages import Message

K = ObligationKind
CONFIRM_DAYS = 7
KINDS = (K.RECEPTION_CONFIRM, K.RECEPTION_DAY)


def _title(key, duty):
    return Message(key, studio=duty.studio.name, date=duty.date.isoformat())


def confirm_deadline(duty, *, actor=None):
    today = timezone.localdate()
    due = max(today, min(today + dt.timedelta(days=CONFIRM_DAYS), duty.date - dt.timedelta(days=1)))
    return obligations.create_obligation(
        subject=duty, committee=duty.studio.committee, kind=K.RECEPTION_CONFIRM,
        title=_title(gettext_noop("确认委员接待日值班：%(studio)s %(date)s"), duty),
        owner_kind=OwnerKind.MEMBER, owner_member=duty.member, due_date=due, start_date=today, actor=actor)


def day_deadline(duty, *, actor=None):
    today = timezone.localdate()
    return obligations.create_obligation(
        subject=duty, committee=duty.studio.committee, kind=K.RECEPTION_DAY,
        title=_title(gettext_noop("委员接待日值班：%(studio)s %(date)s"), duty),
        owner_kind=OwnerKind.MEMBER, owner_member=duty.member, due_date=max(today, duty.date),
        start_date=min(today, duty.date), actor=actor)


def meet(duty, kind, *, actor=None, note=""):
    return obligations.meet_obligation(subject=duty, kind=kind, actor=actor, note=note)


def waive(duty, kind=None, *, actor=None, note=""):
    kinds = (kind,) if kind else KINDS
    return sum(obligations.waive_obligation(subject=duty, kind=k, actor=actor, note=note) for k in kinds)

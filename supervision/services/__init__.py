"""Writes of the deadline engine. Other apps call only these to create and settle obligations.

Interface (stable; other features code against it):
    create_obligation(*, subject, committee, kind, title, owner_kind, owner_unit=None, owner_member=None,
                      due_date, start_date=None, url="", actor=None) -> Obligation
        due_date is a date, or a rule counted from start_date: calendar.Workdays(15), Months(3), Days(7).
    meet_obligation(obligation=None, *, subject=None, kind=None, owner_unit=None, actor=None, note="") -> int
    extend_obligation(obligation, *, new_due_date, actor=None, note="") -> Obligation
    waive_obligation(obligation=None, *, subject=None, kind=None, actor=None, note="") -> int
    obligations_for(subject, kind=None) -> QuerySet

The engine itself:
    mark_overdue(*, today=None) -> int
    run_sweep(*, now=None, source="beat", queue_delivery=True) -> SweepRun
    deliver_pending(*, now=None) -> DeliveryResult
    mark_notifications_read(user, *, notification_ids=None) -> int
"""

from .delivery import DeliveryResult, deliver_pending
from .errors import ObligationError
from .notifications import mark_notifications_read
from .obligations import (
    check_new_obligation,
    create_obligation,
    extend_obligation,
    mark_overdue,
    meet_obligation,
    obligations_for,
    waive_obligation,
)
from .policies import policy_for
from .sweep import run_sweep

__all__ = [
    "DeliveryResult",
    "ObligationError",
    "check_new_obligation",
    "create_obligation",
    "deliver_pending",
    "extend_obligation",
    "mark_notifications_read",
    "mark_overdue",
    "meet_obligation",
    "obligations_for",
    "policy_for",
    "run_sweep",
    "waive_obligation",
]

"""What happens by itself when an obligation falls due: one handler per obligation kind.

Most obligations only get reminders and an overdue mark. Some have an automatic consequence when
their date passes: a co-signing invitation not answered in time drops out (联名逾期), a proposal its
proposer did not rate in time is closed (逾期未评价，视为办结). The feature that owns the kind
registers a handler:

    @on_due(ObligationKind.PROPOSAL_COSIGN)
    def expire_invitation(obligation, *, today): ...

An obligation of a kind with a handler gets `due_action_at` (the start of the day after its due
date); the sweep calls the handler for every pending obligation whose moment has come, each in its
own transaction. A handler that raises is logged and tried again later (RETRY_DELAY); the others go
on. Handlers must be idempotent and check their subject's state themselves (the sweep may call one
again after a crash, and the subject may have moved on meanwhile).
"""

import datetime as dt
import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..enums import PENDING_STATES
from ..models import Obligation

logger = logging.getLogger(__name__)

RETRY_DELAY = timedelta(minutes=30)
BATCH = 200

_handlers = {}


def on_due(kind):
    """Register the decorated function as the handler of obligations of `kind` that fall due."""

    def register(func):
        if _handlers.get(kind, func) is not func:
            raise ValueError(f"an on-due handler for {kind} is already registered")
        _handlers[kind] = func
        return func

    return register


def handler_for(kind):
    return _handlers.get(kind)


def due_action_at(kind, due_date):
    """When the handler of `kind` runs for an obligation due on `due_date` (None if the kind has none):
    at the start of the next day, local time, i.e. once the due date is past."""
    if kind not in _handlers:
        return None
    start = dt.datetime.combine(due_date + timedelta(days=1), dt.time.min)
    return timezone.make_aware(start, timezone.get_default_timezone())


def _claim(pk, now):
    """Take one due row (conditional update), so two sweeps never run the same handler at once.
    The claim pushes the moment RETRY_DELAY later: if this worker dies, the row is tried again then."""
    return Obligation.objects.filter(
        pk=pk, state__in=PENDING_STATES, due_action_at__lte=now
    ).update(due_action_at=now + RETRY_DELAY) == 1


def _run_one(pk, now):
    obligation = Obligation.objects.select_related("committee").get(pk=pk)
    handler = handler_for(obligation.kind)
    if handler is not None:
        with transaction.atomic():
            handler(obligation, today=timezone.localdate(now))
    Obligation.objects.filter(pk=pk).update(due_action_at=None)


def run_due_actions(now):
    """Call the on-due handler of every pending obligation whose moment has come. Returns (done, failed).

    A failing row keeps its claim (tried again after RETRY_DELAY) and the sweep goes on."""
    due = Obligation.objects.filter(state__in=PENDING_STATES, due_action_at__lte=now)
    done = failed = 0
    seen = set()
    while True:
        batch = [pk for pk in due.order_by("due_action_at", "pk").values_list("pk", flat=True)[:BATCH] if pk not in seen]
        if not batch:
            return done, failed
        for pk in batch:
            seen.add(pk)
            if not _claim(pk, now):
                continue  # another sweep took it, or it was settled meanwhile
            try:
                _run_one(pk, now)
                done += 1
            except Exception:  # noqa: BLE001 - one bad row must not stall the sweep
                failed += 1
                logger.exception("办理时限 %s 的到期处理失败，%s 后重试", pk, RETRY_DELAY)

"""The sweep, run by beat every few minutes (and by `manage.py run_sweep`): both call run_sweep.

It does every periodic duty of the deadline engine, in this order:
1. the calendar covers this year and the next two (provisional years computed by rule);
2. on-due handlers of obligations whose date has passed (co-signing invitations expire, unrated
   proposals close: services.due_actions);
3. overdue marking, in batches of conditional updates;
4. due reminders.
It finds what is due with indexed queries, so it costs little when nothing is due, and it keeps no
state outside the database: after an outage the next sweep catches up (sending only the latest
stage of each obligation). A row that fails is logged and tried again later; the sweep goes on.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..enums import PENDING_STATES
from ..models import Obligation, SweepRun
from .calendar_years import ensure_years_ahead
from .delivery import deliveries_due
from .due_actions import run_due_actions
from .obligations import mark_overdue
from .policies import PolicyBook
from .reminders import remind

logger = logging.getLogger(__name__)

BATCH = 200
RETRY_DELAY = timedelta(minutes=30)  # an obligation whose reminder failed is tried again after this
KEEP_RUNS = timedelta(days=30)


def _queue_delivery():
    from ..tasks import deliver

    try:
        deliver.delay()
    except Exception:  # noqa: BLE001 - the next sweep queues it again
        logger.warning("无法投递外发消息任务，下次巡检时重试", exc_info=True)


def send_due_reminders(now):
    """Remind every pending obligation whose next_reminder_at has come. Returns (sent, failed)."""
    policies = PolicyBook.load()
    due = Obligation.objects.filter(state__in=PENDING_STATES, next_reminder_at__lte=now)
    sent, failed, seen = 0, 0, set()
    while True:
        batch = [pk for pk in due.order_by("next_reminder_at", "pk").values_list("pk", flat=True)[:BATCH]
                 if pk not in seen]
        if not batch:
            return sent, failed
        for pk in batch:
            seen.add(pk)
            try:
                with transaction.atomic():
                    sent += remind(pk, now=now, policies=policies) is not None
            except Exception:  # noqa: BLE001 - one bad row must not stall the sweep
                failed += 1
                logger.exception("办理时限 %s 的提醒失败，%s 后重试", pk, RETRY_DELAY)
                Obligation.objects.filter(pk=pk).update(next_reminder_at=now + RETRY_DELAY)


def run_sweep(*, now=None, source="beat", queue_delivery=True):
    """One sweep: every periodic duty (see the module docstring), then queue the outbox.

    Side effects: a SweepRun row (read by /healthz), provisional calendar years, whatever the on-due
    handlers do, overdue transitions, Reminder/Notification/Delivery rows; after commit, a
    `supervision.deliver` task when email/SMS rows are due.
    """
    started = timezone.now()
    now = now or started
    today = timezone.localdate(now)
    run = SweepRun.objects.create(started_at=started, source=source)
    ensure_years_ahead(today)
    run.due_actions, failed_actions = run_due_actions(now)
    run.overdue_marked = mark_overdue(today=today)
    run.reminders_sent, failed_reminders = send_due_reminders(now)
    run.failures = failed_actions + failed_reminders
    run.finished_at = timezone.now()
    run.save(update_fields=["overdue_marked", "reminders_sent", "due_actions", "failures", "finished_at"])
    SweepRun.objects.filter(started_at__lt=started - KEEP_RUNS).delete()
    if queue_delivery and deliveries_due(now):
        transaction.on_commit(_queue_delivery)
    return run

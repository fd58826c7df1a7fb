"""The sweep, run by beat every few minutes (and by `manage.py run_sweep`): both call run_sweep.

It does every periodic duty of the deadline engine, in this order:
1. the calendar covers this year and the next two (provisional years computed by rule);
2. on-due handlers of obligations whose date has passed (co-signing invitations expire, unrated
   proposals close: services.due_actions);
3. overdue marking, in batches of conditional updates;
4. due reminders, BATCH rows per transaction in a constant number of queries (services.reminders).
It finds what is due with indexed queries, so it costs little when nothing is due, and it keeps no
state outside the database: after an outage the next sweep catches up (sending only the latest
stage of each obligation). A row that fails is logged and tried again later; the sweep goes on.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from ..enums import PENDING_STATES
from ..models import Obligation, SweepRun
from .calendar_years import ensure_years_ahead
from .delivery import deliveries_due
from .due_actions import run_due_actions
from .obligations import mark_overdue
from .policies import PolicyBook
from .reminders import send_reminders

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


def _lock_due(due, limit):
    """Lock up to `limit` due obligations, oldest reminder first. On PostgreSQL rows another sweep has
    locked are skipped (SKIP LOCKED): that sweep sends them, so two workers never send the same reminder.
    The owners are read afterwards, and only if anything is due: the idle sweep's one query stays a
    single-table index scan (a join costs more to plan than the scan itself)."""
    locked = due.select_for_update(skip_locked=connection.features.has_select_for_update_skip_locked)
    rows = list(locked.order_by("next_reminder_at", "pk")[:limit])
    prefetch_related_objects(rows, "owner_unit", "owner_member__user")
    return rows


def _log_failures(failed, now):
    for pk, exc in failed.items():
        logger.error("办理时限 %s 的提醒失败，%s 后重试", pk, RETRY_DELAY, exc_info=exc)
    if failed:
        Obligation.objects.filter(pk__in=list(failed)).update(next_reminder_at=now + RETRY_DELAY)


def _one_by_one(pks, due, now, policies):
    """After a batch failed as a whole: each row on its own, so one bad row does not hold back the others.
    Returns (sent, failed)."""
    sent = failed = 0
    for pk in pks:
        try:
            with transaction.atomic():
                result = send_reminders(_lock_due(due.filter(pk=pk), 1), now=now, policies=policies)
                _log_failures(result.failed, now)
        except Exception:  # noqa: BLE001 - one bad row must not stall the sweep
            logger.exception("办理时限 %s 的提醒失败，%s 后重试", pk, RETRY_DELAY)
            Obligation.objects.filter(pk=pk).update(next_reminder_at=now + RETRY_DELAY)
            failed += 1
            continue
        sent += len(result.sent)
        failed += len(result.failed)
    return sent, failed


def send_due_reminders(now):
    """Remind every pending obligation whose next_reminder_at has come, BATCH rows per transaction
    (locked, built and written in a constant number of queries: services.reminders). A row that
    cannot be built is logged and tried again after RETRY_DELAY; a batch that fails as a whole is done
    again row by row. Returns (sent, failed)."""
    due = Obligation.objects.filter(state__in=PENDING_STATES, next_reminder_at__lte=now)
    sent, failed, seen, policies = 0, 0, set(), None
    while True:
        pks = []
        try:
            with transaction.atomic():
                batch = [o for o in _lock_due(due, BATCH) if o.pk not in seen]
                if not batch:
                    return sent, failed
                pks = [o.pk for o in batch]
                seen.update(pks)
                policies = policies or PolicyBook.load()
                result = send_reminders(batch, now=now, policies=policies)
                _log_failures(result.failed, now)
        except Exception:  # noqa: BLE001 - retried row by row, so one bad row must not stall the others
            if not pks:
                raise  # the due rows could not even be read: nothing to retry row by row
            logger.warning("批量提醒失败，逐条重试（%s 项）", len(pks), exc_info=True)
            row_sent, row_failed = _one_by_one(pks, due, now, policies or PolicyBook.load())
            sent, failed = sent + row_sent, failed + row_failed
            continue
        sent, failed = sent + len(result.sent), failed + len(result.failed)


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

"""Thin Celery tasks: beat schedules `supervision.sweep` (settings.CELERY_BEAT_SCHEDULE)."""

import logging

from celery import shared_task
from celery.signals import beat_init

from .services import deliver_pending, run_sweep

logger = logging.getLogger(__name__)


@shared_task(name="supervision.sweep", ignore_result=True)
def sweep():
    run = run_sweep(source="beat")
    logger.info("巡检完成：新逾期 %s 项，发出提醒 %s 条", run.overdue_marked, run.reminders_sent)


@shared_task(name="supervision.deliver", ignore_result=True)
def deliver():
    result = deliver_pending()
    logger.info("外发消息：已发送 %s 条，待重试 %s 条，失败 %s 条", result.sent, result.retrying, result.failed)


@beat_init.connect
def sweep_when_beat_starts(sender=None, **kwargs):
    """Queue one sweep as soon as beat starts: after an outage the catch-up (and /healthz) need not wait
    a whole interval. The schedule itself keeps its period."""
    sender.app.send_task("supervision.sweep")

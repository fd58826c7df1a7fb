"""Thin Celery tasks. Beat runs `proposals.sweep` hourly (settings.CELERY_BEAT_SCHEDULE); it is
idempotent, so running it late or twice only catches up."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="proposals.sweep", ignore_result=True)
def sweep():
    """Expire co-signing invitations past their deadline; close proposals left unrated past theirs."""
    expired = services.expire_cosignatures()
    closed = services.close_unrated()
    logger.info("提案巡检：联名逾期 %s 人，逾期未评价办结 %s 件", expired, closed)
    return {"expired": expired, "closed": closed}

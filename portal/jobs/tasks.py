"""Thin Celery tasks of export jobs (registered through portal/tasks.py)."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="portal.run_export_job", ignore_result=True)
def run_export_job(*, job_id):
    services.run_job(job_id)


@shared_task(name="portal.expire_export_jobs", ignore_result=True)
def expire_export_jobs():
    expired, failed = services.expire_jobs()
    if expired or failed:
        logger.info("导出文件清理：过期 %s 个，超时失败 %s 个", expired, failed)

"""Every write of export jobs: inline or background, create and queue, run, fail, expire.

State changes go through portal.workflow (lock, check, save, timeline row); progress is written with
conditional updates (only while the job runs), so a job failed or expired meanwhile stops its builder.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from portal import workflow
from portal.audit import audit_export, record_transition
from supervision.messages import Message, split

from . import registry
from .enums import ACTIVE_STATES, FINISHED_STATES, JOB_ACTIONS, JobState
from .models import ExportJob

logger = logging.getLogger(__name__)


class JobError(workflow.WorkflowError):
    """An action refused in the job's current state."""


class JobPermissionError(Exception):
    """The user may not ask for this kind of export."""


class JobCancelled(Exception):
    """The job stopped running while its file was being written (failed or expired meanwhile)."""


class JobRefused(Exception):
    """The job cannot run: `key` is the user-visible reason (a message id)."""

    def __init__(self, key):
        super().__init__(key)
        self.key = key


workflow.declare(ExportJob, JOB_ACTIONS, error=JobError)

BATCH = 100


def ttl():
    return datetime.timedelta(hours=settings.EXPORT_TTL_HOURS)


def in_background(row_count) -> bool:
    """Whether an export of `row_count` rows runs as a job (over settings.EXPORT_INLINE_MAX_ROWS) or inline."""
    return row_count > settings.EXPORT_INLINE_MAX_ROWS


def may_request(user, kind) -> bool:
    try:
        spec = registry.get(kind)
    except LookupError:
        return False
    return bool(user and user.is_authenticated and user.is_active and spec.permitted(user))


def create_job(*, user, kind, params, total=None):
    """Ask for an export of `kind` with `params` (filters) by `user`; returns the queued job.

    Raises LookupError (no such kind), JobPermissionError, registry.InvalidParams (unusable filters).
    `total`: the row count when the caller counted it already.
    Side effects: an ExportJob row (queued) with its timeline row; after commit, the Celery task
    `portal.run_export_job` is queued (a broker that refuses it fails the job with a message).
    """
    spec = registry.get(kind)
    if not may_request(user, kind):
        raise JobPermissionError(kind)
    params = spec.clean_params(params)
    if total is None:
        _form, rows = spec.rows(user, registry.as_query(params))
        total = rows.count()
    with transaction.atomic():
        job = ExportJob.objects.create(requester=user, kind=kind, params=params, progress_total=total)
        record_transition(job, actor=user, action="create", to_state=JobState.QUEUED)
        job_id = job.pk
        transaction.on_commit(lambda: enqueue(job_id))
    return job


def enqueue(job_id):
    """Queue the task running job `job_id` (called after commit)."""
    from .tasks import run_export_job

    try:
        run_export_job.delay(job_id=job_id)
    except Exception:  # noqa: BLE001 - the broker is down: say so on the job rather than leave it queued
        logger.exception("导出任务 %s 无法投递到后台队列", job_id)
        fail_job(job_id, gettext_noop("后台任务暂时无法启动，请稍后重新导出。"))


class Progress:
    """progress(done, total): written every settings.EXPORT_PROGRESS_EVERY rows (and at the end) with a
    conditional update that only touches a running job; raises JobCancelled when the job stopped running."""

    def __init__(self, job_id, every=None):
        self.job_id = job_id
        self.every = every or settings.EXPORT_PROGRESS_EVERY
        self.written = 0

    def __call__(self, done, total=None):
        if done - self.written < self.every and (total is None or done < total):
            return
        fields = {"progress_done": done}
        if total is not None:
            fields["progress_total"] = total
        if not ExportJob.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(**fields):
            raise JobCancelled(self.job_id)
        self.written = done


def run_job(job_id):
    """Run job `job_id`: start it, build its file with the requester's rights of now, store it, finish it.

    A job not queued any more (a message delivered twice, a job failed meanwhile) is left as it is.
    Side effects: the file under MEDIA_ROOT/exports/, the job's state and timeline rows, a notification to
    the requester (done or failed). Returns the job (None when it does not exist).
    """
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.info("导出任务 %s 不存在", job_id)
        return None
    try:
        job = workflow.perform(job, "start", actor=None, fields={"started_at": timezone.now()})
    except JobError:
        logger.info("导出任务 %s 状态为 %s，不再运行", job_id, job.state)
        return job
    try:
        spec = registry.get(job.kind)
        user = job.requester
        if not (user.is_active and spec.permitted(user)):
            raise JobRefused(gettext_noop("您已没有这项导出的权限。"))
        content, file_name, count = spec.build(user, registry.as_query(job.params), Progress(job.pk))
    except JobCancelled:
        logger.info("导出任务 %s 在生成中被终止", job_id)
        return ExportJob.objects.get(pk=job_id)
    except JobRefused as refused:
        return fail_job(job_id, refused.key)
    except registry.InvalidParams:
        return fail_job(job_id, gettext_noop("筛选条件已失效，请重新选择后导出。"))
    except LookupError:
        return fail_job(job_id, gettext_noop("不支持这种导出。"))
    except Exception:  # noqa: BLE001 - any error: the requester sees a failed job, the log has the cause
        logger.exception("导出任务 %s 生成文件时出错", job_id)
        return fail_job(job_id, gettext_noop("生成文件时出错，请稍后重新导出；如仍不成功，请联系系统管理员。"))
    ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
    stored = default_storage.save(f"exports/{uuid.uuid4().hex}.{ext}", ContentFile(content))
    now = timezone.now()
    try:
        with transaction.atomic():
            job = workflow.perform(job, "finish", actor=None, fields={
                "file": stored, "file_name": file_name[:200], "finished_at": now, "expires_at": now + ttl(),
                "progress_done": count, "progress_total": count,
            })
            _notify_done(job)
    except JobError:  # failed or expired while the file was written
        default_storage.delete(stored)
        return ExportJob.objects.get(pk=job_id)
    return job


def fail_job(job_id, key, **params):
    """Mark an active job failed with the user-visible reason `key` (a message id); notify the requester.
    Returns the job (unchanged when it was not active)."""
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state not in ACTIVE_STATES:
            return job
        job = workflow.perform(job, "fail", actor=None, locked=True, note=key, fields={
            "error": key[:300], "error_params": Message(key, **params).as_params(), "finished_at": now,
            "expires_at": now + ttl(),
        })
        _notify_failed(job)
    return job


def expire_jobs(*, now=None):
    """The periodic clean-up (beat: `portal.expire_export_jobs`): finished jobs past `expires_at` become
    expired and their files are deleted; jobs queued or running for longer than the retention time (a lost
    worker) are failed. Returns (expired, failed)."""
    now = now or timezone.now()
    stuck = list(ExportJob.objects.filter(state__in=ACTIVE_STATES, created_at__lte=now - ttl())
                 .values_list("pk", flat=True)[:BATCH * 10])
    for pk in stuck:
        fail_job(pk, gettext_noop("导出未能在规定时间内完成，请重新导出。"))
    due = ExportJob.objects.filter(state__in=FINISHED_STATES, expires_at__lte=now)
    expired = 0
    while batch := list(due.order_by("expires_at", "pk").values_list("pk", flat=True)[:BATCH]):
        for pk in batch:
            expired += expire_job(pk)
    return expired, len(stuck)


def expire_job(job_id) -> bool:
    """Expire one finished job: the state, then (after commit) its file deleted. False when not finished."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state not in FINISHED_STATES:
            return False
        stored = job.file.name
        workflow.perform(job, "expire", actor=None, locked=True, fields={"file": ""})
        if stored:
            transaction.on_commit(lambda: default_storage.delete(stored))
    return True


def record_download(request, job):
    """The download of a job's file is an export like the inline one: one audit row with the row count."""
    spec = registry.get(job.kind)
    return audit_export(request, spec.audit_name, job.progress_done)


# ---------------------------------------------------------------- notifications


def _notify(job, title, body):
    from supervision.models import Notification

    title_text, title_key, title_params = split(title)
    body_text, body_key, body_params = split(body)
    user_id, url = job.requester_id, job.get_absolute_url()
    transaction.on_commit(lambda: Notification.objects.create(
        user_id=user_id, title=title_text[:300], title_key=title_key, title_params=title_params,
        body=body_text, body_key=body_key, body_params=body_params, url=url))


def _kind_message(job):
    try:
        return Message(registry.get(job.kind).label)
    except LookupError:
        return job.kind


def _notify_done(job):
    expires = timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M")
    _notify(job, Message(gettext_noop("导出已完成：%(what)s"), what=_kind_message(job)),
            Message(gettext_noop("共 %(count)s 行。文件保留至 %(expires)s，仅您本人可以下载。"),
                    count=job.progress_done, expires=expires))


def _notify_failed(job):
    _notify(job, Message(gettext_noop("导出失败：%(what)s"), what=_kind_message(job)),
            Message(job.error, **(job.error_params or {})))

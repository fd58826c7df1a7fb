"""Celery tasks of the portal app (autodiscovered): the export jobs' tasks."""

from .jobs.tasks import expire_export_jobs, run_export_job

__all__ = ["expire_export_jobs", "run_export_job"]

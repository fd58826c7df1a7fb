"""Background jobs that make a file: exports too large to answer inside one web request.

One machinery for every export and generated document (member lists and proposal overviews today,
bulletins and dashboard exports to come):

- `registry`: each kind of job (kind → label, permission, the rows it reads, the builder writing the file).
  Apps declare theirs in an `export_jobs` module (members/export_jobs.py, proposals/export_jobs.py), found
  on first use.
- `models.ExportJob`: who asked for what (kind and filters), its state (queued → running → done / failed,
  done or failed → expired) changed through portal.workflow, progress (done / total rows), the file.
- `services`: decide inline or background (`in_background`, settings.EXPORT_INLINE_MAX_ROWS), create a job
  and queue it after commit, run it (the Celery task calls `run_job`), expire old files.
- `tasks`: the thin Celery tasks; `views`, `api`, `admin`: the pages (我的导出), /api/v1/export-jobs/ and
  the read-only admin. Only the requester sees a job or downloads its file (others get 404).
"""

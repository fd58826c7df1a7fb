"""Exports that take long run in the background (portal.jobs).

An export over settings.EXPORT_INLINE_MAX_ROWS rows is a job: the page offers to start it, the job runs in
Celery (eager here, still queued through transaction.on_commit), records its progress, offers the file to its
requester only (others: 404), notifies them, and its file expires. Its file holds what the inline export
holds, for each role. The API /api/v1/export-jobs/ does the same with the same permissions.
"""

import datetime
import io
import re

import openpyxl
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.enums import Role
from members.models import RoleAssignment
from portal.celery import app as celery_app
from portal.jobs.enums import JobState
from portal.jobs.models import ExportJob
from portal.jobs.services import create_job, expire_jobs
from portal.jobs.tasks import run_export_job
from portal.models import AuditLog, StateChange
from supervision.models import Notification
from tests.factories import MemberFactory

THRESHOLD = 5


@pytest.fixture
def eager():
    """Celery runs tasks in the calling thread (as CELERY_TASK_ALWAYS_EAGER=true does)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def jobs(settings, tmp_path, eager):
    settings.EXPORT_INLINE_MAX_ROWS = THRESHOLD
    settings.EXPORT_PROGRESS_EVERY = 2
    settings.EXPORT_TTL_HOURS = 24
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings


@pytest.fixture
def many(org):
    """The county has 2 members of org and 11 more: 13 rows, over the threshold of 5."""
    MemberFactory.create_batch(11, committee=org.county)
    return 13


def sheet_rows(content):
    """The data rows of the first sheet, from the header row on (the title rows hold the time of export)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, row in enumerate(rows) if row and "姓名" in row or row and "案号" in row)
    return rows[at:]


def start_member_job(client, django_capture_on_commit_callbacks, query=""):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:start", args=["members"]) + query)
    assert response.status_code == 302
    return ExportJob.objects.get(pk=int(re.search(r"/exports/(\d+)/", response["Location"]).group(1)))


def downloaded(response):
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- inline or background


def test_an_export_up_to_the_threshold_answers_inline_and_one_row_more_offers_a_job(client, org, jobs):
    MemberFactory.create_batch(3, committee=org.county)  # 2 + 3 = 5 rows: inline
    client.force_login(org.staff)
    response = client.get(reverse("members:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "hx-post" not in client.get(reverse("members:list")).content.decode()

    MemberFactory(committee=org.county)  # 6 rows: a background job
    response = client.get(reverse("members:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "本次导出共 6 行，将在后台生成" in text and 'data-testid="start-export"' in text
    assert ExportJob.objects.count() == 0  # a link (GET) starts nothing
    page = client.get(reverse("members:list")).content.decode()
    assert f'hx-post="{reverse("jobs:start", args=["members"])}?' in page


def test_the_export_button_starts_a_job_that_runs_to_the_end(client, org, jobs, many, django_capture_on_commit_callbacks):
    client.force_login(org.staff)
    job = start_member_job(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.state, job.progress_done, job.progress_total) == (JobState.DONE, many, many)
    assert job.file_name == f"南谯区政协-委员名单-{timezone.localdate():%Y%m%d}.xlsx"
    assert job.file.name.startswith("exports/") and default_storage.exists(job.file.name)
    assert [(c.from_state, c.to_state) for c in StateChange.objects.filter(object_id=job.pk, action__in=[
        "create", "start", "finish"]).order_by("id")] == [("", "queued"), ("queued", "running"), ("running", "done")]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "已完成" in page and f"已处理 {many} / {many} 行（100%）" in page
    assert reverse("jobs:download", args=[job.pk]) in page and "hx-trigger" not in page  # polling has stopped


def test_a_queued_job_page_polls_its_progress_fragment(client, org, jobs, many, django_capture_on_commit_callbacks):
    client.force_login(org.staff)
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not taken it yet
        job = create_job(user=org.staff, kind="members", params={})
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="{reverse("jobs:progress", args=[job.pk])}" hx-trigger="every 1s"' in page
    assert "排队中" in page and f"已处理 0 / {many} 行（0%）" in page
    assert "<script" not in client.get(reverse("jobs:progress", args=[job.pk])).content.decode()

    run_export_job.apply(kwargs={"job_id": job.pk})  # as the worker would
    fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "已完成" in fragment and "hx-trigger" not in fragment and 'data-testid="job-download"' in fragment


def test_progress_is_written_every_few_rows_while_the_file_is_made(org, jobs, many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = create_job(user=org.staff, kind="members", params={})
    with CaptureQueriesContext(connection) as queries:
        run_export_job.apply(kwargs={"job_id": job.pk})
    written = [int(m.group(1)) for q in queries.captured_queries
               if (m := re.search(r'UPDATE "portal_exportjob" SET "progress_done" = (\d+)', q["sql"]))]
    assert written == [2, 4, 6, 8, 10, 12, 13]  # every EXPORT_PROGRESS_EVERY rows, and the last one
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total, job.percent) == (13, 13, 100)


# ---------------------------------------------------------------- the file: same as inline, per role


@pytest.mark.parametrize("role", ["superuser", "staff", "office", "leader"])
def test_the_jobs_file_holds_what_the_inline_export_holds_for_each_role(client, org, settings, jobs, many, role,
                                                                        django_capture_on_commit_callbacks):
    user = {"superuser": org.superuser, "staff": org.staff, "office": org.office, "leader": org.leader}[role]
    target = org.other_member
    target.email, target.birth_date = "li@example.cn", datetime.date(1970, 3, 4)
    target.save()
    client.force_login(user)
    query = f"?committee={org.county.pk}"
    settings.EXPORT_INLINE_MAX_ROWS = 10_000
    inline = client.get(reverse("members:export") + query)
    assert inline.status_code == 200
    settings.EXPORT_INLINE_MAX_ROWS = THRESHOLD
    job = start_member_job(client, django_capture_on_commit_callbacks, query)
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert sheet_rows(downloaded(response)) == sheet_rows(inline.content)
    header = sheet_rows(inline.content)[0]
    assert ("出生日期" in header) == (role in ("superuser", "staff"))  # the roles' own field access
    assert job.params == {"committee": [str(org.county.pk)]}


# ---------------------------------------------------------------- only the requester


def test_nobody_but_the_requester_sees_the_job_or_its_file(client, org, jobs, many, django_capture_on_commit_callbacks):
    client.force_login(org.staff)
    job = start_member_job(client, django_capture_on_commit_callbacks)
    for other in (org.city_staff, org.superuser, org.office):
        client.force_login(other)
        for name in ("jobs:detail", "jobs:progress", "jobs:download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (other, name)
        assert client.get(reverse("export-job-detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("export-job-download", args=[job.pk])).status_code == 404
        assert client.get(reverse("export-job-list")).json()["count"] == 0
        assert job.file_name not in client.get(reverse("jobs:list")).content.decode()
    assert not AuditLog.objects.filter(event="export").exists()


def test_the_requester_is_notified_and_the_download_is_audited(client, org, jobs, many,
                                                                django_capture_on_commit_callbacks):
    client.force_login(org.staff)
    job = start_member_job(client, django_capture_on_commit_callbacks)
    note = Notification.objects.get(user=org.staff)
    assert note.display_title == "导出已完成：委员名单" and note.url == job.get_absolute_url()
    assert note.display_body.startswith(f"共 {many} 行。文件保留至 ")
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    downloaded(response)
    log = AuditLog.objects.get(event="export")
    assert (log.user, log.detail) == (org.staff, f"委员名单: {many} 行")
    assert job.file_name in client.get(reverse("jobs:list")).content.decode()


def test_a_member_cannot_start_a_member_export(client, org, jobs, many):
    client.force_login(org.member_user)
    assert client.post(reverse("jobs:start", args=["members"])).status_code == 403
    assert client.post(reverse("jobs:start", args=["no-such-kind"])).status_code == 404
    assert ExportJob.objects.count() == 0


def test_a_requester_who_lost_the_role_before_the_job_ran_gets_a_failed_job(client, org, jobs, many,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = create_job(user=org.office, kind="members", params={})
    RoleAssignment.objects.filter(user=org.office, role=Role.OFFICE).delete()
    with django_capture_on_commit_callbacks(execute=True):
        run_export_job.apply(kwargs={"job_id": job.pk})
    job.refresh_from_db()
    assert (job.state, job.file.name) == (JobState.FAILED, "")
    assert job.error_message == "您已没有这项导出的权限。"
    assert Notification.objects.get(user=org.office).display_title == "导出失败：委员名单"
    client.force_login(org.office)
    assert "您已没有这项导出的权限。" in client.get(job.get_absolute_url()).content.decode()


def test_a_job_delivered_twice_runs_once(org, jobs, many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = create_job(user=org.staff, kind="members", params={})
    with django_capture_on_commit_callbacks(execute=True):
        run_export_job.apply(kwargs={"job_id": job.pk})
    first = ExportJob.objects.get(pk=job.pk).file.name
    with django_capture_on_commit_callbacks(execute=True):
        run_export_job.apply(kwargs={"job_id": job.pk})
    again = ExportJob.objects.get(pk=job.pk)
    assert (again.state, again.file.name) == (JobState.DONE, first)
    assert Notification.objects.filter(user=org.staff).count() == 1


# ---------------------------------------------------------------- expiry


def test_an_expired_job_has_no_file_and_its_download_says_so(client, org, jobs, many,
                                                            django_capture_on_commit_callbacks):
    client.force_login(org.staff)
    job = start_member_job(client, django_capture_on_commit_callbacks)
    stored = ExportJob.objects.get(pk=job.pk).file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_jobs() == (0, 0)  # not yet
    assert default_storage.exists(stored)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)), \
            django_capture_on_commit_callbacks(execute=True):
        assert expire_jobs() == (1, 0)
    job.refresh_from_db()
    assert (job.state, job.file.name) == (JobState.EXPIRED, "")
    assert not default_storage.exists(stored)
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 410 and "导出文件已过期删除" in response.content.decode()
    api = client.get(reverse("export-job-download", args=[job.pk]))
    assert api.status_code == 410 and api.json() == {"detail": "导出文件已过期删除，请重新导出。"}
    assert "文件已过期删除" in client.get(job.get_absolute_url()).content.decode()


def test_a_job_lost_by_its_worker_fails_after_the_retention_time(org, jobs, many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = create_job(user=org.staff, kind="members", params={})
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert expire_jobs() == (0, 1)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error_message == "导出未能在规定时间内完成，请重新导出。"


# ---------------------------------------------------------------- API


def test_the_api_makes_a_job_lists_it_and_gives_its_file(client, org, jobs, many, django_capture_on_commit_callbacks):
    client.force_login(org.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("export-job-list"), {"kind": "members", "params": {"active": "true"}},
                               content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["kind"], created["state"], created["progress_total"]) == ("members", "queued", many)
    job = client.get(reverse("export-job-detail", args=[created["id"]])).json()
    assert (job["state"], job["progress_done"], job["percent"], job["params"]) == ("done", many, 100, {"active": ["true"]})
    assert job["download_url"] == reverse("export-job-download", args=[created["id"]])
    listed = client.get(reverse("export-job-list"), {"state": "done"}).json()
    assert [j["id"] for j in listed["results"]] == [created["id"]]
    assert client.get(reverse("export-job-list"), {"state": "running"}).json()["count"] == 0
    content = downloaded(client.get(job["download_url"]))
    assert len(sheet_rows(content)) == many + 1


@pytest.mark.parametrize("body, status", [
    ({"kind": "nothing"}, 400),
    ({"kind": "members", "params": {"page": "2"}}, 400),  # not a filter of the member list
    ({"kind": "members", "params": {"sector": "abc"}}, 400),
    ({"kind": "members", "params": {"q": "a\x00b"}}, 400),
    ({"kind": "members", "params": {"q": "a\ud800"}}, 400),  # a lone surrogate: not UTF-8
    ({"kind": "proposals", "params": {"search": "a\x00"}}, 400),
    ({"kind": "members", "params": ["q"]}, 400),
    ({"kind": "members", "params": {"q": {"x": 1}}}, 400),
])
def test_the_api_refuses_what_it_cannot_use(client, org, jobs, body, status):
    client.force_login(org.staff)
    response = client.post(reverse("export-job-list"), body, content_type="application/json")
    assert response.status_code == status, response.content
    assert ExportJob.objects.count() == 0


def test_the_api_refuses_an_export_the_user_may_not_make(client, org, jobs):
    client.force_login(org.member_user)
    response = client.post(reverse("export-job-list"), {"kind": "members"}, content_type="application/json")
    assert response.status_code == 403
    assert client.get(reverse("export-job-list")).json()["count"] == 0


def test_the_download_of_a_job_not_yet_done_is_a_conflict(client, org, jobs, many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = create_job(user=org.staff, kind="members", params={})
    client.force_login(org.staff)
    assert client.get(reverse("export-job-download", args=[job.pk])).status_code == 409
    assert client.get(reverse("jobs:download", args=[job.pk]))["Location"] == job.get_absolute_url()


# ---------------------------------------------------------------- the proposal overview


def test_the_proposal_overview_export_runs_as_a_job_over_the_threshold(client, org, jobs, settings,
                                                                      django_capture_on_commit_callbacks):
    from tests.proposals import builders as b

    proposals = [b.submitted(org) for _ in range(THRESHOLD + 1)]
    client.force_login(org.staff)
    settings.EXPORT_INLINE_MAX_ROWS = 100
    inline = client.get(reverse("proposals:export"))
    assert inline["Content-Type"].startswith("application/vnd.openxmlformats")
    settings.EXPORT_INLINE_MAX_ROWS = THRESHOLD
    offer = client.get(reverse("proposals:export"))
    assert f"本次导出共 {len(proposals)} 行" in offer.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:start", args=["proposals"]))
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.state, job.progress_done) == (JobState.DONE, len(proposals))
    assert job.file_name.endswith(f"-提案列表-{timezone.localdate():%Y%m%d}.xlsx")
    content = downloaded(client.get(reverse("jobs:download", args=[job.pk])))
    assert sheet_rows(content) == sheet_rows(inline.content)


# ---------------------------------------------------------------- admin


def test_superusers_read_the_jobs_in_the_admin_and_nobody_edits_them(client, org, jobs, many,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(org.staff)
    job = start_member_job(client, django_capture_on_commit_callbacks)
    assert client.get(reverse("admin:portal_exportjob_changelist")).status_code == 403
    client.force_login(org.superuser)
    page = client.get(reverse("admin:portal_exportjob_changelist"), {"state__exact": "done", "q": "county_staff"})
    assert page.status_code == 200 and f"<a href=\"{reverse('admin:portal_exportjob_change', args=[job.pk])}" in \
        page.content.decode()
    assert client.get(reverse("admin:portal_exportjob_add")).status_code == 403
    change = client.get(reverse("admin:portal_exportjob_change", args=[job.pk]))
    assert change.status_code == 200 and 'type="submit" value="保存"' not in change.content.decode()

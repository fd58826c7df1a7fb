"""A large export in the browser (issue 7, "Done when"): staff start the member export from the member list,
land on the job's page, watch its progress (htmx polling, no inline script), and download the file when it is
ready. The threshold is lowered so that a handful of members make a "large" export."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from portal.celery import app as celery_app
from portal.jobs.enums import JobState
from portal.jobs.models import ExportJob
from portal.jobs.tasks import run_export_job
from tests.factories import MemberFactory

MEMBERS = 13  # the county's 2 members of `org` and 11 more


@pytest.fixture
def large(org, settings, tmp_path):
    settings.EXPORT_INLINE_MAX_ROWS = 5
    settings.EXPORT_PROGRESS_EVERY = 2
    settings.MEDIA_ROOT = str(tmp_path / "media")
    MemberFactory.create_batch(MEMBERS - 2, committee=org.county)
    return org


@pytest.fixture
def eager():
    """The live server runs the job itself, in the request's on_commit (as CELERY_TASK_ALWAYS_EAGER=true)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def _download(page):
    with page.expect_download() as info:
        page.get_by_test_id("job-download").click()
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def _names(content):
    rows = list(openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and "姓名" in row)
    at = rows[header].index("姓名")
    return [row[at] for row in rows[header + 1:]]


def test_the_export_button_starts_a_job_and_its_page_offers_the_file(large, eager, login, page):
    login("county_staff")
    page.goto("/members/")
    page.get_by_test_id("export-link").click()
    page.wait_for_url(re.compile(r"/exports/\d+/$"))
    job = ExportJob.objects.get(requester=large.staff)
    expect(page.get_by_test_id("job-state")).to_have_text("已完成")
    expect(page.get_by_test_id("job-counts")).to_have_text(f"已处理 {MEMBERS} / {MEMBERS} 行（100%）")
    name, content = _download(page)
    assert name == job.file_name and name.startswith("南谯区政协-委员名单-")
    assert len(_names(content)) == MEMBERS and "张委员" in _names(content)

    page.locator("main").get_by_role("link", name="我的导出").click()
    expect(page.get_by_test_id("job-row")).to_have_count(1)
    assert job.file_name in page.get_by_test_id("job-row").inner_text()


def test_the_job_page_follows_the_progress_until_the_file_is_ready(large, login, page):
    job = ExportJob.objects.create(requester=large.staff, kind="members", progress_total=MEMBERS)  # not taken yet
    login("county_staff")
    page.goto(f"/exports/{job.pk}/")
    expect(page.get_by_test_id("job-state")).to_have_text("排队中")
    expect(page.get_by_test_id("job-counts")).to_have_text(f"已处理 0 / {MEMBERS} 行（0%）")
    assert page.locator("progress").get_attribute("value") == "0"
    assert page.get_by_test_id("job-download").count() == 0

    run_export_job.apply(kwargs={"job_id": job.pk})  # the worker takes it; the page is not reloaded
    assert ExportJob.objects.get(pk=job.pk).state == JobState.DONE
    expect(page.get_by_test_id("job-state")).to_have_text("已完成")
    expect(page.get_by_test_id("job-counts")).to_have_text(f"已处理 {MEMBERS} / {MEMBERS} 行（100%）")
    assert page.locator("progress").get_attribute("value") == "100"
    name, content = _download(page)
    assert name == ExportJob.objects.get(pk=job.pk).file_name
    assert len(_names(content)) == MEMBERS

    page.goto("/")  # the bell: the notification leads back to the job
    page.goto("/supervision/notifications/")
    page.get_by_role("link", name=re.compile("导出已完成：委员名单")).first.click()
    page.wait_for_url(re.compile(rf"/exports/{job.pk}/$"))

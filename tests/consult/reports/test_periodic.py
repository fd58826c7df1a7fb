"""The monthly report to the party committee and government and the quarterly report to members: the figures
of a period for a committee subtree, on the page, in the DOCX and in the workbook (background jobs)."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from consult.reports import services
from portal.jobs.enums import JobState
from portal.jobs.models import ExportJob
from tests.consult.reports import builders as b
from tests.documents.docx_read import open_docx, paragraphs_text
from tests.documents.sheets import load, records
from tests.test_export_jobs import eager, jobs  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def _at(month, day, hour=10):
    return time_machine.travel(dt.datetime(2027, month, day, hour, tzinfo=TZ), tick=False)


@pytest.fixture
def march(org):
    """March 2027 in the county: 3 submitted, 2 adopted (one sent up to the city and adopted there), 1
    instructed and forwarded to the education bureau, which replied. Around it: a report of February adopted
    in April, and one of the other county in March (outside the county's subtree)."""
    with _at(2, 20):
        february = b.submitted(org, title="二月报送的信息")
    with _at(3, 2):
        one = b.submitted(org, title="关于增加学位供给的建议")
        two = b.submitted(org, user=org.other_member_user, title="关于治理河道污染的建议")
        three = b.submitted(org, title="关于整治占道经营的建议")
        b.submitted(org, user=org.far_member_user, title="邻县三月的信息")
    with _at(3, 9):
        services.adopt(report=one, actor=org.staff)
        services.adopt(report=two, actor=org.staff)
        services.return_report(report=three, actor=org.staff, note="请补充具体情况。")
    with _at(3, 12):
        services.send_up(report=one, actor=org.staff, target="higher", recipient="滁州市政协", sent_on=dt.date(2027, 3, 12))
        services.record_level(report=one, actor=org.staff, level="city", adopted_on=dt.date(2027, 3, 12),
                              adopted_by="滁州市政协办公室")
    with _at(3, 16):
        services.instruct(report=one, actor=org.staff, leader="王书记", instructed_on=dt.date(2027, 3, 16),
                          text_body="请区教育局抓紧研究。", departments="区教育局")
        (fwd,) = services.forward(report=one, actor=org.staff, units=[org.unit])
    with _at(3, 25):
        services.reply(forward=fwd, actor=org.unit_user, text_body="已新增学位 300 个。")
    with _at(4, 2):
        services.adopt(report=february, actor=org.staff)
    return one


QUERY = "committee={pk}&year=2027&month=3"


def test_the_page_shows_the_months_figures(client, org, march):
    with _at(4, 3):
        client.force_login(org.office)
        page = client.get(reverse("consult:reports_periodic"), {"committee": org.county.pk, "year": 2027, "month": 3})
    html = page.content.decode()
    for name, value in [("submitted", 3), ("adopted", 2), ("sent", 1), ("instructed", 1), ("forwarded", 1), ("replied", 1)]:
        assert f'data-testid="fig-{name}">{value}<' in html, name
    assert "2027年3月" in html


def test_month_and_quarter_are_exclusive_and_other_committees_are_refused(client, org):
    client.force_login(org.staff)
    response = client.get(reverse("consult:reports_periodic"), {"year": 2027, "month": 3, "quarter": 1})
    assert response.status_code == 400 and "二者只选其一" in response.content.decode()
    response = client.get(reverse("consult:reports_periodic"), {"committee": org.other_county.pk, "year": 2027, "month": 3})
    assert response.status_code == 400
    response = client.get(reverse("consult:reports_periodic"), {"year": 2027, "month": 13})
    assert response.status_code == 400
    client.force_login(org.member_user)
    assert client.get(reverse("consult:reports_periodic")).status_code == 403


def _run(client, kind, query, capture):
    with capture(execute=True):
        response = client.post(reverse("jobs:start", args=[kind]) + "?" + query)
    job = ExportJob.objects.get(pk=int(re.search(r"/exports/(\d+)/", response["Location"]).group(1)))
    assert job.state == JobState.DONE, job.error_message
    return job


def test_the_monthly_report_document_says_what_happened_in_march(client, org, march, jobs,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    with _at(4, 3):
        client.force_login(org.staff)
        job = _run(client, "opinion_report_docx", QUERY.format(pk=org.county.pk), django_capture_on_commit_callbacks)
    assert job.file_name == "南谯区政协-2027年3月社情民意信息报告.docx"
    assert (job.progress_done, job.progress_total) == (3, 3)
    text = "\n".join(paragraphs_text(open_docx(job.file.read())))
    assert "关于2027年3月社情民意信息工作情况的报告" in text.replace("\n", "")
    assert "中共南谯区委员会、南谯区人民政府：" in text
    assert "共收到社情民意信息 3 篇，采用 2 篇，报送上级政协和党委政府 1 篇，获领导批示 1 篇" in text
    assert "区县级 2 篇，市级 1 篇" in text
    assert "王书记于2027年3月16日批示：“请区教育局抓紧研究。”，涉及区教育局" in text
    assert "南谯区教育局办理《关于增加学位供给的建议》，已答复：已新增学位 300 个。" in text
    assert "1. 《关于增加学位供给的建议》（张委员）" in text and "2. 《关于治理河道污染的建议》（李委员）" in text
    assert "二月报送的信息" not in text and "邻县三月的信息" not in text


def test_the_quarterly_report_goes_to_members_and_counts_the_quarter(client, org, march, jobs,  # noqa: F811
                                                                     django_capture_on_commit_callbacks):
    with _at(4, 3):
        client.force_login(org.leader)
        job = _run(client, "opinion_report_docx", f"committee={org.county.pk}&year=2027&quarter=1",
                   django_capture_on_commit_callbacks)
    text = "\n".join(paragraphs_text(open_docx(job.file.read())))
    assert "关于2027年第一季度社情民意信息工作情况的通报" in text.replace("\n", "") and "各位委员：" in text
    # February's report counts as submitted in the quarter; it was adopted in April, so not as adopted
    assert "共收到社情民意信息 4 篇，采用 2 篇" in text and "二月报送的信息" not in text


def test_the_workbook_has_the_figures_and_the_rows(client, org, march, jobs,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    with _at(4, 3):
        client.force_login(org.city_staff)
        job = _run(client, "opinion_report_xlsx", QUERY.format(pk=org.county.pk), django_capture_on_commit_callbacks)
    content = job.file.read()
    assert load(content).sheetnames == ["概况", "信息明细", "领导批示", "部门办理"]
    summary = {r["指标"]: r["数量"] for r in records(content, "概况")}
    assert (summary["收到信息"], summary["采用信息"], summary["报送上级政协和党委政府"], summary["获领导批示"],
            summary["部门已答复"], summary["市级采用"]) == (3, 2, 1, 1, 1, 1)
    rows = {r["标题"]: r for r in records(content, "信息明细")}
    assert set(rows) == {"关于增加学位供给的建议", "关于治理河道污染的建议", "关于整治占道经营的建议"}
    assert rows["关于整治占道经营的建议"]["状态"] == "退回修改"
    assert rows["关于增加学位供给的建议"]["分级采用"] == "区县（南谯区政协）、市（滁州市政协办公室）"
    (dept,) = records(content, "部门办理")
    assert (dept["办理部门"], dept["办理情况"]) == ("南谯区教育局", "已新增学位 300 个。")


def test_members_and_units_may_not_start_the_report(client, org):
    for user in (org.member_user, org.unit_user):
        client.force_login(user)
        response = client.post(reverse("jobs:start", args=["opinion_report_docx"]) + "?year=2027&month=3")
        assert response.status_code == 403
    assert not ExportJob.objects.exists()

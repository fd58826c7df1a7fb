"""Consultation workbooks (consult/export_jobs.py): the annual plan with its standing, meetings with attendance
(one row per invitation, phones as members.privacy shows them to the reader), outcomes with their replies per
recommendation (due date and overdue from the obligation); who may export; the same kinds as background jobs."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consult.meetings import services as meetings
from consult.outcomes import services as outcomes
from members import privacy
from portal.jobs import registry
from portal.jobs.enums import JobState
from portal.jobs.models import ExportJob
from portal.models import AuditEvent, AuditLog
from supervision.enums import ObligationKind
from supervision.services import obligations_for
from tests.consult import builders as b
from tests.documents.sheets import load, records
from tests.test_export_jobs import eager, jobs  # noqa: F401 - fixtures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, name, **query):
    response = client.get(reverse(f"consult:{name}"), query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return response.content


@pytest.fixture
def held(org):
    """A held meeting on a topic of this year's plan: the member present, the other absent."""
    topic = b.planned(org, meeting_type="invite_you", quarter=1)
    b.research(org, topic)
    topic.refresh_from_db()
    m = b.notified(org, topic, title="请你来协商：加装电梯")
    meetings.ask_leave(invitation=m.invitations.get(member=org.other_member), actor=org.other_member_user,
                       reason="外出学习")
    meetings.decide_leave(invitation=m.invitations.get(member=org.other_member), actor=org.staff, approve=True)
    type(m).objects.filter(pk=m.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    m.refresh_from_db()
    meetings.record_attendance(meeting=m, actor=org.staff, member=org.member, status="present")
    return meetings.hold(meeting=m, actor=org.staff)


def test_plan_export_lists_items_and_the_standing_against_the_requirement(client, org, held):
    plan = b.plan(org)
    from consult.plans import services as plans

    plans.add_plan_item(plan=plan, actor=org.staff, title="全体会议协商", meeting_type="plenary", quarter=1)
    client.force_login(org.staff)
    content = download(client, "export_plan", committee=org.county.pk, year=plan.year)
    rows = records(content)
    assert [(r["事项"], r["协商形式"], r["时间"], r["已召开"]) for r in rows] == [
        (held.topic.title, "请你来协商", "第1季度", 1), ("全体会议协商", "全体会议", "第1季度", 0)]
    assert rows[0]["议题状态"] == "已协商" and rows[0]["参加部门"] == "南谯区教育局"
    standing = records(content, "频次要求")
    assert [(r["频次要求"], r["要求次数"], r["计划次数"], r["已召开"], r["计划达标"]) for r in standing] == [
        ("各类协商", 4, 2, 1, "否")]
    audit = AuditLog.objects.filter(event=AuditEvent.EXPORT).latest("id")
    assert audit.detail == "年度协商计划: 2 行"


def test_attendance_export_has_one_row_per_invitation(client, org, held):
    client.force_login(org.staff)
    rows = records(download(client, "export_attendance", committee=org.county.pk))
    by_member = {r["委员"]: r for r in rows}
    assert set(by_member) == {org.member.name, org.other_member.name}
    present, leave = by_member[org.member.name], by_member[org.other_member.name]
    assert (present["会议"], present["会议状态"], present["出勤"], present["参加方式"]) == (
        "请你来协商：加装电梯", "已召开", "出席", "必须参加")
    assert (leave["答复"], leave["请假事由"], leave["出勤"]) == ("已准假", "外出学习", "请假")
    assert present["手机号"] == org.member.phone  # staff see phones in full


@pytest.mark.parametrize("role", ["office", "leader"])
def test_readers_get_phones_masked(client, org, held, role):
    client.force_login(getattr(org, role))
    rows = records(download(client, "export_attendance"))
    phones = {r["委员"]: r["手机号"] for r in rows}
    assert phones[org.member.name] == privacy.mask_phone(org.member.phone) != org.member.phone


def test_outcome_export_has_adoption_per_recommendation_due_dates_and_overdue(client, org):
    out = b.sent(org)  # to 教育局 and 卫健委, two recommendations
    b.reply(org, out.sendings.get(unit=org.unit), adoption="partly")
    late = out.sendings.get(unit=org.other_unit)
    obligations_for(late, ObligationKind.OUTCOME_REPLY).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    outcomes.instruct(outcome=out, actor=org.staff, leader="区委书记", instructed_on=timezone.localdate(),
                      text_body="请抓好落实。", units=[org.unit])
    client.force_login(org.staff)
    rows = records(download(client, "export_outcomes"))
    assert len(rows) == 4  # 2 units × 2 recommendations
    replied = [r for r in rows if r["承办单位"] == org.unit.name]
    assert [(r["建议序号"], r["采纳情况"], r["答复状态"], r["逾期"]) for r in replied] == [
        (1, "部分采纳", "已答复", "否"), (2, "部分采纳", "已答复", "否")]
    assert replied[0]["领导批示"].startswith("区委书记（") and replied[0]["落实措施"] == "已出台加装电梯实施办法。"
    overdue = [r for r in rows if r["承办单位"] == org.other_unit.name]
    assert {(r["答复状态"], r["逾期"], r["答复时限"]) for r in overdue} == {
        ("待答复", "是", timezone.localdate() - dt.timedelta(days=3))}
    assert overdue[0]["领导批示"] is None  # an empty cell


@pytest.mark.parametrize(("role", "status"), [
    ("member_user", 403), ("unit_user", 403), ("anonymous", 302), ("other_staff", 200)])
def test_members_and_units_cannot_export(client, org, held, role, status):
    if role != "anonymous":
        client.force_login(getattr(org, role))
    for name in ("export_plan", "export_attendance", "export_outcomes"):
        assert client.get(reverse(f"consult:{name}")).status_code == status


def test_other_countys_staff_see_nothing_of_the_county(client, org, held):
    client.force_login(org.other_staff)
    assert records(download(client, "export_attendance")) == []
    response = client.get(reverse("consult:export_attendance"), {"committee": org.county.pk})
    assert response.status_code == 400 and "committee" in response.content.decode()


def test_the_kinds_are_registered_and_large_exports_run_as_jobs(client, org, held, jobs,  # noqa: F811
                                                                django_capture_on_commit_callbacks):
    assert {"consult_plan", "consult_attendance", "consult_outcomes"} <= set(registry.kinds())
    jobs.EXPORT_INLINE_MAX_ROWS = 1
    client.force_login(org.office)
    response = client.get(reverse("consult:export_attendance"))
    assert response.status_code == 200 and "本次导出共 2 行，将在后台生成" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:start", args=["consult_attendance"]) + f"?committee={org.county.pk}")
    job = ExportJob.objects.get(pk=int(re.search(r"/exports/(\d+)/", response["Location"]).group(1)))
    assert (job.state, job.progress_done) == (JobState.DONE, 2)
    rows = records(job.file.read())
    assert {r["手机号"] for r in rows} == {privacy.mask_phone(org.member.phone), privacy.mask_phone(org.other_member.phone)}
    assert load(job.file.open("rb").read()).sheetnames == ["出勤"]
    client.force_login(org.member_user)
    assert client.post(reverse("jobs:start", args=["consult_plan"])).status_code == 403

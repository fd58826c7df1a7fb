"""After adoption: bulletins (numbering per committee, kind and year, restarting at a year end; compile,
publish, the DOCX), sending up, adoption at each level, instructions, forwarding to a department with a
reply obligation, and the department's reply from its pages."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from consult.errors import ConsultError, ConsultPermissionError
from consult.models import Bulletin, ReportForward
from consult.reports import services
from consult.reports.enums import BulletinState, ForwardState
from supervision.enums import ObligationKind, ObligationState
from supervision.services import obligations_for
from tests.consult.reports import builders as b
from tests.documents.docx_read import open_docx, paragraphs_text

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def _at(*args):
    return time_machine.travel(dt.datetime(*args, tzinfo=TZ), tick=False)


def test_issues_are_numbered_per_committee_kind_and_year_and_restart_at_a_year_end(org):
    with _at(2026, 12, 30, 10):
        first, second = b.bulletin(org), b.bulletin(org)
        journal = b.bulletin(org, kind="journal")
        city = services.create_bulletin(actor=org.city_staff, committee=org.city, kind="special")
    with _at(2027, 1, 4, 9):
        new_year = b.bulletin(org)
        late = b.bulletin(org, year=2026)  # an issue of last year still being compiled
        with pytest.raises(ConsultError, match="年度只能是今年或去年"):
            b.bulletin(org, year=2025)
    assert [(x.year, x.number) for x in (first, second, journal, city, new_year, late)] == [
        (2026, 1), (2026, 2), (2026, 1), (2026, 1), (2027, 1), (2026, 3)]
    assert str(new_year) == "社情民意专报〔2027〕第1期"


def test_a_duplicate_number_is_refused_by_the_database(org):
    """The number is max + 1 read after `SELECT … FOR UPDATE` of the committee row, so concurrent creators
    queue; the unique constraint refuses a duplicate that would slip through."""
    from django.db import IntegrityError, transaction

    bulletin = b.bulletin(org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bulletin.objects.create(committee=org.county, kind="special", year=bulletin.year, number=bulletin.number)


def test_other_staff_cannot_open_an_issue_for_a_committee_not_theirs(org):
    with pytest.raises(ConsultPermissionError):
        services.create_bulletin(actor=org.other_staff, committee=org.county, kind="special")
    with pytest.raises(ConsultError, match="未知的刊物"):
        services.create_bulletin(actor=org.staff, committee=org.county, kind="daily")
    assert not Bulletin.objects.exists()


def test_compile_takes_adopted_reports_once_and_publish_needs_one(client, org):
    bulletin = b.bulletin(org)
    with pytest.raises(ConsultError, match="尚未编入任何信息"):
        services.publish(bulletin=bulletin, actor=org.staff)
    submitted = b.submitted(org)
    with pytest.raises(ConsultError, match="当前状态为“已报送待审”"):
        services.compile_reports(bulletin=bulletin, actor=org.staff, reports=[submitted])
    report = b.adopted(org, title="关于老旧小区加装电梯的建议")
    client.force_login(org.staff)
    client.post(reverse("consult:bulletin_compile", args=[bulletin.pk]), {"reports": [report.pk]})
    report.refresh_from_db()
    assert report.bulletin_id == bulletin.pk
    other = b.bulletin(org)
    with pytest.raises(ConsultError, match="已编入其他刊物"):
        services.compile_reports(bulletin=other, actor=org.staff, reports=[report])
    client.post(reverse("consult:bulletin_publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.PUBLISHED and bulletin.published_at is not None
    with pytest.raises(ConsultError, match="当前状态为“已印发”"):
        services.compile_reports(bulletin=bulletin, actor=org.staff, reports=[b.adopted(org)])


def test_the_issue_as_docx_names_the_issue_the_reports_and_everyone_credited(client, org):
    main = b.submitted(org, title="关于整治噪音扰民的建议", content="夜间施工噪音扰民。")
    second = b.submitted(org, user=org.other_member_user)
    services.merge(report=main, actor=org.staff, others=[second])
    services.edit(report=main, actor=org.staff, title="关于加强夜间施工噪音管理的建议", content="建议严格夜间施工审批。")
    services.adopt(report=main, actor=org.staff)
    bulletin = b.bulletin(org)
    services.compile_reports(bulletin=bulletin, actor=org.staff, reports=[main])
    services.publish(bulletin=bulletin, actor=org.staff)
    client.force_login(org.staff)
    response = client.get(reverse("consult:bulletin_docx", args=[bulletin.pk]))
    assert response.status_code == 200
    text = "\n".join(paragraphs_text(open_docx(response.content)))
    assert f"〔{bulletin.year}〕第1期" in text and "社情民意专报" in text
    assert "一、关于加强夜间施工噪音管理的建议" in text and "建议严格夜间施工审批。" in text
    assert "（反映人：张委员、李委员）" in text and "夜间施工噪音扰民" not in text


def test_members_see_published_issues_of_their_committee_only(client, org):
    draft = b.compiled(org)
    published = b.published(org)
    client.force_login(org.member_user)
    page = client.get(reverse("consult:bulletins")).content.decode()
    assert str(published) in page and f"第{draft.number}期" not in page
    assert client.get(reverse("consult:bulletin", args=[draft.pk])).status_code == 404
    assert client.get(reverse("consult:bulletin_docx", args=[published.pk])).status_code == 200
    assert client.post(reverse("consult:bulletin_publish", args=[draft.pk])).status_code == 404
    client.force_login(org.far_member_user)
    assert client.get(reverse("consult:bulletin", args=[published.pk])).status_code == 404
    client.force_login(org.unit_user)
    assert client.get(reverse("consult:bulletins")).status_code == 403


def test_sending_up_levels_and_instruction_are_recorded_and_shown_to_the_member(client, org):
    report = b.adopted(org)
    today = timezone.localdate()
    client.force_login(org.staff)
    client.post(reverse("consult:report_act", args=[report.pk, "send_up"]),
                {"target": "higher", "recipient": "滁州市政协", "sent_on": today.isoformat()})
    client.post(reverse("consult:report_act", args=[report.pk, "level_adopt"]),
                {"level": "city", "adopted_on": today.isoformat(), "adopted_by": "滁州市政协办公室"})
    response = client.post(reverse("consult:report_act", args=[report.pk, "level_adopt"]),
                           {"level": "city", "adopted_on": today.isoformat(), "adopted_by": "又一次"}, follow=True)
    assert "已记录过市级采用。" in response.content.decode()
    response = client.post(reverse("consult:report_act", args=[report.pk, "instruct"]),
                           {"leader": "王书记", "instructed_on": (today + dt.timedelta(days=1)).isoformat(),
                            "text_body": "请研究。"}, follow=True)
    assert "批示日期不能晚于今天。" in response.content.decode()
    client.post(reverse("consult:report_act", args=[report.pk, "instruct"]),
                {"leader": "王书记", "instructed_on": today.isoformat(), "text_body": "请区教育局研究办理。",
                 "departments": "区教育局"})
    assert list(report.level_adoptions.values_list("level", flat=True)) == ["county", "city"]
    assert report.sendings.count() == 1 and report.instructions.count() == 1
    client.force_login(org.member_user)
    page = client.get(reverse("consult:my_report", args=[report.pk])).content.decode()
    assert "滁州市政协办公室" in page and "上级政协（滁州市政协）" in page and "请区教育局研究办理。" in page


def test_forward_only_after_an_instruction_to_units_of_the_committee(org):
    report = b.adopted(org)
    with pytest.raises(ConsultError, match="记录领导批示后才能转交部门办理"):
        services.forward(report=report, actor=org.staff, units=[org.unit])
    report = b.instructed(org)
    from tests.factories import HandlingUnitFactory

    far_unit = HandlingUnitFactory(committee=org.other_county, name="来安县住建局")
    with pytest.raises(ConsultError, match="所选的办理部门不属于南谯区政协"):
        services.forward(report=report, actor=org.staff, units=[far_unit])
    with pytest.raises(ConsultError, match="办理时限须为 1 至 6 个月"):
        services.forward(report=report, actor=org.staff, units=[org.unit], reply_months=7)
    services.forward(report=report, actor=org.staff, units=[org.unit])
    with pytest.raises(ConsultError, match="已经转交过以下部门：南谯区教育局"):
        services.forward(report=report, actor=org.staff, units=[org.unit, org.other_unit])
    assert ReportForward.objects.filter(report=report).count() == 1


def test_the_department_replies_from_its_pages_and_the_obligation_is_met(client, org):
    with _at(2027, 3, 10, 9):
        fwd = b.forwarded(org)
        (obligation,) = obligations_for(fwd, ObligationKind.OPINION_REPLY)
        assert obligation.due_date == dt.date(2027, 4, 10) and obligation.owner_unit == org.unit
        client.force_login(org.unit_user)
        listing = client.get(reverse("consult:report_forwards")).content.decode()
        assert fwd.report.title in listing and "2027-04-10" in listing
        client.force_login(org.other_unit_user)
        assert client.get(reverse("consult:report_forward", args=[fwd.pk])).status_code == 404
        assert client.get(reverse("consult:report", args=[fwd.report_id])).status_code == 403
        client.force_login(org.unit_user)
        response = client.post(reverse("consult:report_forward_reply", args=[fwd.pk]), {"text_body": ""}, follow=True)
        assert "办理情况" in response.content.decode()
        client.post(reverse("consult:report_forward_reply", args=[fwd.pk]), {"text_body": "已新增学位 300 个。"})
    fwd.refresh_from_db()
    obligation.refresh_from_db()
    assert (fwd.state, fwd.reply) == (ForwardState.REPLIED, "已新增学位 300 个。")
    assert obligation.state == ObligationState.MET
    with pytest.raises(ConsultError, match="当前状态为“已答复”"):
        services.reply(forward=fwd, actor=org.unit_user, text_body="再答一次")
    with pytest.raises(ConsultPermissionError):
        services.reply(forward=fwd, actor=org.other_unit_user, text_body="不是我的")
    client.force_login(org.member_user)
    assert "已新增学位 300 个。" in client.get(reverse("consult:my_report", args=[fwd.report_id])).content.decode()


def test_the_reply_obligation_is_reminded_then_overdue_and_shown_on_the_units_home(client, org):
    from supervision.models import Reminder
    from supervision.services.sweep import run_sweep

    with _at(2027, 3, 10, 9):
        fwd = b.forwarded(org)
        (ob,) = obligations_for(fwd, ObligationKind.OPINION_REPLY)
    assert ob.title == f"办理领导批示的社情民意信息《{fwd.report.title}》"
    with _at(2027, 3, 27, 10):  # 14 days before
        run_sweep()
    assert set(Reminder.objects.filter(obligation=ob).values_list("stage", flat=True)) == {"before-14"}
    with _at(2027, 4, 12, 10):
        run_sweep()
        ob.refresh_from_db()
        assert ob.state == ObligationState.OVERDUE
        client.force_login(org.unit_user)
        home = client.get("/").content.decode()
        assert reverse("consult:report_forwards") in home
        listing = client.get(reverse("consult:report_forwards")).content.decode()
        assert "已逾期" in listing


def test_ids_no_column_holds_are_refused_on_the_pages(client, org):
    report = b.instructed(org)
    client.force_login(org.staff)
    response = client.post(reverse("consult:report_act", args=[report.pk, "forward"]),
                           {"units": ["9" * 30], "reply_months": "1"}, follow=True)
    assert response.status_code == 200 and "办理部门" in response.content.decode()
    response = client.post(reverse("consult:report_act", args=[report.pk, "forward"]),
                           {"units": [org.unit.pk], "reply_months": "12"}, follow=True)
    assert "办理时限（月）" in response.content.decode()
    assert not ReportForward.objects.exists()
    bulletin = b.bulletin(org)
    response = client.post(reverse("consult:bulletin_compile", args=[bulletin.pk]), {"reports": ["9" * 30]}, follow=True)
    assert response.status_code == 200 and not bulletin.reports.exists()
    assert client.get(reverse("consult:report", args=[2**63])).status_code == 404

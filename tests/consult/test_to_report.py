"""转为社情民意信息: staff of an outcome's committee turn chosen recommendations into an opinion report of the
committee in a member's name, submitted at once (it lands in the staff's 社情民意 queue); the link is kept on
the recommendation and shown on the outcome page and on the report's pages (staff and member)."""

import pytest
from django.urls import reverse

from consult.errors import ConsultError, ConsultPermissionError
from consult.models import OpinionReport, Recommendation
from consult.outcomes.to_report import to_report
from consult.reports.enums import ReportState
from portal.audit import timeline
from tests.consult import builders as b
from tests.factories import MemberFactory

API = "/api/v1/consult-outcomes/{}/to-report/"


def _refused(message, **kwargs):
    with pytest.raises(ConsultError) as exc:
        to_report(**kwargs)
    assert exc.value.message == message


def _unchanged(out):
    assert not OpinionReport.objects.exists()
    assert not Recommendation.objects.filter(opinion_report__isnull=False).exists()
    assert not [r for r in timeline(out) if r.action == "to_report"]


def test_staff_turn_chosen_recommendations_into_a_submitted_report(org):
    out = b.sent(org)
    first, second = out.recommendations.order_by("number")
    report = to_report(outcome=out, actor=org.staff, recommendations=[second, first], submitter=org.member)
    assert (report.committee, report.submitter, report.state, report.title) == (
        org.county, org.member, ReportState.SUBMITTED, out.title)
    assert report.submitted_at is not None
    assert report.content == (f"根据协商成果《{out.title}》，提出以下建议：\n"
                              f"1. {first.text}\n2. {second.text}")
    assert [r.opinion_report_id for r in out.recommendations.order_by("number")] == [report.pk, report.pk]
    row = [r for r in timeline(out) if r.action == "to_report"]
    assert len(row) == 1 and row[0].actor == org.staff
    assert row[0].note == f"第 1、2 条建议转为社情民意信息（{org.member.name}名义报送）"
    # the report's own timeline: created and submitted by the staff member, saying on whose behalf
    rows = [(r.action, r.actor, r.to_state) for r in timeline(report)]
    assert rows == [("create", org.staff, "draft"), ("submit", org.staff, "submitted")]
    assert timeline(report)[1].note == f"由协商成果《{out.title}》第 1、2 条建议转来，以{org.member.name}名义报送"


def test_refusals_change_nothing(org):
    out = b.sent(org)
    rec = out.recommendations.first()
    other = b.sent(org)
    _refused("请选择要转为社情民意信息的建议条目。", outcome=out, actor=org.staff, recommendations=[],
             submitter=org.member)
    _refused("所选的建议条目不属于本成果。", outcome=out, actor=org.staff,
             recommendations=[other.recommendations.first()], submitter=org.member)
    _refused("请选择报送人（南谯区政协的委员）。", outcome=out, actor=org.staff, recommendations=[rec], submitter=None)
    _refused("所选的报送人不属于南谯区政协，不能使用。", outcome=out, actor=org.staff, recommendations=[rec],
             submitter=org.far_member)
    org.other_member.active = False
    org.other_member.save(update_fields=["active"])
    _refused("所选的报送人已停用，不能使用。", outcome=out, actor=org.staff, recommendations=[rec],
             submitter=org.other_member)
    for user in (org.member_user, org.leader, org.office, org.unit_user, org.other_staff):
        with pytest.raises(ConsultPermissionError):
            to_report(outcome=out, actor=user, recommendations=[rec], submitter=org.member)
    _unchanged(out)
    _unchanged(other)


def test_a_text_over_the_limit_is_refused(org):
    out = b.sent(org, recommendations=[str(n) * 3000 for n in range(1, 8)])
    _refused("所选建议合计超过 20000 个字符，请分次转为社情民意信息。", outcome=out, actor=org.staff,
             recommendations=list(out.recommendations.all()), submitter=org.member)
    _unchanged(out)
    # fewer of them fit
    report = to_report(outcome=out, actor=org.staff, recommendations=list(out.recommendations.all()[:6]),
                       submitter=org.member)
    assert report.content.endswith("6. " + "6" * 3000)


def test_a_recommendation_is_turned_into_a_report_once(org):
    out = b.sent(org)
    first, second = out.recommendations.order_by("number")
    to_report(outcome=out, actor=org.staff, recommendations=[first], submitter=org.member)
    _refused("第 1 条建议已转为社情民意信息，不能重复转。", outcome=out, actor=org.staff,
             recommendations=[first, second], submitter=org.other_member)
    assert OpinionReport.objects.count() == 1
    assert Recommendation.objects.get(pk=second.pk).opinion_report_id is None
    assert len([r for r in timeline(out) if r.action == "to_report"]) == 1


def test_the_outcome_page_converts_and_both_pages_link(org, client):
    out = b.sent(org)
    first, second = out.recommendations.order_by("number")
    url = reverse("consult:outcome", args=[out.pk])
    client.force_login(org.staff)
    page = client.get(url).content.decode()
    form = page.split('data-testid="to-report-form"')[1].split("</form>")[0]
    assert f'<option value="{org.member.pk}">{org.member.name}</option>' in form
    assert org.far_member.name not in form
    response = client.post(reverse("consult:outcome_to_report", args=[out.pk]),
                           {"recommendations": [second.pk], "submitter": org.member.pk}, follow=True)
    page = response.content.decode()
    report = OpinionReport.objects.get()
    assert "已转为社情民意信息并报送，进入本级社情民意待处理队列。" in page
    report_url = reverse("consult:report", args=[report.pk])
    assert f'已转为社情民意信息 <a href="{report_url}">{out.title}</a>（已报送待审）' in page
    form = page.split('data-testid="to-report-form"')[1].split("</form>")[0]
    assert f'name="recommendations" value="{second.pk}"' not in form
    assert f'name="recommendations" value="{first.pk}"' in form
    assert f"<strong>转为社情民意信息</strong> · 第 2 条建议转为社情民意信息（{org.member.name}名义报送）" in page
    assert report.content == f"根据协商成果《{out.title}》，提出以下建议：\n2. {second.text}"
    # in the staff's queue of submitted reports, with the link back to the outcome
    listing = client.get(reverse("consult:reports"), {"state": "submitted"}).content.decode()
    assert report_url in listing
    detail = client.get(report_url).content.decode()
    assert f'来源：<a href="{url}">协商成果《{out.title}》</a>第 2 条建议' in detail
    assert second.text in detail and 'data-testid="adopt-form"' in detail
    # the member in whose name it went sees it among their reports, the source named (no staff link)
    client.force_login(org.member_user)
    assert reverse("consult:my_report", args=[report.pk]) in client.get(reverse("consult:my_reports")).content.decode()
    mine = client.get(reverse("consult:my_report", args=[report.pk])).content.decode()
    assert f"来源：协商成果《{out.title}》第 2 条建议" in mine and f'href="{url}"' not in mine
    # a leader reads both pages and the links, without the form
    client.force_login(org.leader)
    page = client.get(url).content.decode()
    assert f'href="{report_url}"' in page and 'data-testid="to-report-form"' not in page
    assert f'来源：<a href="{url}">' in client.get(report_url).content.decode()


def test_page_refusals_and_roles(org, client):
    out = b.sent(org)
    rec = out.recommendations.first()
    post = reverse("consult:outcome_to_report", args=[out.pk])
    body = {"recommendations": [rec.pk], "submitter": org.member.pk}
    client.force_login(org.staff)
    page = client.post(post, {"submitter": org.member.pk}, follow=True).content.decode()
    assert "请选择要转为社情民意信息的建议条目。" in page
    page = client.post(post, {"recommendations": [rec.pk], "submitter": org.far_member.pk}, follow=True).content.decode()
    assert "请选择报送人（南谯区政协的委员）。" in page
    for user, status in ((org.office, 403), (org.leader, 403), (org.other_staff, 404), (org.member_user, 403),
                         (org.far_member_user, 404), (org.unit_user, 403)):
        client.force_login(user)
        assert client.post(post, body).status_code == status, user
    _unchanged(out)
    client.force_login(org.city_staff)
    assert client.post(post, body).status_code == 302
    assert OpinionReport.objects.get().committee == org.county


def test_the_api_converts_and_refuses(org, client):
    out = b.sent(org)
    first, second = out.recommendations.order_by("number")
    url = API.format(out.pk)
    client.force_login(org.staff)
    response = client.post(url, {"recommendations": [first.pk], "submitter": org.far_member.pk},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "所选的报送人不属于南谯区政协，不能使用。"}
    response = client.post(url, {"recommendations": [], "submitter": org.member.pk}, content_type="application/json")
    assert response.json() == {"detail": "请选择要转为社情民意信息的建议条目。"}
    _unchanged(out)
    response = client.post(url, {"recommendations": [first.pk, second.pk], "submitter": org.member.pk},
                           content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    report = OpinionReport.objects.get()
    assert (data["id"], data["committee"], data["submitter"], data["submitter_name"], data["state"], data["title"]) == (
        report.pk, org.county.pk, org.member.pk, org.member.name, "submitted", out.title)
    assert first.text in data["content"] and second.text in data["content"]
    response = client.post(url, {"recommendations": [second.pk], "submitter": org.member.pk},
                           content_type="application/json")
    assert response.json() == {"detail": "第 2 条建议已转为社情民意信息，不能重复转。"}
    assert OpinionReport.objects.count() == 1
    for user, status in ((org.leader, 403), (org.office, 403), (org.other_staff, 404), (org.member_user, 403),
                         (org.far_member_user, 404), (org.unit_user, 403)):
        client.force_login(user)
        assert client.post(url, {"recommendations": [first.pk], "submitter": org.member.pk},
                           content_type="application/json").status_code == status, user


def test_a_submitter_without_a_login_is_fine(org):
    """The report is made in the member's name by staff; the member needs no login for that."""
    member = MemberFactory(committee=org.county, name="王委员", user=None)
    out = b.sent(org)
    report = to_report(outcome=out, actor=org.staff, recommendations=[out.recommendations.first()], submitter=member)
    assert report.submitter == member and report.state == ReportState.SUBMITTED

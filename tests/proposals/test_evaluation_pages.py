"""民主评议 and awards through the pages and the API: publication, visibility per role, bad input,
export, and query counts of the yearly table."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AuditLog, StateChange
from proposals import services
from proposals.errors import ProposalError
from proposals.evaluation.enums import AwardKind
from proposals.models import Award, UnitEvaluation
from tests.factories import HandlingUnitFactory
from tests.proposals import builders as b
from tests.proposals import evaluation_builders as eb


def table_url(o, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"committee": o.county.pk, "year": eb.this_year(), **extra}.items())
    return f"{reverse('proposals:evaluation_table')}?{query}"


def detail_url(row):
    return reverse("proposals:evaluation_detail", args=[row.pk])


# ---------------------------------------------------------------------------- 民主评议


def test_staff_open_score_and_publish_through_the_pages(client, org):
    b.replied(org)
    client.force_login(org.staff)
    data = {"committee": org.county.pk, "year": eb.this_year()}
    assert client.post(reverse("proposals:evaluation_open"), data).status_code == 302
    row = UnitEvaluation.objects.get(unit=org.unit, year=eb.this_year())
    assert row.state == "draft"
    response = client.post(reverse("proposals:evaluation_score", args=[row.pk]),
                           {"panel_score": "88.5", "grade": "excellent", "note": "答复及时，沟通充分"})
    assert response.status_code == 302
    response = client.post(reverse("proposals:evaluation_publish", args=[row.pk]), follow=True)
    assert "评议结果已发布" in response.content.decode()
    row.refresh_from_db()
    assert (row.state, row.panel_score, row.grade) == ("published", 88.5, "excellent")
    assert row.metrics["lead"] == 1 and row.metrics["replies"] == 1
    assert row.composite_score is not None
    changes = StateChange.objects.filter(object_id=row.pk, content_type__model="unitevaluation")
    assert list(changes.values_list("action", "from_state", "to_state")) == [
        ("open", "", "draft"), ("score", "draft", "draft"), ("publish", "draft", "published")]


def test_table_sorted_by_composite_score(client, org):
    eb.evaluation(org, score="60", grade="fair")
    eb.evaluation(org, unit=org.other_unit, score="95", grade="excellent")
    client.force_login(org.office)
    response = client.get(table_url(org))
    assert response.status_code == 200
    names = [r.unit.name for r in response.context["rows"]]
    assert names == ["南谯区卫健委", "南谯区教育局"]
    by_name = client.get(table_url(org, sort="unit"))
    assert [r.unit.name for r in by_name.context["rows"]] == sorted(names)


@pytest.mark.parametrize("score", ["101", "-1", "abc", "88.555"])
def test_score_outside_range_is_refused_in_chinese_and_nothing_saved(client, org, score):
    row = eb.evaluation(org, score=None)
    client.force_login(org.staff)
    response = client.post(reverse("proposals:evaluation_score", args=[row.pk]), {"panel_score": score, "grade": "good"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "须为 0 至 100 之间的数字" in page or "最多保留两位小数" in page
    row.refresh_from_db()
    assert row.panel_score is None and row.grade == ""


def test_score_service_refuses_out_of_range(org):
    row = eb.evaluation(org, score=None)
    with pytest.raises(ProposalError, match="0 至 100"):
        services.record_panel_score(evaluation=row, actor=org.staff, panel_score="100.5", grade="good")
    row.refresh_from_db()
    assert row.panel_score is None


def test_publish_needs_a_score_and_happens_once(org):
    row = eb.evaluation(org, score=None)
    with pytest.raises(ProposalError, match="请先录入"):
        services.publish_evaluation(evaluation=row, actor=org.staff)
    row.refresh_from_db()
    assert row.state == "draft"
    services.record_panel_score(evaluation=row, actor=org.staff, panel_score="70", grade="fair")
    services.publish_evaluation(evaluation=row, actor=org.staff)
    with pytest.raises(ProposalError, match="当前状态为“已发布”，不能变更为“已发布”。只有处于以下状态时才可以：未发布。"):
        services.publish_evaluation(evaluation=row, actor=org.staff)
    with pytest.raises(ProposalError, match="已发布"):
        services.record_panel_score(evaluation=row, actor=org.staff, panel_score="90", grade="good")


def test_unit_sees_its_own_evaluation_only_after_publication(client, org):
    row = eb.evaluation(org)
    client.force_login(org.unit_user)
    assert client.get(detail_url(row)).status_code == 404
    assert client.get(reverse("unit-evaluation-detail", args=[row.pk])).status_code == 404
    services.publish_evaluation(evaluation=row, actor=org.staff)
    response = client.get(detail_url(row))
    assert response.status_code == 200
    assert "良好" in response.content.decode()
    inbox = client.get(reverse("proposals:inbox")).content.decode()
    assert "年度民主评议：良好" in inbox
    assert client.get(reverse("unit-evaluation-detail", args=[row.pk])).status_code == 200


def test_other_unit_and_other_county_get_404(client, org):
    row = eb.evaluation(org, publish=True)
    for user in (org.other_unit_user, org.other_staff, org.member_user):
        client.force_login(user)
        assert client.get(detail_url(row)).status_code == 404, user
    client.force_login(org.other_unit_user)
    assert client.get(reverse("unit-evaluation-list")).json()["count"] == 0


def test_readers_see_drafts_but_cannot_score(client, org):
    row = eb.evaluation(org, score=None)
    for user in (org.office, org.leader):
        client.force_login(user)
        assert client.get(detail_url(row)).status_code == 200
        response = client.post(reverse("proposals:evaluation_score", args=[row.pk]), {"panel_score": "80", "grade": "good"})
        assert response.status_code == 403
    row.refresh_from_db()
    assert row.panel_score is None


def test_member_cannot_open_the_table(client, org):
    client.force_login(org.member_user)
    assert client.get(reverse("proposals:evaluation_table")).status_code == 403


def test_api_score_out_of_range_is_400_in_chinese(client, org):
    row = eb.evaluation(org, score=None)
    client.force_login(org.staff)
    response = client.post(reverse("unit-evaluation-score", args=[row.pk]), {"panel_score": "120", "grade": "good"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "0 至 100" in response.json()["detail"]
    row.refresh_from_db()
    assert row.panel_score is None


def test_api_table_gives_metrics_and_composite(client, org):
    b.replied(org)
    eb.evaluation(org, score="80")
    client.force_login(org.leader)
    response = client.get(reverse("unit-evaluation-table"), {"committee": org.county.pk, "year": eb.this_year()})
    assert response.status_code == 200
    first = response.json()[0]
    assert first["unit_name"] == "南谯区教育局"
    assert first["metrics"]["lead"] == 1
    assert first["composite"] is not None


def test_export_is_escaped_and_audited(client, org):
    HandlingUnitFactory(committee=org.county, name="=HYPERLINK(\"http://x\")")
    client.force_login(org.staff)
    response = client.get(reverse("proposals:evaluation_export"), {"committee": org.county.pk, "year": eb.this_year()})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "=HYPERLINK(\"http://x\")" in names
    assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)
    assert AuditLog.objects.filter(event="export", detail__contains="民主评议").count() == 1


def test_table_query_count_does_not_grow_with_units(client, org):
    client.force_login(org.staff)
    eb.make_units_with_handling(org, 1)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(table_url(org)).context["rows"]) == 3
    eb.make_units_with_handling(org, 6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(table_url(org))
    assert len(response.context["rows"]) == 9
    assert all(r.metrics.replies == 1 for r in response.context["rows"][:7])
    assert len(many) == len(few)


# ---------------------------------------------------------------------------- awards


def test_awards_public_only_after_publication(client, org):
    award = eb.award(org)
    public = reverse("proposals:public_awards") + f"?year={eb.this_year()}"
    assert award.proposal.title not in client.get(public).content.decode()
    assert client.get(reverse("public-award-list")).json()["count"] == 0
    client.force_login(org.other_member_user)
    assert client.get(reverse("proposal-award-list")).json()["count"] == 0
    client.logout()
    services.publish_awards(committee=org.county, year=eb.this_year(), actor=org.staff)
    assert award.proposal.title in client.get(public).content.decode()
    assert client.get(reverse("public-award-list")).json()["count"] == 1
    listing = client.get(reverse("proposals:public_list")).content.decode()
    assert 'data-testid="award-badge"' in listing
    detail = client.get(reverse("proposals:public_detail", args=[award.proposal_id])).content.decode()
    assert f"{eb.this_year()} 年度优秀提案" in detail


def test_staff_nominate_and_publish_through_the_pages(client, org):
    proposal, _reply = b.replied(org)
    client.force_login(org.staff)
    data = {"committee": org.county.pk, "year": eb.this_year()}
    response = client.post(reverse("proposals:award_nominate"), {**data, "kind": "proposal", "proposal": proposal.pk,
                                                                 "citation": "调研深入"})
    assert response.status_code == 302
    client.post(reverse("proposals:award_nominate"), {**data, "kind": "unit", "unit": org.unit.pk})
    assert Award.objects.filter(state="draft").count() == 2
    client.post(reverse("proposals:awards_publish"), data)
    assert Award.objects.filter(state="published").count() == 2
    client.force_login(org.unit_user)
    assert "优秀承办单位" in client.get(reverse("proposals:inbox")).content.decode()


def test_only_accepted_proposals_of_the_year_may_be_nominated(client, org):
    submitted = b.submitted(org)
    with pytest.raises(ProposalError, match="已立案"):
        services.nominate_award(committee=org.county, year=eb.this_year(), kind=AwardKind.PROPOSAL, proposal=submitted,
                                actor=org.staff)
    accepted = b.accepted(org)
    with pytest.raises(ProposalError, match=f"{eb.this_year() - 1} 年立案"):
        services.nominate_award(committee=org.county, year=eb.this_year() - 1, kind=AwardKind.PROPOSAL,
                                proposal=accepted, actor=org.staff)
    assert not Award.objects.exists()


def test_other_county_staff_cannot_nominate(org):
    proposal, _reply = b.replied(org)
    from proposals.errors import ProposalPermissionError

    with pytest.raises(ProposalPermissionError):
        services.nominate_award(committee=org.county, year=eb.this_year(), kind=AwardKind.PROPOSAL, proposal=proposal,
                                actor=org.other_staff)


def test_overview_links_to_the_evaluation(client, org):
    client.force_login(org.staff)
    assert reverse("proposals:evaluation_table") in client.get(reverse("proposals:overview")).content.decode()


@pytest.mark.django_db
def test_demo_has_a_published_evaluation_and_awards_for_last_year(client):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    call_command("seed_demo", "--scale", "small", "--password", "Demo-test-2026!", stdout=StringIO())
    last_year = timezone.localdate().year - 1
    published = UnitEvaluation.objects.filter(year=last_year, state="published")
    assert published.exists()
    assert any(e.metrics["replies"] > 0 and e.composite_score is not None for e in published)
    assert set(Award.objects.filter(year=last_year, state="published").values_list("kind", flat=True)) == {"proposal", "unit"}
    page = client.get(reverse("proposals:public_awards")).content.decode()
    assert "优秀承办单位" in page and 'data-testid="public-award"' in page

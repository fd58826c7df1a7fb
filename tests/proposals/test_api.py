"""The proposals API: the story through HTTP, errors as 400/403/404, exports, public list, query counts."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from portal.models import AuditLog
from proposals.enums import ProposalState
from proposals.models import Proposal
from tests.proposals.conftest import pdf


def client_for(user):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def test_story_through_the_api(pw):
    o = pw.o
    member, staff, unit = client_for(o.member_user), client_for(o.staff), client_for(o.unit_user)
    r = member.post("/api/v1/proposals/", {"title": "关于建设社区嵌入式养老服务站的建议", "kind": "joint",
                                           "category": pw.category.pk, "reason": "老龄化加快", "suggestions": "一、……"},
                    format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert member.post(f"/api/v1/proposals/{pk}/invite/", {"members": [pw.cosigner.pk]}, format="json").status_code == 200
    up = member.post(f"/api/v1/proposals/{pk}/attachments/", {"file": pdf()}, format="multipart")
    assert up.status_code == 201
    assert member.post(f"/api/v1/proposals/{pk}/submit/").json()["state"] == "cosigning"
    sig = client_for(pw.cosigner_user).get("/api/v1/proposal-signatures/").json()["results"]
    sig_id = next(s["id"] for s in sig if not s["is_initiator"])
    assert client_for(pw.cosigner_user).post(f"/api/v1/proposal-signatures/{sig_id}/confirm/").status_code == 200
    r = staff.post(f"/api/v1/proposals/{pk}/accept/", {}, format="json")
    assert r.json()["number"] == "十四届三次-0001"
    r = staff.post(f"/api/v1/proposals/{pk}/assign/", {"lead": o.unit.pk}, format="json")
    assert r.json()["state"] == "handling"
    a_id = r.json()["assignments"][0]["id"]
    assert unit.post(f"/api/v1/proposal-assignments/{a_id}/contacts/",
                     {"date": "2026-01-05", "way": "phone", "note": "电话"}, format="json").status_code == 201
    r = unit.post(f"/api/v1/proposal-assignments/{a_id}/reply/",
                  {"category": pw.cat_b.pk, "body": "已列入明年计划。", "signed_by": "王局长"}, format="json")
    assert r.status_code == 201, r.content
    reply_id = r.json()["id"]
    assert r.json()["attachments"][0]["original_name"].endswith(".docx")
    # the proposer does not see it before review
    assert member.get(f"/api/v1/proposal-replies/{reply_id}/").status_code == 404
    assert staff.post(f"/api/v1/proposal-replies/{reply_id}/review/", {"approve": True}, format="json").status_code == 200
    r = member.post(f"/api/v1/proposal-replies/{reply_id}/rate/",
                    {"attitude": "satisfied", "relevance": "relevant", "result": "satisfied"}, format="json")
    assert r.status_code == 201
    # a joint proposal waits for its co-signer's own rating window (or their rating) before closing
    assert Proposal.objects.get(pk=pk).state == ProposalState.REPLIED
    r = client_for(pw.cosigner_user).post(f"/api/v1/proposal-replies/{reply_id}/rate/",
                                          {"attitude": "satisfied", "relevance": "relevant", "result": "satisfied"},
                                          format="json")
    assert r.status_code == 201, r.content
    assert Proposal.objects.get(pk=pk).state == ProposalState.CLOSED
    # public
    anon = client_for(None)
    r = anon.get("/api/v1/public-proposals/?search=养老")
    assert [p["id"] for p in r.json()["results"]] == [pk]
    assert r.json()["results"][0]["replies"][0]["body"] == "已列入明年计划。"


def test_errors_are_chinese_400_403_404(pw):
    p = pw.draft()
    r = client_for(pw.o.staff).post(f"/api/v1/proposals/{p.pk}/accept/", {}, format="json")
    assert r.status_code == 404  # a draft is not visible to staff
    pw_sub = pw.submitted(title="已提交")
    r = client_for(pw.o.member_user).post(f"/api/v1/proposals/{pw_sub.pk}/accept/", {}, format="json")
    assert r.status_code == 403
    assert "机关工作人员" in r.json()["detail"]
    services_accept = client_for(pw.o.staff).post(f"/api/v1/proposals/{pw_sub.pk}/accept/", {}, format="json")
    assert services_accept.status_code == 200
    r = client_for(pw.o.staff).post(f"/api/v1/proposals/{pw_sub.pk}/accept/", {}, format="json")
    assert r.status_code == 400
    assert r.json()["detail"].startswith("当前状态为“已立案”")
    r = client_for(pw.o.other_staff).get(f"/api/v1/proposals/{pw_sub.pk}/")
    assert r.status_code == 404


def test_attachment_download_permissions(pw):
    from proposals import services

    p2 = pw.draft(title="带附件")
    att = services.add_attachment(proposal=p2, actor=pw.o.member_user, uploaded=pdf())
    url = f"/api/v1/proposal-attachments/{att.pk}/download/"
    r = client_for(pw.o.member_user).get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert client_for(pw.o.staff).get(url).status_code == 404
    assert client_for(pw.o.other_member_user).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404


def test_excel_export_escapes_formulas_and_is_audited(pw):
    pw.submitted(title="=HYPERLINK(\"http://evil\")")
    r = client_for(pw.o.staff).get("/api/v1/proposals/export/?state=submitted")
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert sheet["B4"].value == "=HYPERLINK(\"http://evil\")"  # under the title rows, as typed
    assert sheet["B4"].data_type == "s" and sheet["B4"].quotePrefix
    assert AuditLog.objects.filter(event="export", detail="提案列表: 1 行").exists()


def test_filters(pw):
    a = pw.handling(title="甲")
    pw.submitted(title="乙")
    c = client_for(pw.o.staff)
    assert [p["id"] for p in c.get(f"/api/v1/proposals/?unit={pw.o.unit.pk}").json()["results"]] == [a.pk]
    assert len(c.get("/api/v1/proposals/?state=submitted&state=handling").json()["results"]) == 2
    assert c.get("/api/v1/proposals/?overdue=true").json()["results"] == []
    assert len(c.get("/api/v1/proposals/?search=甲").json()["results"]) == 1


@pytest.mark.parametrize("url", [
    "/api/v1/proposals/", "/api/v1/proposal-assignments/", "/api/v1/proposal-replies/",
    "/api/v1/proposal-signatures/", "/api/v1/public-proposals/",
])
def test_list_query_count_constant(pw, url):
    def count():
        from django.contrib.auth import get_user_model

        fresh = get_user_model().objects.get(pk=pw.o.superuser.pk)  # no cached scope
        c = client_for(fresh if "public" not in url else None)
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx)

    pw.replied(title="第一件", co=True)
    one = count()
    for i in range(4):
        pw.replied(title=f"第{i + 2}件", co=True)
    assert count() == one


def test_the_list_rows_written_out_are_what_drf_makes_of_the_fields(pw):
    # The API list reads its rows as values (selectors.api_rows, with_assignment_rows) and
    # ProposalListSerializer writes them out by hand (the list's speed): each must be the very dict DRF's
    # generic walk over the declared fields gives for the proposal as a model instance, for every kind of
    # row (collective ones with their names, assignments with due dates, dates or none), in both languages
    from django.utils import translation
    from rest_framework import serializers as drf

    from proposals import selectors
    from proposals.serializers import ProposalListSerializer

    made = [pw.draft(), pw.submitted(), pw.joint_submitted(), pw.accepted(), pw.handling(co=True), pw.replied()]
    ids = [(p[0] if isinstance(p, tuple) else p).pk for p in made]
    from members.models import Sector

    sector = Sector.objects.create(committee_id=Proposal.objects.get(pk=ids[1]).committee_id, name="教育界", order=1)
    Proposal.objects.filter(pk=ids[1]).update(kind="collective", collective_kind="sector", collective_sector=sector,
                                              collective_name="")
    Proposal.objects.filter(pk=ids[2]).update(kind="collective", collective_kind="party", collective_party="rcck",
                                              collective_name="")
    models_ = list(selectors.list_rows(Proposal.objects.filter(pk__in=ids)).order_by("pk"))
    values = selectors.with_assignment_rows(selectors.api_rows(Proposal.objects.filter(pk__in=ids)).order_by("pk"))
    assert len(models_) == len(values) == 6 and sum(len(r.assignments.all()) for r in models_) >= 3
    assert any(a.due_date for r in models_ for a in r.assignments.all())  # a due date to format
    assert any(r.accepted_at for r in models_) and any(r.submitted_at is None for r in models_)
    assert {r.proposer_display for r in models_} - {str(r.proposer) for r in models_}  # a collective's name
    for language in ("zh-hans", "en"):
        with translation.override(language):
            serializer = ProposalListSerializer()
            for model_row, value_row in zip(models_, values, strict=True):
                assert serializer.to_representation(value_row) == drf.ModelSerializer.to_representation(
                    ProposalListSerializer(), model_row)

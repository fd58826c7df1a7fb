"""Re-handling ordered by staff, the 回头看 report, the key-proposal and decision forms, the timeline's first
row, the joint reply letter and unique demo titles."""

import io

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from docx import Document

from proposals import services
from proposals.enums import AssignmentState, ContactWay, ProposalKind, ProposalState
from proposals.errors import ProposalError, ProposalPermissionError
from proposals.models import ReplyCategory, ReviewReport
from proposals.views.common import state_text
from supervision.enums import ObligationKind, ObligationState
from supervision.models import Obligation
from tests.factories import make_member_user
from tests.proposals import builders as b


def _text(response):
    return response.content.decode()


def _detail(client, p):
    return _text(client.get(reverse("proposals:detail", args=[p.pk])))


def _assignment_page(client, a):
    return _text(client.get(reverse("proposals:assignment", args=[a.pk])))


# ---------------------------------------------------------------- 1. re-handling ordered by staff


def test_staff_order_rehandling_from_the_proposal_page_and_the_unit_reads_the_note(client, org):
    proposal, _reply = b.replied(org)
    a = b.lead(org, proposal)
    client.force_login(org.staff)
    assert 'data-testid="rehandle-form"' in _detail(client, proposal)
    url = reverse("proposals:rehandle", args=[a.pk])

    page = _text(client.post(url, {f"r{a.pk}-note": "  "}, follow=True))
    assert "要求重新办理时请写明意见" in page
    a.refresh_from_db()
    assert a.state == AssignmentState.ANSWERED and a.round == 1

    client.post(url, {f"r{a.pk}-note": "回头看未见落实，请重新办理并与提案人当面沟通"})
    a.refresh_from_db()
    proposal.refresh_from_db()
    assert (a.state, a.round, proposal.state) == (AssignmentState.REHANDLING, 2, ProposalState.REHANDLING)
    assert Obligation.objects.filter(kind=ObligationKind.PROPOSAL_REHANDLE, subject_id=a.pk,
                                     state=ObligationState.OPEN).exists()

    client.force_login(org.unit_user)
    page = _assignment_page(client, a)
    assert 'data-testid="rehandle-order"' in page and "回头看未见落实，请重新办理并与提案人当面沟通" in page
    assert 'data-testid="reply-form"' in page


def test_rehandling_is_for_staff_of_the_proposal_only(client, org):
    proposal, _reply = b.replied(org)
    a = b.lead(org, proposal)
    url = reverse("proposals:rehandle", args=[a.pk])
    data = {f"r{a.pk}-note": "请重新办理"}
    for user, status in ((org.unit_user, 403), (org.member_user, 403), (org.office, 403), (org.other_staff, 404),
                         (org.other_unit_user, 404)):
        client.force_login(user)
        assert client.post(url, data).status_code == status, user
    client.force_login(org.unit_user)
    assert 'data-testid="rehandle-form"' not in _detail(client, proposal)
    a.refresh_from_db()
    assert a.state == AssignmentState.ANSWERED


def test_rehandling_an_assignment_still_in_handling_is_refused(client, org):
    a = b.lead(org, b.handling(org))
    with pytest.raises(ProposalError, match="不能变更为“重新办理”"):
        services.start_rehandling(assignment=a, actor=org.staff, note="请重新办理")


# ---------------------------------------------------------------- 1. 回头看 report


def test_unit_reports_its_lookback_and_meets_the_review_obligation(client, org):
    a = b.lookback(org)
    review = Obligation.objects.get(kind=ObligationKind.REVIEW, subject_id=a.pk)
    assert review.state == ObligationState.OPEN
    client.force_login(org.unit_user)
    page = _assignment_page(client, a)
    assert 'data-testid="review-report-form"' in page and review.due_date.strftime("%Y-%m-%d") in page
    url = reverse("proposals:review_report", args=[a.pk])

    page = _text(client.post(url, {"progress": "150", "note": "已完成"}, follow=True))
    assert "落实进度须在 0 到 100 之间" in page and 'value="150"' in page  # input kept
    assert not ReviewReport.objects.exists()

    page = _text(client.post(url, {"progress": "80", "note": "学校心理辅导室已建成八成"}, follow=True))
    assert "回头看情况已报送" in page and 'data-testid="review-report-form"' not in page
    report = ReviewReport.objects.get()
    assert (report.assignment, report.progress, report.reported_by) == (a, 80, org.unit_user)
    review.refresh_from_db()
    assert review.state == ObligationState.MET
    with pytest.raises(ProposalError, match="没有待填报的回头看"):
        services.record_review_report(assignment=a, actor=org.unit_user, progress=90, note="再报一次")

    for user in (org.member_user, org.staff):  # the proposer and staff see the result on the proposal page
        client.force_login(user)
        page = _detail(client, a.proposal)
        assert 'data-testid="review-reports"' in page and "80%" in page and "学校心理辅导室已建成八成" in page
    client.force_login(org.member_user)
    assert "回头看" in _detail(client, a.proposal)  # the timeline row too


def test_lookback_may_be_reported_after_the_proposal_closed_but_not_by_others_or_without_one(client, org):
    a = b.lookback(org)
    reply = a.replies.get()
    services.rate_reply(reply=reply, actor=org.member_user, attitude="satisfied", relevance="relevant",
                        result="satisfied")
    a.refresh_from_db()
    assert a.state == AssignmentState.CLOSED
    with pytest.raises(ProposalPermissionError):
        services.record_review_report(assignment=a, actor=org.other_unit_user, progress=10, note="不是本单位")
    client.force_login(org.other_unit_user)
    assert client.post(reverse("proposals:review_report", args=[a.pk]), {"progress": 1, "note": "x"}).status_code == 404
    services.record_review_report(assignment=a, actor=org.unit_user, progress=100, note="已全部落实")
    assert ReviewReport.objects.get().progress == 100

    plain = b.lead(org, b.replied(org)[0])  # an A-category reply: no 回头看 is owed
    with pytest.raises(ProposalError, match="没有待填报的回头看"):
        services.record_review_report(assignment=plain, actor=org.unit_user, progress=50, note="无")
    client.force_login(org.unit_user)
    assert 'data-testid="review-report-form"' not in _assignment_page(client, plain)


def test_lookback_through_the_api(client, org):
    a = b.lookback(org)
    client.force_login(org.unit_user)
    url = f"/api/v1/proposal-assignments/{a.pk}/review-report/"
    assert client.post(url, {"progress": 101, "note": "x"}, content_type="application/json").status_code == 400
    response = client.post(url, {"progress": 40, "note": "已启动建设"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["progress"] == 40
    client.force_login(org.member_user)
    rows = client.get("/api/v1/proposal-review-reports/").json()["results"]
    assert [(r["assignment"], r["progress"], r["unit_name"]) for r in rows] == [(a.pk, 40, org.unit.name)]
    client.force_login(org.far_member_user)
    assert client.get("/api/v1/proposal-review-reports/").json()["results"] == []

    client.force_login(org.staff)
    rehandle = f"/api/v1/proposal-assignments/{a.pk}/rehandle/"
    assert client.post(rehandle, {}, content_type="application/json").status_code == 400
    response = client.post(rehandle, {"note": "进度偏慢，请重新办理"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == AssignmentState.REHANDLING


# ---------------------------------------------------------------- 2. key-proposal and decision forms


def test_key_form_only_for_proposals_still_in_handling(client, org):
    main = b.accepted(org)
    merged = b.submitted(org)
    services.merge(proposal=merged, into=main, actor=org.staff, note="内容相近")
    closed, reply = b.replied(org)
    services.rate_reply(reply=reply, actor=org.member_user, attitude="satisfied", relevance="relevant",
                        result="satisfied")
    client.force_login(org.staff)
    assert 'data-testid="key-form"' in _detail(client, main)
    assert 'data-testid="key-form"' not in _detail(client, merged)
    assert 'data-testid="key-form"' not in _detail(client, closed)
    with pytest.raises(ProposalError, match="不能确定为重点提案"):
        services.mark_key(proposal=closed, actor=org.staff, leaders=[org.leader])


def test_decision_form_has_every_field_without_js_and_loads_the_script(client, org):
    p = b.submitted(org)
    assert finders.find("js/proposal-decision.js")
    client.force_login(org.staff)
    for page in (_text(client.get(reverse("proposals:review_queue"))), _detail(client, p)):
        assert "js/proposal-decision.js" in page
        for field in ("action", "merge_into", "decline_ground", "convert_to", "note"):
            assert f'name="d{p.pk}-{field}"' in page
    # without the script the whole form posts as before
    client.post(reverse("proposals:decide", args=[p.pk]), {f"d{p.pk}-action": "convert", f"d{p.pk}-convert_to": "opinion",
                                                          f"d{p.pk}-merge_into": "", "mode": "now", "confirmed": "1"})
    p.refresh_from_db()
    assert p.state == ProposalState.CONVERTED
    client.force_login(org.member_user)
    assert "js/proposal-decision.js" not in _detail(client, p)


# ---------------------------------------------------------------- 3. timeline


def test_first_timeline_row_has_no_empty_starting_state(client, org):
    p = b.handling(org)
    client.force_login(org.staff)
    page = _detail(client, p)
    assert "<strong>创建草稿</strong>" in page
    assert '"timeline-state"> →' not in page and '"timeline-state">→' not in page
    assert "草稿 → 待审查" in page
    assert "（办理中）" in page  # the assignment's first row: 交办（办理中）


def test_state_text():
    assert state_text("创建草稿", "", "", "draft", "草稿") == ""
    assert state_text("交办", "", "", "assigned", "办理中") == "（办理中）"
    assert state_text("提交审查", "draft", "草稿", "submitted", "待审查") == "草稿 → 待审查"
    assert state_text("沟通", "assigned", "办理中", "assigned", "办理中") == ""


# ---------------------------------------------------------------- 4. joint reply letter


def test_generated_letter_of_a_joint_proposal_addresses_every_confirmed_signer(org):
    org.member.name, org.other_member.name = "张三", "李四"
    org.member.save(update_fields=["name"])
    org.other_member.save(update_fields=["name"])
    wang_user, wang = make_member_user(org.county, name="王五")
    p = b.draft(org, kind=ProposalKind.JOINT)
    services.invite_cosigners(proposal=p, actor=org.member_user, members=[org.other_member, wang])
    services.submit(proposal=p, actor=org.member_user)
    services.confirm_cosignature(signature=p.signatures.get(member=org.other_member), actor=org.other_member_user)
    services.decline_cosignature(signature=p.signatures.get(member=wang), actor=wang_user)
    p.refresh_from_db()
    services.accept(proposal=p, actor=org.staff)
    services.assign_units(proposal=p, actor=org.staff, lead=org.unit)
    a = b.lead(org, p)
    services.record_contact(assignment=a, actor=org.unit_user, date=timezone.localdate(), way=ContactWay.PHONE)
    reply = services.submit_reply(assignment=a, actor=org.unit_user, category=ReplyCategory.objects.get(committee=None, code="A"),
                                  body="已办理。")
    with reply.attachments.get().file.open("rb") as f:
        lines = [para.text for para in Document(io.BytesIO(f.read())).paragraphs]
    assert "张三、李四委员：" in lines
    assert any(line.startswith("你们联名提出的《") for line in lines)
    assert not any("王五" in line for line in lines)


def test_letter_of_an_individual_proposal_addresses_the_proposer(org):
    p = b.handling(org)
    reply = b.reply(org, p)
    with reply.attachments.get().file.open("rb") as f:
        lines = [para.text for para in Document(io.BytesIO(f.read())).paragraphs]
    assert f"{org.member.name}委员：" in lines

"""The proposal committee staff's pages: review queue, staged decisions, assignment, requests, reply
review, key proposals, overview and export."""

import datetime

from django.urls import reverse
from django.utils import timezone

from portal.models import AuditLog
from proposals.due_dates import reply_obligation_of
from proposals.enums import AssignmentState, ProposalState, ReplyState, RequestState
from proposals.models import DeclineGround, StagedDecision
from tests.proposals import builders as b


def _decide(client, proposal, mode="now", **fields):
    data = {f"d{proposal.pk}-{k}": v for k, v in fields.items()} | {"mode": mode, "confirmed": "1"}
    return client.post(reverse("proposals:decide", args=[proposal.pk]), data, follow=True)


def test_review_queue_lists_submitted_with_similar_hints(client, org):
    b.accepted(org, title="关于加强农村学校心理健康教育的建议")
    waiting = b.submitted(org, title="关于农村学校心理健康教育的再建议")
    b.draft(org, title="尚未提交的草稿")
    client.force_login(org.staff)
    page = client.get(reverse("proposals:review_queue")).content.decode()
    assert waiting.title in page and "尚未提交的草稿" not in page
    similar_url = f'{reverse("proposals:similar")}?of={waiting.pk}'
    assert f'hx-get="{similar_url}"' in page  # the hints load per row after the page
    hints = client.get(similar_url).content.decode()
    assert "相似提案" in hints and "十四届三次-0001" in hints


def test_review_queue_asks_for_the_merge_target_instead_of_listing_every_proposal(client, org):
    """A province has thousands of proposals one could merge into: the form takes the 案号 or number typed."""
    first, second = b.submitted(org, title="第一件待审提案"), b.submitted(org, title="第二件待审提案")
    client.force_login(org.staff)
    page = client.get(reverse("proposals:review_queue")).content.decode()
    for mine in (first, second):
        assert f'<input type="text" name="d{mine.pk}-merge_into"' in page
        assert f'<select name="d{mine.pk}-merge_into"' not in page
        assert f"编号 {mine.pk}" in page  # what to type for one not yet numbered


def test_accept_numbers_the_proposal(client, org):
    proposal = b.submitted(org)
    client.force_login(org.staff)
    response = _decide(client, proposal, action="accept")
    assert "十四届三次-0001" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.number) == (ProposalState.ACCEPTED, "十四届三次-0001")


def test_bad_decisions_show_chinese_errors_and_change_nothing(client, org):
    proposal = b.submitted(org)
    client.force_login(org.staff)
    assert "退回修改时请写明修改意见" in _decide(client, proposal, action="return").content.decode()
    assert "不予立案时请从列表中选择理由" in _decide(client, proposal, action="reject").content.decode()
    assert "并案时请选择要并入的提案" in _decide(client, proposal, action="merge").content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_decline_with_listed_ground_and_illegal_second_decision(client, org):
    proposal = b.submitted(org)
    ground = DeclineGround.objects.filter(committee=None).first()
    client.force_login(org.staff)
    _decide(client, proposal, action="reject", decline_ground=ground.pk)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decline_ground) == (ProposalState.REJECTED, ground)
    response = _decide(client, proposal, action="accept")  # already decided: the table says no
    assert "不能变更为“已立案”" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED


def test_merge_into_another_proposal(client, org):
    main = b.submitted(org)
    other = b.submitted(org)
    client.force_login(org.staff)
    _decide(client, other, action="merge", merge_into=main.pk)
    other.refresh_from_db()
    assert (other.state, other.merged_into) == (ProposalState.MERGED, main)


def test_stage_then_apply_in_bulk(client, org):
    first, second, untouched = b.submitted(org), b.submitted(org), b.submitted(org)
    client.force_login(org.staff)
    _decide(client, first, mode="stage", action="accept")
    _decide(client, second, mode="stage", action="return", note="请补充调研数据")
    assert StagedDecision.objects.count() == 2
    first.refresh_from_db()
    assert first.state == ProposalState.SUBMITTED
    assert "拟立案" in client.get(reverse("proposals:review_queue")).content.decode()
    response = client.post(reverse("proposals:apply_staged"), {"proposals": [first.pk, second.pk, untouched.pk]}, follow=True)
    assert "已执行 2 件提案的拟处理意见" in response.content.decode()
    for p in (first, second, untouched):
        p.refresh_from_db()
    assert (first.state, second.state, untouched.state) == (ProposalState.ACCEPTED, ProposalState.RETURNED, ProposalState.SUBMITTED)


def test_other_county_staff_and_readers_cannot_decide(client, org):
    proposal = b.submitted(org)
    client.force_login(org.other_staff)
    assert _decide(client, proposal, action="accept").status_code == 404
    client.force_login(org.office)
    assert _decide(client, proposal, action="accept").status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_assign_lead_and_co_unit_from_the_detail_page(client, org):
    proposal = b.accepted(org)
    client.force_login(org.staff)
    response = client.post(reverse("proposals:assign", args=[proposal.pk]),
                           {"lead": org.unit.pk, "co_units": [org.other_unit.pk], "confirmed": "1"}, follow=True)
    assert "已交办" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.HANDLING
    assert sorted(proposal.assignments.values_list("role", flat=True)) == ["co", "lead"]


def test_assign_without_a_replying_unit_is_refused(client, org):
    proposal = b.accepted(org)
    client.force_login(org.staff)
    response = client.post(reverse("proposals:assign", args=[proposal.pk]), {"co_units": [org.other_unit.pk]}, follow=True)
    assert "请至少指定一个主办单位或分办单位" in response.content.decode()
    assert not proposal.assignments.exists()


def test_bulk_assignment(client, org):
    one, two = b.accepted(org), b.accepted(org)
    client.force_login(org.staff)
    page = client.get(reverse("proposals:assign_bulk")).content.decode()
    assert one.title in page and two.title in page
    response = client.post(reverse("proposals:assign_bulk"), {"proposals": [one.pk, two.pk], "lead": org.unit.pk, "confirmed": "1"},
                           follow=True)
    assert "已交办 2 件提案" in response.content.decode()
    assert org.unit.proposal_assignments.count() == 2


def test_extension_request_approved_moves_due_date(client, org):
    req = b.extension(org)
    client.force_login(org.staff)
    assert req.assignment.proposal.title in client.get(reverse("proposals:requests")).content.decode()
    client.post(reverse("proposals:extension_decide", args=[req.pk]), {f"e{req.pk}-approve": "1"})
    req.refresh_from_db()
    req.assignment.refresh_from_db()
    assert req.state == RequestState.APPROVED
    assert req.assignment.due_date == req.requested_due_date


def test_extension_beyond_six_months_is_refused(client, org):
    req = b.extension(org)
    client.force_login(org.staff)
    too_late = req.assignment.original_due_date + datetime.timedelta(days=200)
    response = client.post(reverse("proposals:extension_decide", args=[req.pk]),
                           {f"e{req.pk}-approve": "1", f"e{req.pk}-granted_due_date": too_late.isoformat()}, follow=True)
    assert "办理期限自交办之日起累计不能超过6个月（含延期）" in response.content.decode()
    req.refresh_from_db()
    assert req.state == RequestState.PENDING


def test_adjustment_approved_reassigns(client, org):
    req = b.adjustment(org)
    client.force_login(org.staff)
    client.post(reverse("proposals:adjustment_decide", args=[req.pk]),
                {f"a{req.pk}-approve": "1", f"a{req.pk}-new_unit": org.other_unit.pk})
    req.assignment.refresh_from_db()
    assert req.assignment.state == AssignmentState.WITHDRAWN
    assert req.assignment.proposal.assignments.get(state=AssignmentState.ASSIGNED).unit == org.other_unit


def test_reply_review_send_back_needs_note_then_approve_with_corrected_category(client, org):
    from proposals.models import ReplyCategory

    reply = b.reply(org, b.handling(org))
    client.force_login(org.staff)
    assert reply.assignment.proposal.title in client.get(reverse("proposals:reply_queue")).content.decode()
    url = reverse("proposals:reply_review", args=[reply.pk])
    assert "退回答复时请写明意见" in client.post(url, {f"v{reply.pk}-approve": "0"}, follow=True).content.decode()
    reply.refresh_from_db()
    assert reply.state == ReplyState.SUBMITTED
    cat_b = ReplyCategory.objects.get(committee=None, code="B")
    client.post(url, {f"v{reply.pk}-approve": "1", f"v{reply.pk}-category": cat_b.pk})
    reply.refresh_from_db()
    assert (reply.state, reply.category, reply.submitted_category.code) == (ReplyState.APPROVED, cat_b, "A")


def test_mark_key_with_a_leader_shows_on_the_leaders_page(client, org):
    proposal = b.handling(org)
    client.force_login(org.staff)
    url = reverse("proposals:key", args=[proposal.pk])
    assert "重点提案须确定领衔督办的领导" in client.post(url, {"is_key": "on"}, follow=True).content.decode()
    client.post(url, {"is_key": "on", "leaders": [org.leader.pk], "meeting_date": "2026-06-01"})
    proposal.refresh_from_db()
    assert proposal.is_key and list(proposal.supervising_leaders.all()) == [org.leader]
    client.force_login(org.leader)
    page = client.get(reverse("proposals:leader_key")).content.decode()
    assert proposal.title in page and "2026-06-01" in page


def test_overview_filters_overdue_and_export_is_audited(client, org):
    late = b.handling(org, title="逾期未答复的提案")
    on_time = b.handling(org, title="按期办理的提案")
    late_assignment = b.lead(org, late)
    # the reply obligation is the only due date: move it into the past
    reply_obligation_of(late_assignment).__class__.objects.filter(pk=reply_obligation_of(late_assignment).pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(org.staff)
    page = client.get(reverse("proposals:overview"), {"overdue": "true"}).content.decode()
    assert late.title in page and on_time.title not in page and "逾期" in page
    page = client.get(reverse("proposals:overview"), {"search": "按期"}).content.decode()
    assert on_time.title in page and late.title not in page
    response = client.get(reverse("proposals:export"), {"overdue": "true"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(event="export", user=org.staff, detail__contains="1 行").exists()


def test_overview_is_for_staff_and_readers(client, org):
    client.force_login(org.member_user)
    assert client.get(reverse("proposals:overview")).status_code == 403
    client.force_login(org.leader)
    assert client.get(reverse("proposals:overview")).status_code == 200


def test_staff_close_a_replied_proposal(client, org):
    proposal, _reply = b.replied(org)
    client.force_login(org.staff)
    client.post(reverse("proposals:close", args=[proposal.pk]), {"note": "已与提案人面商"})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CLOSED


def test_overview_rows_show_what_the_proposals_show(client, org):
    # The overview reads its rows as values (selectors.api_rows, page_rows): each column of a row is what
    # the proposal as a model instance shows — proposer (a collective's name), category, state, deadlines.
    from members.models import Sector
    from proposals import selectors
    from proposals.models import Proposal

    handled = b.handling(org, title="承办中的提案")
    b.lead(org, handled)
    by_sector, by_party = b.accepted(org, title="界别提案"), b.submitted(org, title="党派提案")
    sector = Sector.objects.create(committee=org.city, name="教育界", order=1)
    Proposal.objects.filter(pk=by_sector.pk).update(kind="collective", collective_kind="sector", collective_sector=sector,
                                                    collective_name="", category=None)
    Proposal.objects.filter(pk=by_party.pk).update(kind="collective", collective_kind="party", collective_party="rcck",
                                                   collective_name="")
    client.force_login(org.staff)
    rows = {row["pk"]: row for row in client.get(reverse("proposals:overview")).context["page"]}
    models_ = selectors.list_rows(Proposal.objects.filter(pk__in=[handled.pk, by_sector.pk, by_party.pk]))
    assert len(rows) == 3
    for p in models_:
        row = rows[p.pk]
        assert (row["proposer_display"], row["category"], row["get_state_display"], row["is_overdue"]) == (
            p.proposer_display, p.category and str(p.category), p.get_state_display(), p.is_overdue)
        assert [(a["unit"]["name"], a["get_role_display"], a["get_state_display"], a["due_date"])
                for a in row["assignments"]] == [
            (a.unit.name, a.get_role_display(), a.get_state_display(), a.due_date) for a in p.assignments.all()]
    assert {rows[by_sector.pk]["proposer_display"], rows[by_party.pk]["proposer_display"]} == {
        "教育界", Proposal.objects.get(pk=by_party.pk).get_collective_party_display()}

"""Fixes from walking the proposal pages as their users (review 3): what each role sees and keeps."""

import datetime
import io
import re

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.enums import ContactWay, ProposalKind, Relevance, Satisfaction
from proposals.errors import ProposalError
from proposals.models import ReplyCategory
from tests.proposals import builders as b
from tests.test_query_counts import assert_constant_queries


def _text(response):
    return response.content.decode()


def _category(code):
    return ReplyCategory.objects.get(committee=None, code=code)


def _letter_text(reply):
    attachment = reply.attachments.get()
    with attachment.file.open("rb") as f:
        return "\n".join(p.text for p in docx.Document(io.BytesIO(f.read())).paragraphs)


# ---- timeline


def test_timeline_names_each_state_as_its_own_kind_of_row(client, org):
    """"submitted" is 待审查 for a proposal (not a reply's 待审核); "replied" is 已答复待评价 for a proposal."""
    proposal, _reply = b.replied(org)
    client.force_login(org.member_user)
    page = _text(client.get(reverse("proposals:detail", args=[proposal.pk])))
    timeline = page[page.index('data-testid="timeline"'):]
    assert "草稿 → 待审查" in timeline and "草稿 → 待审核" not in timeline
    assert "办理中 → 已答复待评价" in timeline and "办理中 → 答复待审核" not in timeline


def test_timeline_actions_follow_the_language(client, org):
    proposal, reply = b.replied(org)
    services.rate_reply(reply=reply, actor=org.member_user, attitude=Satisfaction.SATISFIED,
                        relevance=Relevance.RELEVANT, result=Satisfaction.SATISFIED, note="")
    client.force_login(org.member_user)
    client.post(reverse("set_language"), {"language": "en"})
    page = _text(client.get(reverse("proposals:detail", args=[proposal.pk])))
    timeline = page[page.index('data-testid="timeline"'):]
    assert "<strong>Rating</strong>" in timeline and "<strong>办理评价</strong>" not in timeline


# ---- the handling unit keeps its input and sees why it must act again


def test_refused_reply_keeps_the_units_text(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.unit_user)
    body = "关于加强心理健康教育的建议，我局已制定三年行动计划。"
    response = client.post(reverse("proposals:reply", args=[a.pk]),
                           {"category": _category("B").pk, "body": body, "letter_number": "临教函〔2026〕12号"}, follow=True)
    page = _text(response)
    assert response.redirect_chain[-1][0] == reverse("proposals:assignment", args=[a.pk])
    assert "答复前须先与提案人沟通" in page
    assert body in page and "临教函〔2026〕12号" in page  # nothing typed is lost
    assert body not in _text(client.get(reverse("proposals:assignment", args=[a.pk])))  # kept for one showing


def test_invalid_extension_request_comes_back_open_with_its_errors(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.unit_user)
    response = client.post(reverse("proposals:request_extension", args=[a.pk]), {"reason": "需要跨部门协调"}, follow=True)
    page = _text(response)
    assert "请填写申请延至的日期" in page and "需要跨部门协调" in page
    assert "<details open>" in page


def test_sent_back_reply_is_flagged_in_inbox_and_on_the_assignment(client, org):
    p = b.handling(org)
    reply = b.reply(org, p)
    services.review_reply(reply=reply, actor=org.staff, approve=False, note="请补充具体时间表。")
    client.force_login(org.unit_user)
    assert "答复被退回修改" in _text(client.get(reverse("proposals:inbox")))
    page = _text(client.get(reverse("proposals:assignment", args=[b.lead(org, p).pk])))
    assert 'data-testid="sent-back"' in page and "请补充具体时间表。" in page


def test_rehandling_unit_sees_why_the_proposer_was_unsatisfied(client, org):
    p, reply = b.replied(org)
    services.rate_reply(reply=reply, actor=org.member_user, attitude=Satisfaction.SATISFIED,
                        relevance=Relevance.NOT, result=Satisfaction.UNSATISFIED, note="时间表仍不明确。")
    client.force_login(org.unit_user)
    page = _text(client.get(reverse("proposals:assignment", args=[b.lead(org, p).pk])))
    assert 'data-testid="unsatisfied"' in page and "时间表仍不明确。" in page
    assert 'data-testid="ratings"' in page  # the rating under the reply it judged


def test_co_handler_is_told_there_is_nothing_left_to_do(client, org):
    p = b.handling(org, co=True)
    co = p.assignments.get(unit=org.other_unit)
    services.send_co_opinion(assignment=co, actor=org.other_unit_user, body="配合开展筛查。", uploaded=None)
    client.force_login(org.other_unit_user)
    page = _text(client.get(reverse("proposals:assignment", args=[co.pk])))
    assert "会办意见已送主办单位，本单位无需其他操作。" in page


# ---- reply letter


def test_generated_letter_title_and_collective_salutation(client, org):
    p = b.handling(org, kind=ProposalKind.COLLECTIVE, collective_name="民盟临沭县基层委员会")
    reply = b.reply(org, p)
    text = _letter_text(reply)
    assert f"关于{p.committee.name}十四届三次会议第0001号提案的答复" in text.replace("\n", "")  # a two-line title
    assert "民盟临沭县基层委员会：" in text and "贵单位提出的" in text and "委员：" not in text


def test_corrected_category_is_written_into_the_generated_letter(org):
    p = b.handling(org)
    reply = b.reply(org, p, code="B")
    assert "答复类别：B 类" in _letter_text(reply)
    services.review_reply(reply=reply, actor=org.staff, approve=True, category=_category("A"), note="更正为A类")
    reply.refresh_from_db()
    text = _letter_text(reply)
    assert "答复类别：A 类" in text and "答复类别：B 类" not in text


# ---- staff and member forms


def test_key_form_names_leaders_not_login_names(client, org):
    org.leader.first_name = "邱波宇"
    org.leader.save(update_fields=["first_name"])
    p = b.accepted(org)
    client.force_login(org.staff)
    page = _text(client.get(reverse("proposals:detail", args=[p.pk])))
    key_form = page[page.index('data-testid="key-form"'):]
    assert "邱波宇" in key_form[:2000] and "county_leader" not in key_form[:2000]


def test_action_form_errors_read_as_one_sentence(client, org):
    client.force_login(org.staff)
    response = client.post(reverse("proposals:assign_bulk"), {}, follow=True)
    page = _text(response)
    assert "请勾选要交办的提案；请至少指定一个主办单位或分办单位。" in page
    assert "。；" not in page


def test_collective_proposal_does_not_invite_cosigners(client, org):
    p = b.draft(org, kind=ProposalKind.COLLECTIVE, collective_name="民盟临沭县基层委员会")
    client.force_login(org.member_user)
    page = _text(client.get(reverse("proposals:detail", args=[p.pk])))
    assert 'data-testid="invite-link"' not in page
    with pytest.raises(ProposalError, match="集体提案"):
        services.invite_cosigners(proposal=p, actor=org.member_user, members=[org.other_member])
    p.refresh_from_db()
    assert p.kind == ProposalKind.COLLECTIVE and p.signatures.count() == 1
    individual = b.draft(org)
    assert 'data-testid="invite-link"' in _text(client.get(reverse("proposals:detail", args=[individual.pk])))


def test_staff_panel_says_add_units_once_assigned(client, org):
    p = b.handling(org)
    client.force_login(org.staff)
    assert "追加交办" in _text(client.get(reverse("proposals:detail", args=[p.pk])))


def test_similar_hints_link_to_pages_the_member_may_open(client, org):
    public, _reply = b.replied(org, title="关于加强农村学校心理健康教育的建议")
    client.force_login(org.other_member_user)  # not a signer: the public page is the one to read
    response = client.get(reverse("proposals:similar"), {"title": "关于农村学校心理健康教育的建议",
                                                         "reason": "农村留守儿童心理问题突出"})
    page = _text(response)
    assert reverse("proposals:public_detail", args=[public.pk]) in page
    client.force_login(org.member_user)  # the proposer opens the proposal itself
    page = _text(client.get(reverse("proposals:similar"), {"title": "关于农村学校心理健康教育的建议"}))
    assert reverse("proposals:detail", args=[public.pk]) in page


def test_public_page_tells_the_rounds_apart(client, org):
    p, reply = b.replied(org)
    page = _text(client.get(reverse("proposals:public_detail", args=[p.pk])))
    assert "第 1 轮" in page


# ---- query counts of the staff and leader lists not covered by tests/test_query_counts.py


def _make_submitted(o, n):
    for _ in range(n):
        b.submitted(o)


def _make_replies(o, n):
    for _ in range(n):
        b.reply(o, b.handling(o))


def _make_requests(o, n):
    for _ in range(n):
        b.extension(o)
        b.adjustment(o)


def _make_accepted(o, n):
    for _ in range(n):
        b.accepted(o)


def _make_key(o, n):
    for _ in range(n):
        p = b.handling(o)
        services.mark_key(proposal=p, actor=o.staff, is_key=True, leaders=[o.leader], meeting_date=None,
                          meeting_note="")


@pytest.mark.parametrize(("url_name", "user_attr", "make_rows"), [
    ("proposals:review_queue", "staff", _make_submitted),
    ("proposals:reply_queue", "staff", _make_replies),
    ("proposals:assign_bulk", "staff", _make_accepted),
    ("proposals:leader_key", "leader", _make_key),
])
def test_staff_and_leader_lists_keep_a_constant_number_of_queries(client, org, url_name, user_attr, make_rows):
    client.force_login(getattr(org, user_attr))
    assert_constant_queries(client, reverse(url_name), org, make_rows, few=1, many=6)


def test_requests_page_keeps_a_constant_number_of_queries(client, org):
    client.force_login(org.staff)
    _make_requests(org, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("proposals:requests")).status_code == 200
    _make_requests(org, 5)
    with CaptureQueriesContext(connection) as many:
        page = _text(client.get(reverse("proposals:requests")))
    assert page.count("需要调研") == 6 and page.count("不属于本单位职责") == 6
    assert len(many) == len(few)


def test_contact_dates_are_today_or_earlier(client, org):
    a = b.lead(org, b.handling(org))
    client.force_login(org.unit_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("proposals:contact", args=[a.pk]),
                           {"date": tomorrow.isoformat(), "way": ContactWay.PHONE, "note": "电话沟通了两次"}, follow=True)
    page = _text(response)
    assert "沟通日期不能晚于今天" in page and "电话沟通了两次" in page


# ---- staff and member forms come back with their input after a refusal


def test_refused_decision_keeps_the_note_on_the_queue_and_the_proposal_page(client, org):
    p = b.submitted(org)
    client.force_login(org.staff)
    data = {f"d{p.pk}-action": "reject", f"d{p.pk}-note": "与往届提案重复，建议并入", "mode": "now"}
    url = reverse("proposals:decide", args=[p.pk])
    response = client.post(url, data | {"next": reverse("proposals:review_queue")}, follow=True)
    page = _text(response)
    assert response.redirect_chain[-1][0] == reverse("proposals:review_queue")
    assert "不予立案时请从列表中选择理由" in page and "与往届提案重复，建议并入" in page
    assert 'value="reject" selected' in page
    response = client.post(url, data | {"next": reverse("proposals:detail", args=[p.pk])}, follow=True)
    page = _text(response)
    assert 'data-testid="staff-panel"' in page and "与往届提案重复，建议并入" in page
    p.refresh_from_db()
    assert p.state == "submitted"


def test_refused_reply_review_keeps_the_choice(client, org):
    reply = b.reply(org, b.handling(org))
    client.force_login(org.staff)
    response = client.post(reverse("proposals:reply_review", args=[reply.pk]),
                           {f"v{reply.pk}-approve": "0", "next": reverse("proposals:reply_queue")}, follow=True)
    page = _text(response)
    assert response.redirect_chain[-1][0] == reverse("proposals:reply_queue") and "退回答复时请写明意见" in page
    assert 'value="0" selected' in page


def test_refused_rating_keeps_the_members_choices(client, org):
    p, reply = b.replied(org)
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:rate", args=[reply.pk]), {
        f"r{reply.pk}-attitude": "satisfied", f"r{reply.pk}-relevance": "partly", f"r{reply.pk}-result": "unsatisfied",
    }, follow=True)
    page = _text(response)
    assert "评价为不满意时，请写明意见" in page
    assert re.search(rf'<input type="radio" name="r{reply.pk}-relevance" value="partly"[^>]* checked>', page)
    assert not reply.ratings.exists()


def test_staff_panel_explains_when_there_is_nothing_to_do(client, org):
    returned = b.submitted(org)
    services.return_for_revision(proposal=returned, actor=org.staff, note="请补充调研数据")
    client.force_login(org.staff)
    page = _text(client.get(reverse("proposals:detail", args=[returned.pk])))
    assert "本提案当前为“退回修改”，机关工作人员暂无需操作。" in page
    assert 'data-testid="staff-nothing"' not in _text(client.get(reverse("proposals:detail", args=[b.accepted(org).pk])))


def test_collective_fields_are_grouped_on_the_proposal_form(client, org):
    client.force_login(org.member_user)
    page = _text(client.get(reverse("proposals:create")))
    box = page[page.index('data-testid="collective-fields"'):page.index("</fieldset>")]
    assert 'name="collective_party"' in box and 'name="collective_name"' in box and 'name="reason"' not in box


def test_no_second_extension_form_while_one_waits(client, org):
    request = b.extension(org)
    client.force_login(org.unit_user)
    page = _text(client.get(reverse("proposals:assignment", args=[request.assignment_id])))
    assert "提交延期申请" not in page and "待审批" in page
    services.decide_extension(request=request, actor=org.staff, approve=False, note="理由不充分", granted_due_date=None)
    assert "提交延期申请" in _text(client.get(reverse("proposals:assignment", args=[request.assignment_id])))

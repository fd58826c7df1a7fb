"""The transition table: every illegal transition is refused with a Chinese message and changes nothing."""

import pytest
from django.db import transaction

from portal.models import StateChange
from proposals import services
from proposals.enums import PROPOSAL_TRANSITIONS, ProposalState
from proposals.errors import ProposalError, ProposalPermissionError
from proposals.models import Proposal
from proposals.services.transitions import transition

ALL = list(ProposalState)
ILLEGAL = [(src, dst) for src in ALL for dst in ALL if dst not in PROPOSAL_TRANSITIONS[src]]


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=lambda s: str(s))
def test_illegal_transition_refused_and_nothing_changes(pw, source, target):
    p = pw.draft()
    Proposal.objects.filter(pk=p.pk).update(state=source)
    p.refresh_from_db()
    before = StateChange.objects.count()
    with pytest.raises(ProposalError) as exc, transaction.atomic():
        transition(p, to=target, action="test")
    p.refresh_from_db()
    assert p.state == source
    assert StateChange.objects.count() == before
    assert "不能变更为" in exc.value.message
    assert str(ProposalState(target).label) in exc.value.message


def test_message_names_allowed_source_states(pw):
    p = pw.draft()
    with pytest.raises(ProposalError) as exc:
        services.accept(proposal=p, actor=pw.o.staff)
    assert exc.value.message == "当前状态为“草稿”，不能变更为“已立案”。只有处于以下状态时才可以：待审查。"


def test_accepting_twice_is_refused_second_time(pw):
    p = pw.submitted()
    services.accept(proposal=p, actor=pw.o.staff)
    with pytest.raises(ProposalError, match="当前状态为“已立案”"):
        services.accept(proposal=p, actor=pw.o.city_staff)
    p.refresh_from_db()
    assert p.number == "十四届三次-0001"


def test_returned_proposal_edited_and_resubmitted(pw):
    p = pw.submitted()
    services.return_for_revision(proposal=p, actor=pw.o.staff, note="建议不够具体")
    services.update_draft(proposal=p, actor=pw.o.member_user, suggestions="一、每校配备一名专职心理教师。")
    services.submit(proposal=p, actor=pw.o.member_user)
    p.refresh_from_db()
    assert (p.state, p.suggestions) == (ProposalState.SUBMITTED, "一、每校配备一名专职心理教师。")


def test_only_proposer_edits_and_only_while_editable(pw):
    p = pw.draft()
    with pytest.raises(ProposalPermissionError):
        services.update_draft(proposal=p, actor=pw.o.other_member_user, title="改")
    services.submit(proposal=p, actor=pw.o.member_user)
    with pytest.raises(ProposalError, match="只有草稿或退回修改的提案可以修改"):
        services.update_draft(proposal=p, actor=pw.o.member_user, title="改")


def test_staff_of_other_county_cannot_decide(pw):
    p = pw.submitted()
    with pytest.raises(ProposalPermissionError):
        services.accept(proposal=p, actor=pw.o.other_staff)
    p.refresh_from_db()
    assert p.state == ProposalState.SUBMITTED


def test_submit_requires_reason_and_suggestions(pw):
    p = pw.draft(reason="", suggestions="")
    with pytest.raises(ProposalError, match="提交前请填写：案由、建议"):
        services.submit(proposal=p, actor=pw.o.member_user)


def test_merge_decline_convert(pw):
    main = pw.accepted(title="关于推进垃圾分类的建议")
    dup = pw.submitted(user=pw.o.other_member_user, title="关于垃圾分类处理的建议")
    services.merge(proposal=dup, into=main, actor=pw.o.staff)
    dup.refresh_from_db()
    assert (dup.state, dup.merged_into_id) == (ProposalState.MERGED, main.pk)
    # the merged proposal's proposer follows the main one
    from proposals.selectors import proposals_visible_to

    assert proposals_visible_to(pw.o.other_member_user).filter(pk=main.pk).exists()

    p = pw.submitted(title="推销某品牌净水器")
    services.decline(proposal=p, actor=pw.o.staff, ground=pw.ground, note="")
    p.refresh_from_db()
    assert (p.state, p.decline_ground) == (ProposalState.REJECTED, pw.ground)
    q = pw.submitted(title="反映某小区噪音")
    services.convert(proposal=q, actor=pw.o.staff, to="social")
    q.refresh_from_db()
    assert (q.state, q.converted_to) == (ProposalState.CONVERTED, "social")


def test_staged_decisions_applied_in_bulk(pw):
    a = pw.submitted(title="甲")
    b = pw.submitted(title="乙")
    c = pw.submitted(title="丙")
    services.stage_decision(proposal=a, actor=pw.o.staff, action="accept")
    services.stage_decision(proposal=b, actor=pw.o.staff, action="reject", decline_ground=pw.ground)
    services.stage_decision(proposal=c, actor=pw.o.staff, action="merge", merge_into=a)
    result = services.apply_staged_decisions(actor=pw.o.staff)
    states = dict(Proposal.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("title", "state"))
    assert states == {"甲": "accepted", "乙": "rejected", "丙": "merged"}
    assert len(result["applied"]) == 3 and result["failed"] == []


def test_staged_apply_reports_failures_and_continues(pw):
    a = pw.submitted(title="甲")
    b = pw.submitted(title="乙")
    services.stage_decision(proposal=a, actor=pw.o.staff, action="accept")
    services.stage_decision(proposal=b, actor=pw.o.staff, action="accept")
    services.withdraw(proposal=b, actor=pw.o.member_user)
    result = services.apply_staged_decisions(actor=pw.o.staff)
    assert [p.pk for p in result["applied"]] == [a.pk]
    assert result["failed"][0][0].pk == b.pk and "已撤回" in result["failed"][0][1]

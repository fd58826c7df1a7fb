"""The action tables: every action refused from every state it may not start from, with a message naming
the states it may start from, and nothing changed (no state, no timeline row)."""

import pytest
from django.db import transaction

from portal import workflow
from portal.jobs.models import ExportJob
from portal.models import StateChange
from proposals import services
from proposals.enums import ASSIGNMENT_ACTIONS, AssignmentState, ProposalState
from proposals.errors import ProposalError, ProposalPermissionError
from proposals.models import (
    AdjustmentRequest,
    Assignment,
    Award,
    CoSignature,
    ExtensionRequest,
    Proposal,
    Reply,
    UnitEvaluation,
)
from supervision.models import Obligation
from supervision.services import ObligationError
from tests.consult import builders as consult_builders
from tests.proposals import builders as b
from tests.proposals import evaluation_builders as eb


def _one_of_each(org):
    """A saved row of every model with a declared workflow."""
    proposal, reply = b.replied(org)
    assignment = proposal.assignments.get(unit=org.unit)
    return {
        Proposal: proposal,
        CoSignature: proposal.signatures.first(),
        Assignment: assignment,
        Reply: reply,
        AdjustmentRequest: b.adjustment(org),
        ExtensionRequest: b.extension(org),
        UnitEvaluation: eb.evaluation(org),
        Award: Award.objects.get(pk=eb.award(org).pk),
        Obligation: Obligation.objects.filter(state="open").first(),
        ExportJob: ExportJob.objects.create(requester=org.staff, kind="members"),
        **consult_builders.one_of_each(org),
    }


def test_every_workflow_model_is_declared(org):
    rows = _one_of_each(org)
    assert set(workflow.declared_models()) == set(rows)


def test_every_action_refused_from_every_other_state(org):
    """The table is strict: e.g. 立案 only from 待审查, re-handling only from an approved reply (已答复)."""
    tried = 0
    for model, row in _one_of_each(org).items():
        flow = workflow.workflow_of(model)
        states = [value for value, _label in model._meta.get_field("state").choices]
        for name, action in flow.actions.items():
            for state in states:
                if state in action.sources:
                    continue
                model.objects.filter(pk=row.pk).update(state=state)
                row.refresh_from_db()
                before = (StateChange.objects.count(), {f.name: getattr(row, f.attname) for f in model._meta.concrete_fields})
                with pytest.raises(flow.error) as exc, transaction.atomic():
                    workflow.perform(row, name, actor=org.staff,)
                row.refresh_from_db()
                after = (StateChange.objects.count(), {f.name: getattr(row, f.attname) for f in model._meta.concrete_fields})
                assert after == before, (model.__name__, name, state)
                label = workflow.state_label(model, state)
                assert exc.value.message.startswith(f"当前状态为“{label}”，不能"), exc.value.message
                sources = "、".join(workflow.state_label(model, s) for s in states if s in action.sources)
                assert exc.value.message.endswith(f"只有处于以下状态时才可以：{sources}。"), exc.value.message
                tried += 1
    assert tried > 150


def test_errors_are_the_apps_domain_errors(org):
    assert workflow.workflow_of(Proposal).error is ProposalError
    assert workflow.workflow_of(Obligation).error is ObligationError


def test_rehandling_starts_only_from_an_approved_reply(pw):
    """A reply still waiting for staff review (答复待审核) cannot be sent back to re-handling."""
    p = pw.handling()
    pw.reply(p)
    assignment = pw.lead(p)
    assert assignment.state == AssignmentState.REPLIED
    before = StateChange.objects.count()
    with pytest.raises(ProposalError) as exc:
        services.start_rehandling(assignment=assignment, actor=pw.o.staff, note="进展不大")
    assert exc.value.message == (
        "当前状态为“答复待审核”，不能变更为“重新办理”。只有处于以下状态时才可以：已答复。"
    )
    assignment.refresh_from_db()
    assert (assignment.state, assignment.round) == (AssignmentState.REPLIED, 1)
    assert StateChange.objects.count() == before
    assert ASSIGNMENT_ACTIONS["rehandle"].sources == {AssignmentState.ANSWERED}


def test_a_state_keeping_action_names_itself(pw):
    p = pw.submitted()
    services.accept(proposal=p, actor=pw.o.staff)
    with pytest.raises(ProposalError) as exc:
        services.stage_decision(proposal=p, actor=pw.o.staff, action="accept")
    assert exc.value.message == "当前状态为“已立案”，不能标记审查意见。只有处于以下状态时才可以：待审查。"


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
    assert proposals_visible_to(pw.o.other_member_user, few=True).filter(pk=main.pk).exists()
    from proposals.selectors import visible_among

    assert visible_among(pw.o.other_member_user, [main.pk, dup.pk]) == {main.pk, dup.pk}

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

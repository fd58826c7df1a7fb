"""The admin is no back door around a workflow: workflow records (anything with a state, and what the
services write) cannot be added, changed or deleted there by staff or even a superuser; admin actions
call the same services as the pages and the API and leave a timeline row."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from consult.models import Attendance, Instruction, PlanItem, Recommendation, RecommendationReply, Research
from members.admin_mixins import NoWritesAdminMixin
from portal import workflow
from portal.audit import audit, timeline
from portal.jobs.models import ExportJob
from portal.models import AuditLog, StateChange
from proposals import services
from proposals.enums import ProposalState
from proposals.models import (
    Attachment,
    CoHandlerOpinion,
    ContactLog,
    Proposal,
    Rating,
    ReviewReport,
    StagedDecision,
)
from supervision.enums import DeliveryState, ObligationKind, ObligationState, OwnerKind
from supervision.models import Delivery, Notification, Obligation, Reminder, SweepRun
from supervision.services import create_obligation
from tests.consult import builders as cb
from tests.proposals import builders as b
from tests.proposals import evaluation_builders as eb

# Records the services write without a state of their own: read-only too.
WORKFLOW_RECORDS = {Attachment, CoHandlerOpinion, ContactLog, Rating, ReviewReport, StagedDecision, Reminder,
                    Notification, Delivery, SweepRun, StateChange, AuditLog,
                    Research, PlanItem, Attendance, Recommendation, RecommendationReply, Instruction}


def _has_state(model):
    return any(f.name == "state" for f in model._meta.get_fields())


def workflow_admins():
    import consult.common  # noqa: F401  the declarations
    import proposals.services  # noqa: F401  the declarations
    import supervision.services  # noqa: F401

    return {model: model_admin for model, model_admin in admin.site._registry.items()
            if _has_state(model) or model in WORKFLOW_RECORDS or model in workflow.declared_models()}


def test_every_workflow_record_is_registered_read_only():
    admins = workflow_admins()
    assert WORKFLOW_RECORDS | set(workflow.declared_models()) <= set(admins)
    assert all(isinstance(model_admin, NoWritesAdminMixin) for model_admin in admins.values())


def _rows(org):
    """One row of every workflow record, in the county's subtree."""
    proposal, reply = b.replied(org)
    services.rate_reply(reply=reply, actor=org.member_user, attitude="satisfied", relevance="relevant",
                                 result="satisfied")
    b.review_report(org)
    b.adjustment(org)
    b.extension(org)
    b.material(org)
    staged = b.submitted(org)
    services.stage_decision(proposal=staged, actor=org.staff, action="accept")
    co = b.handling(org, co=True)
    services.send_co_opinion(assignment=co.assignments.get(unit=org.other_unit), actor=org.other_unit_user,
                             body="同意主办单位意见")
    eb.evaluation(org)
    eb.award(org)
    cb.every_record(org)
    obligation = Obligation.objects.filter(committee=org.county).first()
    reminder = Reminder.objects.create(obligation=obligation, stage="due", due_date=obligation.due_date)
    Notification.objects.create(user=org.staff, title="请办理", reminder=reminder)
    Delivery.objects.create(reminder=reminder, channel="email", recipient="a@example.org", subject="请办理", body="请办理",
                            state=DeliveryState.PENDING)
    SweepRun.objects.create(source="test", started_at=timezone.now())
    ExportJob.objects.create(requester=org.staff, kind="members")
    audit("login", user=org.staff)


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _in_scope_row(model, model_admin, request_user, rf):
    """A row the user's admin queryset holds, and whether they may view it (export jobs: superusers only)."""
    request = rf.get("/")
    request.user = request_user
    row = model_admin.get_queryset(request).order_by("pk").first()
    return row, row is not None and model_admin.has_view_permission(request, row)


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_workflow_records_refuse_add_change_and_delete(org, client, rf, who):
    _rows(org)
    user = getattr(org, who)
    client.force_login(user)
    checked = 0
    for model, model_admin in workflow_admins().items():
        if model is not Obligation:  # manual obligations are added through the service: see below
            assert client.get(_url(model, "add")).status_code == 403, model.__name__
            assert client.post(_url(model, "add"), {}).status_code == 403, model.__name__
        row, viewable = _in_scope_row(model, model_admin, user, rf)
        assert row is not None, f"no {model.__name__} row to try"
        before = model_to_dict(model.objects.get(pk=row.pk))
        data = {k: v for k, v in before.items() if v is not None and not isinstance(v, list | dict)}
        data.update({"state": "closed", "is_key": "on", "due_date": "2099-01-01", "title": "改"})
        assert client.get(_url(model, "change", row.pk)).status_code == (200 if viewable else 403), model.__name__
        assert client.post(_url(model, "change", row.pk), data).status_code == 403, model.__name__
        assert client.get(_url(model, "delete", row.pk)).status_code == 403, model.__name__
        assert client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403, model.__name__
        client.post(_url(model, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [row.pk], "post": "yes"})
        assert model_to_dict(model.objects.get(pk=row.pk)) == before, model.__name__
        checked += 1
    assert checked >= 20


def test_proposal_key_flag_and_proposer_cannot_be_edited_in_the_admin(org, client):
    proposal, _reply = b.replied(org)
    title = proposal.title
    client.force_login(org.superuser)
    response = client.post(_url(Proposal, "change", proposal.pk),
                           {"is_key": "on", "proposer": org.other_member.pk, "title": "改"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert (proposal.is_key, proposal.proposer_id, proposal.title) == (False, org.member.pk, title)


def test_staff_add_a_manual_obligation_through_the_service(org, client):
    client.force_login(org.staff)
    response = client.post(_url(Obligation, "add"), {
        "committee": org.county.pk, "kind": ObligationKind.GENERIC, "title": "报送年度总结", "owner_kind": OwnerKind.UNIT,
        "owner_unit": org.unit.pk, "start_date": "2026-09-01", "due_date": "2026-09-30", "url": "",
    })
    assert response.status_code == 302
    obligation = Obligation.objects.get(title="报送年度总结")
    assert [(c.action, c.actor) for c in timeline(obligation)] == [("create", org.staff)]


def test_admin_action_meets_a_manual_obligation_with_a_timeline_row(org, client):
    manual = create_obligation(subject=None, committee=org.county, kind=ObligationKind.GENERIC, title="报送年度总结",
                               owner_kind=OwnerKind.UNIT, owner_unit=org.unit,
                               due_date=timezone.localdate() + datetime.timedelta(days=10), actor=org.staff)
    client.force_login(org.staff)
    response = client.post(_url(Obligation, "changelist"),
                           {"action": "mark_met", ACTION_CHECKBOX_NAME: [manual.pk]}, follow=True)
    assert "已将 1 项标记为已完成。" in [str(m) for m in response.context["messages"]]
    manual.refresh_from_db()
    assert manual.state == ObligationState.MET
    assert [(c.action, c.actor, c.to_state) for c in timeline(manual)][-1] == ("meet", org.staff, "met")


def test_admin_action_refuses_a_workflow_owned_obligation(org, client):
    proposal = b.submitted(org)
    owned = Obligation.objects.get(kind=ObligationKind.PROPOSAL_REVIEW, subject_id=proposal.pk)
    before = StateChange.objects.count()
    client.force_login(org.staff)
    response = client.post(_url(Obligation, "changelist"),
                           {"action": "mark_met", ACTION_CHECKBOX_NAME: [owned.pk]}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("此事项由其办理流程完成或延期" in m for m in shown)
    owned.refresh_from_db()
    assert owned.state == ObligationState.OPEN
    assert StateChange.objects.count() == before


def test_admin_action_on_another_countys_obligation_changes_nothing(org, client):
    theirs = create_obligation(subject=None, committee=org.other_county,
                               kind=ObligationKind.GENERIC, title="别处的事项", owner_kind=OwnerKind.STAFF,
                               due_date=timezone.localdate() + datetime.timedelta(days=10))
    client.force_login(org.staff)
    client.post(_url(Obligation, "changelist"), {"action": "mark_met", ACTION_CHECKBOX_NAME: [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.state == ObligationState.OPEN


def test_admin_action_applies_staged_decisions_through_the_service(org, client):
    proposal = b.submitted(org)
    services.stage_decision(proposal=proposal, actor=org.staff, action="accept")
    mark = StagedDecision.objects.get(proposal=proposal)
    client.force_login(org.staff)
    response = client.post(_url(StagedDecision, "changelist"),
                           {"action": "apply_marks", ACTION_CHECKBOX_NAME: [mark.pk]}, follow=True)
    assert "已执行 1 件提案的拟处理意见。" in [str(m) for m in response.context["messages"]]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.number) == (ProposalState.ACCEPTED, "十四届三次-0001")
    assert [(c.action, c.actor) for c in timeline(proposal)][-1] == ("accept", org.staff)

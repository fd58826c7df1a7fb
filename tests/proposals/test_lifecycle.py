"""The whole life of a proposal through the services, as in the issue's story."""

from django.utils import timezone

from portal.models import StateChange
from proposals import services
from proposals.enums import AssignmentState, ProposalState, ReplyState, Satisfaction
from proposals.models import Attachment, CoHandlerOpinion, Rating
from supervision.enums import ObligationKind, ObligationState
from supervision.models import Notification, Obligation
from supervision.services import obligations_for


def test_joint_proposal_full_story(pw, django_capture_on_commit_callbacks):
    o = pw.o
    with django_capture_on_commit_callbacks(execute=True):
        p = pw.joint_submitted()
    assert p.state == ProposalState.SUBMITTED
    assert [s.member.name for s in p.signatures.order_by("order")] == ["张委员", "王委员"]

    p = services.accept(proposal=p, actor=o.staff)
    assert p.number == "十四届三次-0001"

    services.assign_units(proposal=p, actor=o.staff, lead=o.unit, co_units=[o.other_unit])
    p.refresh_from_db()
    assert p.state == ProposalState.HANDLING
    lead = p.assignments.get(unit=o.unit)
    co = p.assignments.get(unit=o.other_unit)

    opinion = services.send_co_opinion(assignment=co, actor=o.other_unit_user, body="建议统筹教师编制。")
    co.refresh_from_db()
    assert co.state == AssignmentState.ANSWERED
    assert CoHandlerOpinion.objects.get() == opinion

    reply = pw.reply(p, category=pw.cat_b)
    assert reply.state == ReplyState.SUBMITTED
    assert Attachment.objects.get(reply=reply).original_name.endswith(".docx")
    services.review_reply(reply=reply, actor=o.staff, approve=True)
    p.refresh_from_db()
    assert p.state == ProposalState.REPLIED

    pw.rate(reply, result=Satisfaction.UNSATISFIED, note="没有具体时间表")
    p.refresh_from_db()
    lead.refresh_from_db()
    assert p.state == ProposalState.REHANDLING
    assert (lead.state, lead.round) == (AssignmentState.REHANDLING, 2)
    assert obligations_for(lead, ObligationKind.PROPOSAL_REHANDLE).get().state == ObligationState.OPEN

    reply2 = pw.reply(p, category=pw.cat_b, contact=False)
    assert reply2.round == 2
    assert obligations_for(lead, ObligationKind.PROPOSAL_REHANDLE).get().state == ObligationState.MET
    services.review_reply(reply=reply2, actor=o.staff, approve=True)
    p.refresh_from_db()
    assert p.state == ProposalState.REPLIED

    pw.rate(reply2, result=Satisfaction.SATISFIED)
    p.refresh_from_db()
    assert p.state == ProposalState.REPLIED  # the co-signer's own rating window is still open

    # the co-signer rates within their window; the rating is recorded and the proposal closes
    pw.rate(reply2, user=pw.cosigner_user, result=Satisfaction.BASIC)
    assert Rating.objects.filter(reply=reply2).count() == 2
    p.refresh_from_db()
    assert p.state == ProposalState.CLOSED
    assert p.closed_at is not None

    # 回头看 six months on, owed by the lead unit (B category)
    reviews = Obligation.objects.filter(kind=ObligationKind.REVIEW, owner_unit=o.unit)
    assert sorted(reviews.values_list("state", flat=True)) == [ObligationState.OPEN, ObligationState.WAIVED]
    review = reviews.get(state=ObligationState.OPEN)
    assert 180 <= (review.due_date - timezone.localdate()).days <= 185

    actions = list(StateChange.objects.filter(object_id=p.pk, content_type__model="proposal").values_list("action", flat=True))
    assert actions[:2] == ["create", "invite_cosigners"]
    assert "accept" in actions and "close" in actions
    # notifications went out after commit: the co-signer's invitation
    assert Notification.objects.filter(user=pw.cosigner_user, title__contains="联名").exists()

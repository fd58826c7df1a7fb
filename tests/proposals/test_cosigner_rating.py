"""Each co-signer's rating stands on its own: their window stays open whatever the proposer does, it counts in
the statistics, and their 不满意 reaches staff, who may order re-handling on it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from portal.audit import timeline
from proposals import services
from proposals.enums import AssignmentState, ProposalState, Satisfaction
from proposals.evaluation.metrics import unit_metrics
from proposals.models import Rating
from supervision.enums import PENDING_STATES, ObligationKind, ObligationState
from supervision.models import Obligation
from supervision.services import obligations_for


def _joint_replied(pw):
    """A joint proposal (张委员 with co-signer 王委员) whose lead unit's reply was approved."""
    o = pw.o
    p = pw.joint_submitted()
    services.accept(proposal=p, actor=o.staff)
    services.assign_units(proposal=p, actor=o.staff, lead=o.unit)
    p.refresh_from_db()
    r = pw.reply(p)
    services.review_reply(reply=r, actor=o.staff, approve=True)
    p.refresh_from_db()
    r.refresh_from_db()
    assert p.state == ProposalState.REPLIED
    return p, r


def _window(reply, member):
    return obligations_for(reply, ObligationKind.PROPOSAL_RATING).get(owner_member=member)


def test_the_proposers_rating_does_not_close_the_cosigners_window(pw):
    p, r = _joint_replied(pw)
    pw.rate(r, result=Satisfaction.SATISFIED)
    p.refresh_from_db()
    assert p.state == ProposalState.REPLIED  # waits for the co-signer's window
    assert _window(r, pw.cosigner).state in PENDING_STATES

    pw.rate(r, user=pw.cosigner_user, result=Satisfaction.BASIC)
    p.refresh_from_db()
    assert p.state == ProposalState.CLOSED
    assert _window(r, pw.cosigner).state == ObligationState.MET


def test_when_the_cosigners_window_ends_the_proposal_closes_by_itself(pw):
    p, r = _joint_replied(pw)
    pw.rate(r, result=Satisfaction.SATISFIED)
    due = _window(r, pw.cosigner).due_date
    assert services.close_if_unrated(p, today=due) is False  # still open on its last day
    assert services.close_if_unrated(p, today=due + datetime.timedelta(days=1)) is True
    p.refresh_from_db()
    assert p.state == ProposalState.CLOSED
    assert p.closed_at is not None
    close = timeline(p).get(action="close")  # the closing act is the system's
    assert close.actor is None and "评价期限已过" in close.note


def test_a_cosigner_may_still_rate_a_reply_the_proposer_sent_back(pw, client):
    p, r = _joint_replied(pw)
    pw.rate(r, result=Satisfaction.UNSATISFIED, note="没有时间表")
    lead = pw.lead(p)
    lead.refresh_from_db()
    assert (lead.state, lead.round) == (AssignmentState.REHANDLING, 2)
    assert _window(r, pw.cosigner).state in PENDING_STATES  # not waived by the proposer's 不满意
    assert _window(r, pw.o.member).state == ObligationState.MET

    client.force_login(pw.cosigner_user)
    page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert reverse("proposals:rate", args=[r.pk]) in page
    response = client.post(reverse("proposals:rate", args=[r.pk]), {
        f"r{r.pk}-attitude": "satisfied", f"r{r.pk}-relevance": "partly", f"r{r.pk}-result": "basic",
        f"r{r.pk}-note": "",
    }, follow=True)
    assert "评价已提交" in response.content.decode()
    assert Rating.objects.get(reply=r, rater=pw.cosigner).result == Satisfaction.BASIC


def test_cosigner_ratings_count_in_the_unit_statistics(pw):
    p, r = _joint_replied(pw)
    pw.rate(r, result=Satisfaction.SATISFIED)
    pw.rate(r, user=pw.cosigner_user, result=Satisfaction.UNSATISFIED, note="措施不具体")
    m = unit_metrics([pw.o.unit.pk], timezone.localdate().year)[pw.o.unit.pk]
    assert m.ratings == 2
    assert m.unsatisfied_share == 50.0
    assert m.satisfaction_score == 50.0


def test_a_cosigners_unsatisfied_reaches_staff_who_order_rehandling_on_it(pw, client):
    o = pw.o
    p, r = _joint_replied(pw)
    pw.rate(r, user=pw.cosigner_user, result=Satisfaction.UNSATISFIED, note="没有回应学校心理教师编制问题")
    pw.rate(r, result=Satisfaction.SATISFIED)
    p.refresh_from_db()
    assert p.state == ProposalState.REPLIED  # a co-signer's 不满意 waits for staff, it is not closed over

    followup = Obligation.objects.get(kind=ObligationKind.PROPOSAL_RATING_FOLLOWUP)
    assert followup.owner_kind == "staff" and followup.committee == o.county
    assert followup.url == reverse("proposals:detail", args=[p.pk])

    client.force_login(o.staff)
    home = client.get("/").content.decode()
    assert "联名委员不满意待处理" in home
    page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert 'data-testid="cosigner-unsatisfied"' in page and "没有回应学校心理教师编制问题" in page

    rating = Rating.objects.get(reply=r, rater=pw.cosigner)
    lead = pw.lead(p)
    response = client.post(reverse("proposals:rehandle", args=[lead.pk]), {
        f"r{lead.pk}-note": rating.note, f"r{lead.pk}-rating": rating.pk,
    }, follow=True)
    assert "重新办理" in response.content.decode()
    lead.refresh_from_db()
    p.refresh_from_db()
    assert (lead.state, lead.round) == (AssignmentState.REHANDLING, 2)
    assert p.state == ProposalState.REHANDLING
    followup.refresh_from_db()
    assert followup.state == ObligationState.MET
    assert "联名委员不满意待处理" not in client.get("/").content.decode()

    # the unit reads the co-signer's ground on its assignment page
    client.force_login(o.unit_user)
    page = client.get(reverse("proposals:assignment", args=[lead.pk])).content.decode()
    assert "没有回应学校心理教师编制问题" in page


def test_staff_may_close_instead_of_rehandling(pw):
    o = pw.o
    p, r = _joint_replied(pw)
    pw.rate(r, user=pw.cosigner_user, result=Satisfaction.UNSATISFIED, note="不满意")
    pw.rate(r, result=Satisfaction.SATISFIED)
    services.close_proposal(proposal=p, actor=o.staff, note="已与联名委员当面沟通")
    p.refresh_from_db()
    assert p.state == ProposalState.CLOSED
    assert Obligation.objects.get(kind=ObligationKind.PROPOSAL_RATING_FOLLOWUP).state == ObligationState.MET


def test_a_rating_is_not_a_ground_for_another_units_rehandling_or_the_proposers(pw, client):
    o = pw.o
    p, r = _joint_replied(pw)
    pw.rate(r, result=Satisfaction.UNSATISFIED, note="提案人不满意")  # the proposer's own: it re-handles already
    own = Rating.objects.get(reply=r, rater=o.member)
    # a rating of another proposal's reply cannot be given as the ground (404: not this assignment's)
    q, r2 = pw.replied()
    lead2 = pw.lead(q)
    client.force_login(o.staff)
    response = client.post(reverse("proposals:rehandle", args=[lead2.pk]), {
        f"r{lead2.pk}-note": "x", f"r{lead2.pk}-rating": own.pk})
    assert response.status_code == 404
    lead2.refresh_from_db()
    assert lead2.state == AssignmentState.ANSWERED


def test_api_rehandle_on_a_cosigners_rating(pw, client):
    o = pw.o
    p, r = _joint_replied(pw)
    pw.rate(r, user=pw.cosigner_user, result=Satisfaction.UNSATISFIED, note="答复未针对建议")
    rating = Rating.objects.get(reply=r, rater=pw.cosigner)
    lead = pw.lead(p)
    client.force_login(o.staff)
    response = client.post(f"/api/v1/proposal-assignments/{lead.pk}/rehandle/",
                           {"note": "请针对联名委员意见重新办理", "rating": rating.pk}, content_type="application/json")
    assert response.status_code == 200, response.content
    lead.refresh_from_db()
    assert lead.state == AssignmentState.REHANDLING
    assert Obligation.objects.get(kind=ObligationKind.PROPOSAL_RATING_FOLLOWUP).state == ObligationState.MET

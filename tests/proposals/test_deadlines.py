"""Each deadline of DESIGN §2.1 is an Obligation, met (or extended, waived) by the action that fulfils it;
reminders go out as deadlines near (time-machine); overdue replies count working days over a holiday."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from proposals import selectors, services
from proposals.enums import AssignmentState, CoSignatureState, ProposalKind, ProposalPeriod, ProposalState, Satisfaction
from proposals.errors import ProposalError
from supervision.calendar import add_months
from supervision.enums import ObligationKind as K
from supervision.enums import ObligationState, OwnerKind
from supervision.models import CalendarDay, Obligation, Reminder
from supervision.services import obligations_for, run_sweep

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def only(subject, kind):
    return obligations_for(subject, kind).get()


def test_cosign_obligation_per_cosigner_met_on_confirm(pw):
    p = pw.draft(kind=ProposalKind.JOINT)
    services.invite_cosigners(proposal=p, actor=pw.o.member_user, members=[pw.cosigner, pw.o.other_member])
    services.submit(proposal=p, actor=pw.o.member_user)
    sig = p.signatures.get(member=pw.cosigner)
    ob = only(sig, K.PROPOSAL_COSIGN)
    assert (ob.owner_kind, ob.owner_member, ob.state) == (OwnerKind.MEMBER, pw.cosigner, ObligationState.OPEN)
    services.confirm_cosignature(signature=sig, actor=pw.cosigner_user)
    assert only(sig, K.PROPOSAL_COSIGN).state == ObligationState.MET
    p.refresh_from_db()
    assert p.state == ProposalState.COSIGNING  # 李委员 has not answered yet


def test_cosigning_deadline_expiry(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):  # Monday
        p = pw.draft(kind=ProposalKind.JOINT)
        services.invite_cosigners(proposal=p, actor=pw.o.member_user, members=[pw.cosigner, pw.o.other_member])
        services.submit(proposal=p, actor=pw.o.member_user)
        services.confirm_cosignature(signature=p.signatures.get(member=pw.cosigner), actor=pw.cosigner_user)
        late = p.signatures.get(member=pw.o.other_member)
        assert late.due_date == dt.date(2027, 3, 8)  # 5 working days
    with time_machine.travel(at(2027, 3, 8), tick=False):
        assert run_sweep().due_actions == 0  # still on the due day
        late.refresh_from_db()
        assert late.state == CoSignatureState.INVITED
    with time_machine.travel(at(2027, 3, 9), tick=False):
        assert run_sweep().due_actions == 1  # the sweep (beat and run_sweep) expires it
    late.refresh_from_db()
    p.refresh_from_db()
    assert late.state == CoSignatureState.EXPIRED
    assert only(late, K.PROPOSAL_COSIGN).state == ObligationState.WAIVED
    assert p.state == ProposalState.SUBMITTED  # one co-signer confirmed
    assert only(p, K.PROPOSAL_REVIEW).state == ObligationState.OPEN


def test_cosigning_nobody_confirms_returns_to_draft(pw):
    p = pw.draft(kind=ProposalKind.JOINT)
    services.invite_cosigners(proposal=p, actor=pw.o.member_user, members=[pw.cosigner])
    services.submit(proposal=p, actor=pw.o.member_user)
    services.decline_cosignature(signature=p.signatures.get(member=pw.cosigner), actor=pw.cosigner_user)
    p.refresh_from_db()
    assert p.state == ProposalState.DRAFT


def test_review_obligation_met_on_accept(pw):
    p = pw.submitted()
    ob = only(p, K.PROPOSAL_REVIEW)
    assert (ob.owner_kind, ob.state) == (OwnerKind.STAFF, ObligationState.OPEN)
    services.accept(proposal=p, actor=pw.o.staff)
    assert only(p, K.PROPOSAL_REVIEW).state == ObligationState.MET


def test_assignment_obligations_and_their_fulfilment(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling(co=True)
        lead, co = pw.lead(p), p.assignments.get(unit=pw.o.other_unit)
        adjust, contact, reply = only(lead, K.PROPOSAL_ADJUST), only(lead, K.PROPOSAL_CONTACT), only(lead, K.PROPOSAL_REPLY)
        assert (adjust.due_date, contact.due_date, reply.due_date) == (
            dt.date(2027, 3, 10), dt.date(2027, 3, 22), dt.date(2027, 6, 1))
        assert {adjust.owner_unit, contact.owner_unit, reply.owner_unit} == {pw.o.unit}
        assert only(co, K.PROPOSAL_REPLY).owner_unit == pw.o.other_unit
        services.acknowledge_assignment(assignment=lead, actor=pw.o.unit_user)
        assert only(lead, K.PROPOSAL_ADJUST).state == ObligationState.MET
        r = pw.reply(p)
        assert only(lead, K.PROPOSAL_CONTACT).state == ObligationState.MET
        assert only(lead, K.PROPOSAL_REPLY).state == ObligationState.MET
        assert only(r, K.PROPOSAL_REPLY_REVIEW).state == ObligationState.OPEN
        services.review_reply(reply=r, actor=pw.o.staff, approve=True)
        assert only(r, K.PROPOSAL_REPLY_REVIEW).state == ObligationState.MET
        ratings = obligations_for(r, K.PROPOSAL_RATING)
        assert [o.owner_member for o in ratings] == [pw.o.member]
        assert ratings.get().due_date == dt.date(2027, 3, 22)  # 15 working days
        pw.rate(r)
        assert obligations_for(r, K.PROPOSAL_RATING).get().state == ObligationState.MET


def test_plenary_proposals_get_five_months(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling(period=ProposalPeriod.PLENARY)
        assert pw.lead(p).due_date == dt.date(2027, 8, 1)


def test_extension_request_and_limit(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        lead = pw.lead(p)
        with pytest.raises(ProposalError, match="办理期限自交办之日起累计不能超过6个月（含延期），最迟 2027-09-01"):
            services.request_extension(assignment=lead, actor=pw.o.unit_user, reason="需要调研",
                                       requested_due_date=dt.date(2027, 12, 2))
        req = services.request_extension(assignment=lead, actor=pw.o.unit_user, reason="需要跨部门调研",
                                         requested_due_date=dt.date(2027, 8, 1))
        assert only(req, K.PROPOSAL_EXTENSION_REVIEW).state == ObligationState.OPEN
        services.decide_extension(request=req, actor=pw.o.staff, approve=True)
        lead.refresh_from_db()
        assert lead.due_date == dt.date(2027, 8, 1)
        assert only(req, K.PROPOSAL_EXTENSION_REVIEW).state == ObligationState.MET
        reply_ob = only(lead, K.PROPOSAL_REPLY)
        assert (reply_ob.state, reply_ob.due_date, reply_ob.original_due_date) == (
            ObligationState.EXTENDED, dt.date(2027, 8, 1), dt.date(2027, 6, 1))


def test_adjustment_only_within_seven_working_days_and_reassign(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        lead = pw.lead(p)
    with time_machine.travel(at(2027, 3, 11), tick=False):
        with pytest.raises(ProposalError, match="已超过期限"):
            services.request_adjustment(assignment=lead, actor=pw.o.unit_user, reason="不属于我局职责")
    with time_machine.travel(at(2027, 3, 10), tick=False):
        req = services.request_adjustment(assignment=lead, actor=pw.o.unit_user, reason="不属于我局职责")
        services.resolve_adjustment(request=req, actor=pw.o.staff, approve=True, new_unit=pw.o.other_unit)
    lead.refresh_from_db()
    assert lead.state == AssignmentState.WITHDRAWN
    assert only(lead, K.PROPOSAL_REPLY).state == ObligationState.WAIVED
    new = p.assignments.get(unit=pw.o.other_unit)
    assert (new.role, new.state) == ("lead", AssignmentState.ASSIGNED)
    assert only(new, K.PROPOSAL_REPLY).due_date == dt.date(2027, 6, 10)


def test_b_reply_and_key_proposal_create_lookback_six_months_on(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p, r = pw.replied(category=pw.cat_b)
        ob = only(pw.lead(p), K.REVIEW)
        assert (ob.due_date, ob.owner_unit) == (dt.date(2027, 9, 1), pw.o.unit)
        q = pw.handling(title="关于建设城市体育公园的建议")
        services.mark_key(proposal=q, actor=pw.o.staff, leaders=[pw.o.leader], meeting_date=dt.date(2027, 4, 1))
        r2 = pw.reply(q, category=pw.cat_a)
        services.review_reply(reply=r2, actor=pw.o.staff, approve=True)
        assert only(pw.lead(q), K.REVIEW).due_date == dt.date(2027, 9, 1)
        c = pw.handling(title="关于规范共享单车停放的建议")
        r3 = pw.reply(c, category=pw.cat_c)
        services.review_reply(reply=r3, actor=pw.o.staff, approve=True)
        assert not obligations_for(pw.lead(c), K.REVIEW).exists()


def test_reminders_go_out_as_reply_deadline_nears(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        reply_ob = only(pw.lead(p), K.PROPOSAL_REPLY)
    assert reply_ob.due_date == dt.date(2027, 6, 1)

    def stages():
        return set(Reminder.objects.filter(obligation=reply_ob).values_list("stage", flat=True))

    with time_machine.travel(at(2027, 5, 17, 8), tick=False):  # 15 days before, and before 09:00 on day 14
        run_sweep()
        assert stages() == set()
    with time_machine.travel(at(2027, 5, 18, 10), tick=False):  # 14 days before
        run_sweep()
        run_sweep()  # twice: still once
        assert stages() == {"before-14"}
    with time_machine.travel(at(2027, 5, 29, 10), tick=False):  # 3 days before
        run_sweep()
        assert stages() == {"before-14", "before-3"}
    with time_machine.travel(at(2027, 6, 1, 10), tick=False):
        run_sweep()
        assert "due" in stages()
    with time_machine.travel(at(2027, 6, 2, 10), tick=False):
        run_sweep()
        reply_ob.refresh_from_db()
        assert reply_ob.state == ObligationState.OVERDUE


def test_overdue_reply_counted_in_working_days_over_a_holiday(pw):
    for day in range(1, 8):
        CalendarDay.objects.update_or_create(date=dt.date(2027, 10, day), defaults={"is_workday": False, "name": "国庆节"})
    CalendarDay.objects.update_or_create(date=dt.date(2027, 10, 9), defaults={"is_workday": True, "name": "国庆调休上班"})
    with time_machine.travel(at(2027, 7, 1), tick=False):
        p = pw.handling()
        lead = pw.lead(p)
        assert lead.due_date == add_months(dt.date(2027, 7, 1), 3) == dt.date(2027, 10, 1)
    today = dt.date(2027, 10, 11)
    # Oct 2-7 holiday; Oct 8 (Fri), Oct 9 (调休 Sat), Oct 11 (Mon): 3 working days, 10 calendar days
    assert selectors.overdue_working_days(lead, today) == 3
    assert list(selectors.filter_overdue(selectors.proposals_visible_to(pw.o.staff), today)) == [p]
    assert list(selectors.filter_overdue(selectors.proposals_visible_to(pw.o.staff), dt.date(2027, 10, 1))) == []


def test_unrated_proposal_closed_after_rating_deadline(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p, r = pw.replied()
    with time_machine.travel(at(2027, 3, 22), tick=False):
        run_sweep()
        p.refresh_from_db()
        assert p.state == ProposalState.REPLIED
    with time_machine.travel(at(2027, 3, 23), tick=False):
        assert run_sweep().due_actions == 1  # the proposer's rating obligation fell due
    p.refresh_from_db()
    assert p.state == ProposalState.CLOSED
    assert p.assignments.get().state == AssignmentState.CLOSED
    assert Obligation.objects.get(subject_id=r.pk, kind=K.PROPOSAL_RATING).state == ObligationState.WAIVED


def test_send_back_reopens_reply_obligation(pw):
    p = pw.handling()
    r = pw.reply(p)
    services.review_reply(reply=r, actor=pw.o.staff, approve=False, note="答复过于笼统")
    lead = pw.lead(p)
    assert lead.state == AssignmentState.ASSIGNED
    assert obligations_for(lead, K.PROPOSAL_REPLY).filter(state=ObligationState.OPEN).count() == 1
    r2 = services.submit_reply(assignment=lead, actor=pw.o.unit_user, category=pw.cat_a, body="具体措施如下……")
    services.review_reply(reply=r2, actor=pw.o.staff, approve=True, category=pw.cat_b)
    r2.refresh_from_db()
    assert (r2.category, r2.submitted_category) == (pw.cat_b, pw.cat_a)
    pw.rate(r2, result=Satisfaction.BASIC)
    p.refresh_from_db()
    assert p.state == ProposalState.CLOSED


def test_overdue_means_a_reply_still_owed(pw, client):
    """逾期未答复: once the unit has replied, its proposal leaves the overdue filter while staff review the
    reply, and the list rows stop marking it; the public list then shows it from the approval on."""
    with time_machine.travel(at(2027, 7, 1), tick=False):
        p = pw.handling()
    late = dt.date(2027, 10, 11)
    visible = selectors.proposals_visible_to(pw.o.staff)
    assert list(selectors.filter_overdue(visible, late)) == [p]
    with time_machine.travel(at(2027, 10, 11), tick=False):
        client.force_login(pw.o.staff)
        assert client.get("/api/v1/proposals/", {"overdue": "true"}).json()["count"] == 1
        row = client.get("/api/v1/proposals/").json()["results"][0]
        assert (row["id"], row["is_overdue"]) == (p.pk, True)
        reply = pw.reply(p)
        assert list(selectors.filter_overdue(visible, late)) == []
        assert client.get("/api/v1/proposals/", {"overdue": "true"}).json()["count"] == 0
        assert client.get("/api/v1/proposals/").json()["results"][0]["is_overdue"] is False
        p.refresh_from_db()
        assert p.answered_at is None
        services.review_reply(reply=reply, actor=pw.o.staff, approve=True)
        p.refresh_from_db()
        assert p.answered_at is not None
        assert p in selectors.public_proposals()

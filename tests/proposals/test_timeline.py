"""The timeline names the unit on assignment rows, attributes automatic acts to the system, and logs each
act once: one row per object the act changed, by its actor (an automatic consequence, e.g. the proposal
moving on after the last confirmation, is the system's own row)."""

import datetime
from collections import Counter

from django.urls import reverse
from django.utils import timezone

from portal.models import StateChange
from proposals import services
from proposals.enums import ContactWay, ProposalKind, ProposalState, Satisfaction


class Rows:
    """The timeline rows one act wrote, by (model, object id, actor id)."""

    def __init__(self):
        self.before = StateChange.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def written(self):
        new = StateChange.objects.filter(id__gt=self.before).select_related("content_type")
        return Counter((r.content_type.model, r.object_id, r.actor_id) for r in new)


def act(fn, **kwargs):
    rows = Rows()
    result = fn(**kwargs)
    return result, rows.written()


def assert_once(written, what):
    doubled = {key: n for key, n in written.items() if n > 1}
    assert not doubled, f"{what} logged more than once: {doubled}"
    assert written, f"{what} logged nothing"


def test_every_act_of_a_proposal_life_is_logged_once(pw):
    o = pw.o
    p, w = act(pw.draft, kind=ProposalKind.JOINT)
    assert_once(w, "create")
    _, w = act(services.invite_cosigners, proposal=p, actor=o.member_user, members=[pw.cosigner, o.other_member])
    assert_once(w, "invite")
    _, w = act(services.submit, proposal=p, actor=o.member_user)
    assert_once(w, "submit")
    first, second = p.signatures.filter(is_initiator=False).order_by("order")
    _, w = act(services.confirm_cosignature, signature=first, actor=pw.cosigner_user)
    assert_once(w, "confirm")
    # the signature's own row (its obligation met has its own); no second row narrating it on the proposal
    assert {k: n for k, n in w.items() if k[0] != "obligation"} == {("cosignature", first.pk, pw.cosigner_user.pk): 1}
    _, w = act(services.decline_cosignature, signature=second, actor=o.other_member_user)
    assert_once(w, "decline + moving on")
    assert w[("proposal", p.pk, None)] == 1  # 待审查 after the last answer: the system's act
    _, w = act(services.accept, proposal=p, actor=o.staff)
    assert_once(w, "accept")
    _, w = act(services.assign_units, proposal=p, actor=o.staff, lead=o.unit, co_units=[o.other_unit])
    assert_once(w, "assign")
    lead, co = pw.lead(p), p.assignments.get(unit=o.other_unit)

    third_unit = type(o.unit).objects.create(committee=o.county, name="南谯区财政局")
    req = services.request_adjustment(assignment=co, actor=o.other_unit_user, reason="不属于本单位职责")
    _, w = act(services.resolve_adjustment, request=req, actor=o.staff, approve=True, new_unit=third_unit)
    assert_once(w, "resolve adjustment")
    assert ("proposal", p.pk, o.staff.pk) not in w  # the two assignment rows say it all

    _, w = act(services.acknowledge_assignment, assignment=lead, actor=o.unit_user)
    assert_once(w, "acknowledge")
    _, w = act(services.record_contact, assignment=lead, actor=o.unit_user, date=timezone.localdate(),
               way=ContactWay.PHONE, note="电话沟通")
    assert_once(w, "contact")
    lead.refresh_from_db()
    ext, w = act(services.request_extension, assignment=lead, actor=o.unit_user, reason="需要调研",
                 requested_due_date=lead.due_date + datetime.timedelta(days=20))
    assert_once(w, "request extension")
    _, w = act(services.decide_extension, request=ext, actor=o.staff, approve=True)
    assert_once(w, "decide extension")
    reply, w = act(services.submit_reply, assignment=lead, actor=o.unit_user, category=pw.cat_a,
                   body="已配齐心理教师。", signed_by="王局长")
    assert_once(w, "reply")
    _, w = act(services.review_reply, reply=reply, actor=o.staff, approve=True)
    assert_once(w, "review reply")
    assert w[("proposal", p.pk, None)] == 1  # 已答复待评价: the system's row, not the reviewer's
    _, w = act(services.rate_reply, reply=reply, actor=o.member_user, attitude=Satisfaction.SATISFIED,
               relevance="relevant", result=Satisfaction.UNSATISFIED, note="没有时间表")
    assert_once(w, "rate 不满意 → re-handling")


def test_assignment_rows_name_the_unit_and_automatic_acts_show_the_system(pw, client):
    o = pw.o
    p = pw.draft(kind=ProposalKind.JOINT)
    services.invite_cosigners(proposal=p, actor=o.member_user, members=[pw.cosigner, o.other_member])
    services.submit(proposal=p, actor=o.member_user)
    services.confirm_cosignature(signature=p.signatures.get(member=pw.cosigner), actor=pw.cosigner_user)
    late = p.signatures.get(member=o.other_member)
    assert services.expire_cosignature(late, today=timezone.localdate() + datetime.timedelta(days=60))
    p.refresh_from_db()
    assert p.state == ProposalState.SUBMITTED
    services.accept(proposal=p, actor=o.staff)
    services.assign_units(proposal=p, actor=o.staff, lead=o.unit, co_units=[o.other_unit])

    expired = StateChange.objects.get(action="expire_cosign", object_id=late.pk)
    assert expired.actor is None
    moved_on = StateChange.objects.get(content_type__model="proposal", object_id=p.pk, action="submit")
    assert moved_on.actor is None

    for user in (o.staff, o.member_user):
        client.force_login(user)
        page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
        assert "交办给 南谯区教育局（主办）" in page
        assert "交办给 南谯区卫健委（会办）" in page
        assert "确认联名：王委员" in page
        assert "逾期未确认，退出联名：李委员" in page
        assert "系统" in page


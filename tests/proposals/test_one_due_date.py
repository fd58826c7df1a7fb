"""The obligation is the only due date: assignments and co-signatures keep no copy, so an extension
shows the same date in every list, page and API; handling lasts at most the committee's maximum
counted from assignment, extensions included."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from proposals import selectors, services
from proposals.enums import ProposalKind
from proposals.errors import ProposalError
from proposals.models import Assignment, CoSignature, ProposalSettings
from supervision.enums import ObligationKind as K
from supervision.services import extend_obligation, obligations_for

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def test_no_due_date_column_can_drift():
    assert {"due_date", "original_due_date"}.isdisjoint(f.name for f in Assignment._meta.concrete_fields)
    assert "due_date" not in {f.name for f in CoSignature._meta.concrete_fields}


def test_an_extension_shows_the_same_date_in_every_list_page_and_api(client, pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        lead = pw.lead(p)
        assert lead.due_date == dt.date(2027, 6, 1)
        req = services.request_extension(assignment=lead, actor=pw.o.unit_user, reason="需要跨部门调研",
                                         requested_due_date=dt.date(2027, 8, 1))
        services.decide_extension(request=req, actor=pw.o.staff, approve=True)
    reply_ob = obligations_for(lead, K.PROPOSAL_REPLY).get()
    assert (reply_ob.due_date, reply_ob.original_due_date) == (dt.date(2027, 8, 1), dt.date(2027, 6, 1))
    with time_machine.travel(at(2027, 6, 2), tick=False):
        client.force_login(pw.o.unit_user)
        assert "2027-08-01" in client.get(reverse("proposals:inbox")).content.decode()
        row = client.get("/api/v1/proposal-assignments/").json()["results"][0]
        assert (row["due_date"], row["original_due_date"]) == ("2027-08-01", "2027-06-01")
        client.force_login(pw.o.staff)
        page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
        assert "2027-08-01" in page and "2027-06-01" not in page
        # not overdue: the list's overdue mark reads the (extended) obligation
        assert list(selectors.filter_overdue(selectors.proposals_visible_to(pw.o.staff))) == []
        assert client.get("/api/v1/proposals/", {"overdue": "true"}).json()["count"] == 0


def test_moving_the_obligation_moves_the_assignment(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        lead = pw.lead(p)
        extend_obligation(obligations_for(lead, K.PROPOSAL_REPLY).get(), new_due_date=dt.date(2027, 7, 1))
    assert pw.lead(p).due_date == dt.date(2027, 7, 1)
    assert selectors.unit_inbox(pw.o.unit_user).get().due_date == dt.date(2027, 7, 1)


def test_co_signer_deadline_is_the_obligations(client, pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.draft(kind=ProposalKind.JOINT)
        services.invite_cosigners(proposal=p, actor=pw.o.member_user, members=[pw.cosigner])
        services.submit(proposal=p, actor=pw.o.member_user)
        sig = p.signatures.get(member=pw.cosigner)
        ob = obligations_for(sig, K.PROPOSAL_COSIGN).get()
        assert sig.due_date == ob.due_date == dt.date(2027, 3, 8)
        client.force_login(pw.cosigner_user)
        assert "2027-03-08" in client.get(reverse("proposals:mine")).content.decode()
        rows = client.get("/api/v1/proposal-signatures/").json()["results"]
        assert [r["due_date"] for r in rows if r["member"] == pw.cosigner.pk] == ["2027-03-08"]


def test_approving_beyond_six_months_from_assignment_is_refused(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        lead = pw.lead(p)
        with pytest.raises(ProposalError, match="不能超过6个月（含延期），最迟 2027-09-01"):
            services.request_extension(assignment=lead, actor=pw.o.unit_user, reason="调研",
                                       requested_due_date=dt.date(2027, 9, 2))
        req = services.request_extension(assignment=lead, actor=pw.o.unit_user, reason="调研",
                                         requested_due_date=dt.date(2027, 9, 1))  # exactly the limit
        with pytest.raises(ProposalError, match="最迟 2027-09-01"):
            services.decide_extension(request=req, actor=pw.o.staff, approve=True, granted_due_date=dt.date(2027, 9, 30))
        assert pw.lead(p).due_date == dt.date(2027, 6, 1)  # nothing moved
        services.decide_extension(request=req, actor=pw.o.staff, approve=True)
        assert pw.lead(p).due_date == dt.date(2027, 9, 1)
        # a second extension cannot go past the same limit: the total counts from assignment
        with pytest.raises(ProposalError, match="最迟 2027-09-01"):
            services.request_extension(assignment=lead, actor=pw.o.unit_user, reason="再延",
                                       requested_due_date=dt.date(2027, 9, 10))


def test_the_maximum_is_a_committee_setting(pw):
    ProposalSettings.objects.create(committee=pw.o.county, max_handling_months=8)
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        req = services.request_extension(assignment=pw.lead(p), actor=pw.o.unit_user, reason="调研",
                                         requested_due_date=dt.date(2027, 10, 30))
        services.decide_extension(request=req, actor=pw.o.staff, approve=True)
        assert pw.lead(p).due_date == dt.date(2027, 10, 30)
        with pytest.raises(ProposalError, match="不能超过8个月（含延期），最迟 2027-11-01"):
            services.request_extension(assignment=pw.lead(p), actor=pw.o.unit_user, reason="再延",
                                       requested_due_date=dt.date(2027, 11, 2))


def test_my_proposals_mark_a_reply_owed_past_its_due_date(client, pw):
    # 我的提案 reads its rows as plain values (selectors.page_rows): the unit, its way of handling, the
    # due date, and "已逾期" once the date has passed without a reply
    with time_machine.travel(at(2027, 3, 1), tick=False):
        p = pw.handling()
        due = pw.lead(p).due_date
    with time_machine.travel(at(due.year, due.month, due.day) - dt.timedelta(days=1), tick=False):
        client.force_login(pw.o.member_user)
        before = client.get(reverse("proposals:mine")).content.decode()
    with time_machine.travel(at(due.year, due.month, due.day) + dt.timedelta(days=1), tick=False):
        client.force_login(pw.o.member_user)
        after = client.get(reverse("proposals:mine")).content.decode()
    unit = pw.lead(p).unit.name
    assert f"限 {due:%Y-%m-%d}" in before and unit in before and "已逾期" not in before
    assert f"限 {due:%Y-%m-%d}" in after and "已逾期" in after

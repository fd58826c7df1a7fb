"""The review queue at province scale: its query count does not grow with the rows, committees or
sessions on the page, and 并案 takes the main proposal's 案号 or number (no list of every proposal)."""

import datetime
import itertools

from django.urls import reverse

from members.models import Session, Term
from proposals import services
from proposals.enums import ProposalState
from proposals.models import DeclineGround, StagedDecision
from tests.proposals import builders as b
from tests.test_query_counts import assert_constant_queries

_n = itertools.count(1)


def _session(committee, number):
    term, _ = Term.objects.get_or_create(committee=committee, number=14, defaults={
        "name": "第十四届", "start_date": datetime.date(2022, 1, 1), "is_current": True})
    found, _ = Session.objects.get_or_create(term=term, number=number, defaults={
        "name": f"第{number}次会议", "start_date": datetime.date(2022 + number, 1, 10)})
    return found


def _spread_submissions(o, n):
    """n submitted proposals by turns in two counties and, in each, three sessions (as a city's staff sees)."""
    b.seed_lists()
    for _ in range(n):
        i = next(_n)
        county, user = (o.county, o.member_user) if i % 2 else (o.other_county, o.far_member_user)
        b.submitted(o, user, session=_session(county, 1 + i % 3), title=f"关于第{i}件事的建议")


def test_review_queue_queries_do_not_grow_with_rows_committees_or_sessions(client, org):
    client.force_login(org.city_staff)
    assert_constant_queries(client, reverse("proposals:review_queue"), org, _spread_submissions)


# ---------------------------------------------------------------- 并案 by 案号 or number


def _decide(client, proposal, mode="now", **fields):
    data = {f"d{proposal.pk}-{k}": v for k, v in fields.items()} | {"mode": mode, "confirmed": "1"}
    return client.post(reverse("proposals:decide", args=[proposal.pk]), data, follow=True)


def _other_county_accepted(org):
    """The other county's first accepted proposal of its own 十四届三次: the same 案号 as the county's first."""
    p = b.submitted(org, org.far_member_user, session=_session(org.other_county, 3), title="来安县的提案")
    return services.accept(proposal=p, actor=org.other_staff)


def test_merge_into_the_proposal_a_case_number_names(client, org):
    _other_county_accepted(org)  # 十四届三次-0001 of another county: not the one meant
    main = b.accepted(org)
    other = b.submitted(org)
    assert main.number == "十四届三次-0001"
    client.force_login(org.city_staff)  # sees both counties
    _decide(client, other, action="merge", merge_into=" 十四届三次-0001 ")
    other.refresh_from_db()
    assert (other.state, other.merged_into) == (ProposalState.MERGED, main)
    # within the session the sequence is enough ("0001", not proposal number 1)
    third = b.submitted(org)
    _decide(client, third, action="merge", merge_into="0001")
    third.refresh_from_db()
    assert (third.state, third.merged_into) == (ProposalState.MERGED, main)


def test_stage_a_merge_into_a_submitted_proposal_by_its_number(client, org):
    main, other = b.submitted(org), b.submitted(org)
    client.force_login(org.staff)
    _decide(client, other, mode="stage", action="merge", merge_into=str(main.pk))
    assert StagedDecision.objects.get(proposal=other).merge_into == main


def _bad_targets(org, proposal):
    """(who types, what, the message)."""
    far = _other_county_accepted(org)
    earlier = b.submitted(org, session=_session(org.county, 2), title="上一次会议的提案")
    declined = b.submitted(org, title="不予立案的提案")
    services.decline(proposal=declined, actor=org.staff, ground=DeclineGround.objects.filter(committee=None).first())
    return [
        (org.staff, "十四届三次-9999", "没有找到案号或编号为“十四届三次-9999”的提案。"),
        (org.staff, "0099", "没有找到案号或编号为“0099”的提案。"),
        (org.staff, "99999999999999999999", "没有找到案号或编号为“99999999999999999999”的提案。"),
        # another county's proposal: its own staff's, not to be named (nor its existence told) to this county
        (org.staff, far.number, f"没有找到案号或编号为“{far.number}”的提案。"),
        (org.staff, str(far.pk), f"没有找到案号或编号为“{far.pk}”的提案。"),
        # the city's staff see both counties: told why
        (org.city_staff, str(far.pk), f"提案“{far.pk}”与本提案不属于同一政协组织的同一次会议，不能并入。"),
        (org.staff, str(earlier.pk), f"提案“{earlier.pk}”与本提案不属于同一政协组织的同一次会议，不能并入。"),
        (org.staff, str(declined.pk), f"提案“{declined.pk}”当前状态为“不予立案”，不能作为并案的主提案。"),
        (org.staff, str(proposal.pk), "不能把提案并入它自己。"),
    ]


def test_a_bad_merge_target_is_refused_with_a_message_and_changes_nothing(client, org):
    proposal = b.submitted(org, title="待审查的提案")
    for user, typed, message in _bad_targets(org, proposal):
        client.force_login(user)
        for mode in ("now", "stage"):
            page = _decide(client, proposal, mode=mode, action="merge", merge_into=typed).content.decode()
            assert message in page, (typed, mode)
            assert f'value="{typed}"' in page  # the input comes back to be corrected
            proposal.refresh_from_db()
            assert (proposal.state, proposal.merged_into_id) == (ProposalState.SUBMITTED, None)
            assert not StagedDecision.objects.filter(proposal=proposal).exists()


def _decision_fields(page, pk):
    start = page.index(f'<label for="id_d{pk}-action"')
    return page[start:page.index('<button type="submit" name="mode" value="now">', start)]


def test_each_row_has_the_decision_form_of_its_own_proposal_page(client, org):
    """The queue renders a form once per set of options and gives each row its own names and ids."""
    b.seed_lists()
    DeclineGround.objects.create(committee=org.other_county, name="来安县自定的理由")
    rows = [b.submitted(org, title="南谯区的提案"),
            b.submitted(org, org.far_member_user, session=_session(org.other_county, 3), title="来安县的提案"),
            b.submitted(org, title="南谯区的另一件提案")]
    client.force_login(org.city_staff)
    queue = client.get(reverse("proposals:review_queue")).content.decode()
    assert "dROW" not in queue
    for p in rows:
        detail = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
        fields = _decision_fields(queue, p.pk)
        assert fields == _decision_fields(detail, p.pk)
        for name in ("action", "merge_into", "decline_ground", "convert_to", "note"):
            assert f'name="d{p.pk}-{name}"' in fields and f'id="id_d{p.pk}-{name}"' in fields
        assert ("来安县自定的理由" in fields) is (p.committee_id == org.other_county.pk)

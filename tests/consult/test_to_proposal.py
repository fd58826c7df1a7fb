"""转为提案: staff of an outcome's committee turn chosen recommendations into a collective proposal draft in
the name of the lead special committee of the topic's plan item, led by a member of that special committee;
the link is kept on the recommendation and shown on the outcome page."""

import pytest
from django.urls import reverse

from consult.errors import ConsultError, ConsultPermissionError
from consult.models import PlanItem, Recommendation
from consult.outcomes.to_proposal import to_proposal
from portal.audit import timeline
from proposals.enums import CollectiveKind, ProposalKind, ProposalState
from proposals.models import Proposal
from tests.consult import builders as b
from tests.factories import SpecialCommitteeFactory


@pytest.fixture
def led(org):
    """A sent outcome whose topic's plan item is led by 经济委员会, of which org.member is a member."""
    special = SpecialCommitteeFactory(committee=org.county, name="经济委员会")
    org.member.special_committee = special
    org.member.save(update_fields=["special_committee"])
    out = b.sent(org)
    PlanItem.objects.filter(topic=out.topic).update(lead_special_committee=special)
    out.refresh_from_db()
    out.topic.refresh_from_db()
    return out, special


def _refused(message, **kwargs):
    with pytest.raises(ConsultError) as exc:
        to_proposal(**kwargs)
    assert exc.value.message == message


def test_staff_turn_chosen_recommendations_into_a_collective_proposal_draft(org, led):
    out, special = led
    first, second = out.recommendations.order_by("number")
    proposal = to_proposal(outcome=out, actor=org.staff, recommendations=[second], lead_member=org.member)
    assert (proposal.kind, proposal.collective_kind, proposal.collective_special_committee, proposal.proposer,
            proposal.state, proposal.title) == (ProposalKind.COLLECTIVE, CollectiveKind.SPECIAL_COMMITTEE, special,
                                                org.member, ProposalState.DRAFT, out.title)
    assert proposal.suggestions == f"2. {second.text}"
    assert proposal.reason.startswith(f"根据协商成果《{out.title}》。")
    assert [r.proposal_id for r in out.recommendations.order_by("number")] == [None, proposal.pk]
    row = [r for r in timeline(out) if r.action == "to_proposal"]
    assert len(row) == 1 and row[0].actor == org.staff
    assert row[0].note == f"第 2 条建议转为集体提案（{special.name}名义，{org.member.name}领衔）草稿"
    _refused("第 2 条建议已转为提案，不能重复转。", outcome=out, actor=org.staff, recommendations=[first, second],
             lead_member=org.member)
    assert Proposal.objects.count() == 1
    assert Recommendation.objects.get(pk=first.pk).proposal_id is None


def test_refusals_without_a_lead_committee_a_wrong_lead_or_a_foreign_recommendation(org, led):
    out, special = led
    rec = out.recommendations.first()
    _refused("请选择要转为提案的建议条目。", outcome=out, actor=org.staff, recommendations=[], lead_member=org.member)
    _refused(f"{org.other_member.name}不是{special.name}的委员，不能领衔本提案。", outcome=out, actor=org.staff,
             recommendations=[rec], lead_member=org.other_member)
    _refused(f"请选择领衔委员（{special.name}的委员）。", outcome=out, actor=org.staff, recommendations=[rec],
             lead_member=None)
    other = b.sent(org)
    _refused("所选的建议条目不属于本成果。", outcome=out, actor=org.staff,
             recommendations=[other.recommendations.first()], lead_member=org.member)
    _refused("本成果的议题在年度协商计划中没有牵头专委会，不能以专委会名义转为集体提案。请先在计划事项中指定牵头专委会。",
             outcome=other, actor=org.staff, recommendations=[other.recommendations.first()], lead_member=org.member)
    for user in (org.member_user, org.leader, org.other_staff):
        with pytest.raises(ConsultPermissionError):
            to_proposal(outcome=out, actor=user, recommendations=[rec], lead_member=org.member)
    assert not Proposal.objects.exists()
    assert not Recommendation.objects.filter(proposal__isnull=False).exists()


def test_the_outcome_page_converts_and_shows_the_link(org, led, client):
    out, special = led
    first, second = out.recommendations.order_by("number")
    url = reverse("consult:outcome", args=[out.pk])
    client.force_login(org.staff)
    page = client.get(url).content.decode()
    assert f"以牵头专委会“{special.name}”名义形成集体提案草稿" in page
    assert f'<option value="{org.member.pk}">{org.member.name}</option>' in page
    assert org.other_member.name not in page.split('id="lead-member"')[1].split("</select>")[0]
    response = client.post(reverse("consult:outcome_to_proposal", args=[out.pk]),
                           {"recommendations": [first.pk], "lead_member": org.member.pk}, follow=True)
    page = response.content.decode()
    proposal = Proposal.objects.get()
    assert "已转为集体提案草稿，由领衔委员确认后提交。" in page
    assert f'已转为提案 <a href="{reverse("proposals:detail", args=[proposal.pk])}">{proposal.title}</a>（草稿）' in page
    # converted: no longer offered
    form = page.split('data-testid="to-proposal-form"')[1].split("</form>")[0]
    assert f'name="recommendations" value="{first.pk}"' not in form and f'name="recommendations" value="{second.pk}"' in form
    assert f"<strong>转为提案</strong> · 第 1 条建议转为集体提案（{special.name}名义，{org.member.name}领衔）草稿" in page
    # the lead member finds the draft among their proposals
    client.force_login(org.member_user)
    assert client.get(reverse("proposals:detail", args=[proposal.pk])).status_code == 200
    # readers see the link but no form; another county's staff do not see the outcome
    client.force_login(org.leader)
    page = client.get(url).content.decode()
    assert "已转为提案" in page and 'data-testid="to-proposal-form"' not in page
    assert client.post(reverse("consult:outcome_to_proposal", args=[out.pk]),
                       {"recommendations": [second.pk], "lead_member": org.member.pk}).status_code == 403
    client.force_login(org.other_staff)
    assert client.post(reverse("consult:outcome_to_proposal", args=[out.pk]),
                       {"recommendations": [second.pk], "lead_member": org.member.pk}).status_code == 404
    assert Proposal.objects.count() == 1


def test_the_page_says_why_an_outcome_without_a_lead_committee_cannot_be_converted(org, client):
    out = b.sent(org)
    client.force_login(org.staff)
    page = client.get(reverse("consult:outcome", args=[out.pk])).content.decode()
    assert "本成果的议题在年度协商计划中没有牵头专委会，不能转为集体提案。" in page
    response = client.post(reverse("consult:outcome_to_proposal", args=[out.pk]),
                           {"recommendations": [out.recommendations.first().pk], "lead_member": org.member.pk}, follow=True)
    assert "请先在计划事项中指定牵头专委会。" in response.content.decode()
    assert not Proposal.objects.exists()

"""转为提案: staff of an outcome's committee turn chosen recommendations into a collective proposal draft.

The proposer rule: a collective proposal in the name of the lead special committee (牵头专委会) of the plan
item of the outcome's topic (or of its meeting). No lead special committee: refused. A proposal needs a
member who leads it (领衔, proposals.Proposal.proposer), and a draft is seen and submitted only by its
proposer: staff pick an active member of that special committee with a login; the draft is made through
proposals.services.create_draft in that member's name (its "create" timeline row names them), and it
reaches review only when they submit it. The consultation side keeps the link (Recommendation.proposal)
and writes the outcome's timeline row "to_proposal" with the staff member as actor."""

from django.db import transaction
from django.utils.translation import gettext as _

from portal import limits
from portal.audit import record_transition

from ..common import reference, require_manage
from ..errors import ConsultError
from ..models import Recommendation


def lead_special_committee(outcome):
    """The lead special committee of the plan item of the outcome's topic, else of its meeting; or None."""
    for item in (getattr(outcome.topic, "plan_item", None) if outcome.topic_id else None,
                 outcome.meeting.plan_item if outcome.meeting_id else None):
        if item is not None and item.lead_special_committee_id:
            return item.lead_special_committee
    return None


def lead_candidates(special_committee):
    """Members who may lead the proposal: active members of the special committee with a login."""
    from members.models import Member

    return Member.objects.filter(special_committee=special_committee, active=True, user__isnull=False).order_by("name", "id")


def to_proposal(*, outcome, actor, recommendations, lead_member):
    """Make a collective proposal draft (集体提案, 专门委员会名义) from `recommendations` of `outcome`, led by
    `lead_member`. Side effects: the draft (proposals.services.create_draft), each recommendation linked to
    it, the outcome's timeline row. Refused: no lead special committee, no or foreign or already converted
    recommendations, a lead member not of that special committee or without a login."""
    from proposals.enums import CollectiveKind, ProposalKind
    from proposals.errors import ProposalError
    from proposals.services import create_draft

    require_manage(actor, outcome.committee)
    special = lead_special_committee(outcome)
    if special is None:
        raise ConsultError(_("本成果的议题在年度协商计划中没有牵头专委会，不能以专委会名义转为集体提案。"
                             "请先在计划事项中指定牵头专委会。"))
    chosen = list(dict.fromkeys(recommendations or []))
    if not chosen:
        raise ConsultError(_("请选择要转为提案的建议条目。"))
    if any(r.outcome_id != outcome.pk for r in chosen):
        raise ConsultError(_("所选的建议条目不属于本成果。"))
    if lead_member is None:
        raise ConsultError(_("请选择领衔委员（%(special)s的委员）。") % {"special": special.name})
    reference(lead_member, outcome.committee, _("领衔委员"))
    if lead_member.special_committee_id != special.pk:
        raise ConsultError(_("%(member)s不是%(special)s的委员，不能领衔本提案。") % {
            "member": lead_member.name, "special": special.name})
    if lead_member.user_id is None:
        raise ConsultError(_("%(member)s没有登录账号，无法提交提案，请选择其他委员。") % {"member": lead_member.name})
    chosen.sort(key=lambda r: r.number)
    suggestions = "\n".join(f"{r.number}. {r.text}" for r in chosen)
    if len(suggestions) > limits.LONG_TEXT:
        raise ConsultError(_("所选建议合计超过 %(limit)d 个字符，请分次转为提案。") % {"limit": limits.LONG_TEXT})
    reason = (_("根据协商成果《%(title)s》。") % {"title": outcome.title} + "\n" + outcome.text)[: limits.LONG_TEXT]
    numbers = _("、").join(str(r.number) for r in chosen)
    with transaction.atomic():
        locked = list(Recommendation.objects.select_for_update().filter(pk__in=[r.pk for r in chosen]).order_by("number"))
        done = [str(r.number) for r in locked if r.proposal_id]
        if done:
            raise ConsultError(_("第 %(numbers)s 条建议已转为提案，不能重复转。") % {"numbers": _("、").join(done)})
        try:
            proposal = create_draft(
                actor=lead_member.user, title=outcome.title, kind=ProposalKind.COLLECTIVE,
                collective_kind=CollectiveKind.SPECIAL_COMMITTEE, collective_special_committee=special,
                reason=reason, suggestions=suggestions)
        except ProposalError as exc:
            raise ConsultError(exc.message) from exc
        Recommendation.objects.filter(pk__in=[r.pk for r in locked]).update(proposal=proposal)
        record_transition(outcome, actor=actor, action="to_proposal", note=_(
            "第 %(numbers)s 条建议转为集体提案（%(special)s名义，%(member)s领衔）草稿") % {
                "numbers": numbers, "special": special.name, "member": lead_member.name})
    for r in chosen:
        r.proposal = proposal
    return proposal

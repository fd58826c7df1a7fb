"""Review by the proposal committee's staff: accept (numbered), return, merge, convert, decline; staged
decisions applied in bulk; key proposals."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from members.enums import Role
from members.models import RoleAssignment, Session
from members.scopes import require_in_scope, scope_for
from portal.audit import record_transition
from supervision.enums import ObligationKind as K
from supervision.messages import Message

from .. import rules, search
from ..enums import (
    ACCEPTED_STATES,
    ConvertTarget,
    ProposalState,
    StagedAction,
)
from ..errors import ProposalError, ProposalPermissionError
from ..models import DeclineGround, Proposal, StagedDecision
from ..notify import notify, users_of_members
from . import deadlines
from .transitions import check, lock, perform

S = ProposalState
# ConvertTarget's labels as message ids (a notification renders them in each reader's language)
CONVERTED_TO = {ConvertTarget.OPINION: gettext_noop("转意见建议"), ConvertTarget.SOCIAL: gettext_noop("转社情民意信息")}


def require_staff(actor, proposal):
    if not rules.manages_proposal(actor, proposal):
        raise ProposalPermissionError(_("只有本级政协机关工作人员可以执行此操作。"))


def _signers(proposal):
    return [s.member for s in proposal.signatures.select_related("member__user") if s.state == "confirmed"]


def _decided(proposal, *, actor, title):
    """After any review decision: meet the review obligation, drop a staged mark, tell the signers."""
    deadlines.meet(proposal, K.PROPOSAL_REVIEW, actor=actor, note=proposal.get_state_display())
    StagedDecision.objects.filter(proposal=proposal).delete()
    notify(users_of_members(_signers(proposal)), title=title, body=proposal.decision_note,
           url=deadlines.proposal_url(proposal))


def _next_sequence(session):
    """Lock the session row (serialises numbering per session) and return the next free sequence."""
    Session.objects.select_for_update().get(pk=session.pk)
    top = Proposal.objects.filter(session=session).aggregate(m=Max("sequence"))["m"] or 0
    return top + 1


def accept(*, proposal, actor, note=""):
    """立案: number the proposal per session (e.g. 十四届三次-0123) and mark it accepted.

    Concurrency-safe: the proposal row and the session row are locked, and (session, sequence) is
    unique. Side effects: review Obligation met, staged mark removed, signers notified, timeline row,
    the search row re-indexed (the 案号).
    """
    require_staff(actor, proposal)
    with transaction.atomic():
        current = lock(proposal)
        check(current, "accept")
        if current.session_id is None:
            raise ProposalError(_("该提案没有所属届次会议，不能编号立案。请先设置届次会议。"))
        seq = _next_sequence(current.session)
        number = f"{current.session.code}-{seq:04d}"
        perform(current, "accept", actor=actor, note=note, locked=True,
                fields={"sequence": seq, "number": number, "accepted_at": timezone.now(), "decision_note": note})
        search.index_proposal(current)  # the 案号 is searchable from now on
        _decided(current, actor=actor, title=Message(gettext_noop("您的提案《%(title)s》已立案，案号 %(number)s"), title=current.title, number=number))
    proposal.number, proposal.sequence = current.number, current.sequence
    return current


def return_for_revision(*, proposal, actor, note):
    """退回修改 with the staff's reasons (required). The proposer edits and submits again."""
    require_staff(actor, proposal)
    if not (note or "").strip():
        raise ProposalError(_("退回修改时请写明修改意见。"))
    with transaction.atomic():
        current = perform(proposal, "return", actor=actor, note=note, fields={"decision_note": note})
        _decided(current, actor=actor, title=Message(gettext_noop("您的提案《%(title)s》被退回修改"), title=current.title))
    return current


def merge(*, proposal, into, actor, note=""):
    """并案: handle `proposal` together with `into` (same committee; submitted, accepted or in handling).

    The merged proposal's signers are notified and follow the main proposal's replies (they can see
    it); it closes when the main proposal closes. Side effects: review Obligation met, timeline rows.
    """
    require_staff(actor, proposal)
    if into.pk == proposal.pk:
        raise ProposalError(_("不能把提案并入它自己。"))
    require_in_scope(into, proposal.committee, _("并入的提案"), error=ProposalError)
    with transaction.atomic():
        first, second = sorted([proposal, into], key=lambda p: p.pk)
        locked = {p.pk: lock(p) for p in (first, second)}
        main = locked[into.pk]
        if main.merged_into_id or main.state not in {S.SUBMITTED} | ACCEPTED_STATES - {S.CLOSED}:
            raise ProposalError(
                _("主提案《%(title)s》当前状态为“%(state)s”，不能作为并案的主提案。")
                % {"title": main.title, "state": main.get_state_display()}
            )
        current = perform(locked[proposal.pk], "merge", actor=actor, locked=True,
                          note=note or _("并入《%(title)s》") % {"title": main.title}, fields={"merged_into": main, "decision_note": note})
        record_transition(main, actor=actor, action="merge_in", from_state=main.state, to_state=main.state,
                          note=_("并入提案《%(title)s》（%(proposer)s）") % {"title": current.title, "proposer": current.proposer_display})
        _decided(current, actor=actor,
                 title=Message(gettext_noop("您的提案《%(title)s》已并入《%(main)s》办理，答复将随主提案送达"),
                               title=current.title, main=main.title))
    return current


def convert(*, proposal, actor, to=ConvertTarget.OPINION, note=""):
    """转意见建议 / 转社情民意信息: not a proposal, passed on as an opinion. Review Obligation met."""
    require_staff(actor, proposal)
    if to not in ConvertTarget.values:
        raise ProposalError(_("请选择转为意见建议或社情民意信息。"))
    with transaction.atomic():
        current = perform(proposal, "convert", actor=actor, note=note,
                          fields={"converted_to": to, "decision_note": note})
        _decided(current, actor=actor, title=Message(gettext_noop("您的提案《%(title)s》已%(target)s"), title=current.title,
                                                      target=Message(CONVERTED_TO[to])))
    return current


def decline(*, proposal, actor, ground, note=""):
    """不予立案 with one of the committee's listed grounds (DeclineGround). Review Obligation met."""
    require_staff(actor, proposal)
    if ground is None or not DeclineGround.objects.for_committee(proposal.committee).filter(pk=ground.pk).exists():
        raise ProposalError(_("请从本级政协的不予立案理由中选择一项。"))
    with transaction.atomic():
        current = perform(proposal, "decline", actor=actor, note=note or ground.name,
                          fields={"decline_ground": ground, "decision_note": note})
        _decided(current, actor=actor, title=Message(gettext_noop("您的提案《%(title)s》不予立案：%(ground)s"), title=current.title,
                                                      ground=ground.name))
    return current


def decide(*, proposal, actor, action, merge_into=None, decline_ground=None, convert_to=ConvertTarget.OPINION, note=""):
    """Apply one review decision (a StagedAction value) through the matching service."""
    if action == StagedAction.ACCEPT:
        return accept(proposal=proposal, actor=actor, note=note)
    if action == StagedAction.RETURN:
        return return_for_revision(proposal=proposal, actor=actor, note=note)
    if action == StagedAction.MERGE:
        if merge_into is None:
            raise ProposalError(_("请选择要并入的提案。"))
        return merge(proposal=proposal, into=merge_into, actor=actor, note=note)
    if action == StagedAction.CONVERT:
        return convert(proposal=proposal, actor=actor, to=convert_to or ConvertTarget.OPINION, note=note)
    if action == StagedAction.REJECT:
        return decline(proposal=proposal, actor=actor, ground=decline_ground, note=note)
    raise ProposalError(_("未知的审查意见。"))


def stage_decision(*, proposal, actor, action, merge_into=None, decline_ground=None, convert_to="", note=""):
    """Mark a submitted proposal "拟立案 / 拟退回 / …" without deciding yet (replaces an earlier mark).

    Validates what the decision will need (merge target, decline ground, note for a return) now,
    so applying in bulk rarely fails. Timeline row "stage". Returns the StagedDecision.
    """
    require_staff(actor, proposal)
    if action not in StagedAction.values:
        raise ProposalError(_("未知的审查意见。"))
    if action == StagedAction.MERGE and merge_into is None:
        raise ProposalError(_("拟并案时请选择要并入的提案。"))
    if action == StagedAction.REJECT and decline_ground is None:
        raise ProposalError(_("拟不予立案时请选择理由。"))
    if action == StagedAction.RETURN and not note.strip():
        raise ProposalError(_("拟退回修改时请写明修改意见。"))
    require_in_scope(merge_into, proposal.committee, _("并入的提案"), error=ProposalError)
    require_in_scope(decline_ground, proposal.committee, _("不予立案理由"), error=ProposalError, shared=True)
    with transaction.atomic():
        current = lock(proposal)
        check(current, "stage")
        staged, _created = StagedDecision.objects.update_or_create(
            proposal=current,
            defaults=dict(action=action, merge_into=merge_into, decline_ground=decline_ground,
                          convert_to=convert_to or "", note=note, staged_by=actor),
        )
        record_transition(current, actor=actor, action="stage", from_state=current.state, to_state=current.state,
                          note=staged.get_action_display())
    return staged


def clear_staged_decision(*, proposal, actor):
    """Remove a proposal's staged mark."""
    require_staff(actor, proposal)
    StagedDecision.objects.filter(proposal=proposal).delete()


def apply_staged_decisions(*, actor, proposals=None):
    """Apply staged marks in bulk: each in its own transaction, so one failure does not stop the rest.

    `proposals` limits it to some proposals (a queryset or list); default: every staged mark the actor
    may manage. Returns {"applied": [Proposal], "failed": [(Proposal, Chinese message)]}.
    """
    from ..selectors import proposals_visible_to

    if not scope_for(actor).is_staff:
        raise ProposalPermissionError(_("只有机关工作人员可以批量执行审查意见。"))
    staged = StagedDecision.objects.filter(proposal__in=proposals_visible_to(actor)).select_related(
        "proposal__committee", "proposal__session__term", "merge_into", "decline_ground"
    )
    if proposals is not None:
        staged = staged.filter(proposal__in=[p.pk for p in proposals])
    result = {"applied": [], "failed": []}
    for mark in staged.order_by("proposal__submitted_at", "proposal_id"):
        try:
            done = decide(proposal=mark.proposal, actor=actor, action=mark.action, merge_into=mark.merge_into,
                          decline_ground=mark.decline_ground, convert_to=mark.convert_to, note=mark.note)
            result["applied"].append(done)
        except ProposalError as exc:
            result["failed"].append((mark.proposal, exc.message))
    return result


def mark_key(*, proposal, actor, is_key=True, leaders=(), meeting_date=None, meeting_note=""):
    """重点提案: chosen by the chairs' meeting, each supervised by leaders (领衔督办) with a handling meeting.

    Only accepted proposals. `leaders` are users holding the leader role in this committee or above.
    Key proposals get a 回头看 Obligation when their replies are approved. Timeline row "mark_key".
    """
    require_staff(actor, proposal)
    leaders = list(leaders)
    allowed = {
        ra.user_id for ra in RoleAssignment.objects.filter(role=Role.LEADER, user__in=leaders).select_related("committee")
        if proposal.committee.path.startswith(ra.committee.path)
    }
    bad = [u for u in leaders if u.pk not in allowed]
    if bad:
        names = _("、").join(u.get_full_name() or u.username for u in bad)
        raise ProposalError(_("%(names)s不是本级政协主席会议成员，不能领衔督办。") % {"names": names})
    if is_key and not leaders:
        raise ProposalError(_("重点提案须确定领衔督办的领导。"))
    with transaction.atomic():
        current = lock(proposal)
        check(current, "mark_key")
        current.is_key = bool(is_key)
        current.key_meeting_date = meeting_date
        current.key_meeting_note = meeting_note
        current.save(update_fields=["is_key", "key_meeting_date", "key_meeting_note", "updated_at"])
        current.supervising_leaders.set(leaders if is_key else [])
        record_transition(current, actor=actor, action="mark_key", from_state=current.state, to_state=current.state,
                          note=("确定为重点提案，领衔督办：" + "、".join(u.get_full_name() or u.username for u in leaders))
                          if is_key else "取消重点提案")
        if is_key:
            notify(leaders, title=Message(gettext_noop("请领衔督办重点提案《%(title)s》"), title=current.title), url=deadlines.proposal_url(current))
    proposal.is_key = current.is_key
    return current

"""Handling and closing: contacts, co-handler opinions, replies, staff review, ratings, re-handling, 办结."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.audit import record_transition
from supervision.calendar import add_workdays
from supervision.enums import ObligationKind as K
from supervision.enums import OwnerKind

from .. import rules
from ..enums import (
    REPLYING_ROLES,
    AssignmentRole,
    AssignmentState,
    AttachmentPurpose,
    ContactWay,
    ProposalState,
    Relevance,
    ReplyState,
    Satisfaction,
)
from ..errors import ProposalError, ProposalPermissionError
from ..files import checked_file
from ..models import CoHandlerOpinion, ContactLog, Proposal, Rating, Reply, ReplyCategory
from ..notify import notify, staff_of, users_of_members, users_of_unit
from . import deadlines
from .assignment import require_unit
from .drafting import store_attachment
from .review import require_staff
from .transitions import lock, require_state, transition

A = AssignmentState
S = ProposalState


def record_contact(*, assignment, actor, date, way, note=""):
    """办前沟通 and later contacts with the proposer (counted for "321"). Only the assigned unit.

    The first contact meets the pre-handling contact Obligation. Returns the ContactLog.
    """
    require_unit(actor, assignment)
    if way not in ContactWay.values:
        raise ProposalError(_("请选择沟通方式。"))
    if date > timezone.localdate():
        raise ProposalError(_("沟通日期不能晚于今天。"))
    with transaction.atomic():
        current = lock(assignment)
        require_state(current, [A.ASSIGNED, A.REPLIED, A.ANSWERED, A.REHANDLING], pgettext("action", "记录沟通情况"))
        log = ContactLog.objects.create(assignment=current, date=date, way=way, note=note, recorded_by=actor)
        record_transition(current, actor=actor, action="contact", from_state=current.state, to_state=current.state,
                          note=f"{date:%Y-%m-%d} {log.get_way_display()} {note}".strip())
        deadlines.meet(current, K.PROPOSAL_CONTACT, actor=actor, note=log.get_way_display())
    return log


def send_co_opinion(*, assignment, actor, body, uploaded=None):
    """会办意见 to the lead unit (never shown to the proposer). Only the co-handling unit, once.

    Side effects: assignment → 已答复, its adjustment and opinion Obligations met, an optional
    attachment, the lead unit's liaisons notified.
    """
    require_unit(actor, assignment)
    if assignment.role != AssignmentRole.CO:
        raise ProposalError(_("只有会办单位提交会办意见；主办、分办单位请提交答复。"))
    if not body.strip():
        raise ProposalError(_("请填写会办意见。"))
    with transaction.atomic():
        current = transition(assignment, to=A.ANSWERED, actor=actor, action="co_opinion", note=body[:200])
        opinion = CoHandlerOpinion.objects.create(assignment=current, body=body, sent_by=actor)
        if uploaded is not None:
            store_attachment(proposal=current.proposal, uploaded=uploaded, actor=actor,
                             purpose=AttachmentPurpose.OPINION, opinion=opinion)
        deadlines.meet(current, K.PROPOSAL_ADJUST, actor=actor, note="已提交会办意见")
        deadlines.meet(current, K.PROPOSAL_REPLY, actor=actor, note="已提交会办意见")
        lead = current.proposal.assignments.filter(role=AssignmentRole.LEAD).exclude(state=A.WITHDRAWN).first()
        if lead:
            notify(users_of_unit(lead.unit), title=f"{current.unit.name}对提案《{current.proposal.title}》提出了会办意见",
                   url=deadlines.proposal_url(current.proposal))
    return opinion


def _reply_category(proposal, category):
    if category is None or not ReplyCategory.objects.for_committee(proposal.committee).filter(pk=category.pk).exists():
        raise ProposalError(_("请选择答复类别（A、B、C 类）。"))
    return category


def submit_reply(*, assignment, actor, category, body, letter=None, letter_number="", signed_by="",
                 contact_name="", contact_phone=""):
    """答复: a lead or separate unit replies (category A/B/C, text, letter). Needs a recorded contact first.

    `letter` is an uploaded PDF/DOCX (checked by content); without one a DOCX letter is generated
    from the fields (proposals.letters). Side effects: a Reply (this round) awaiting staff review,
    assignment → 答复待审核, the reply / re-handling and adjustment Obligations met, a staff review
    Obligation, staff notified.
    """
    require_unit(actor, assignment)
    if assignment.role not in REPLYING_ROLES:
        raise ProposalError(_("会办单位不直接答复提案人，请向主办单位提交会办意见。"))
    if not body.strip():
        raise ProposalError(_("请填写答复内容。"))
    proposal = assignment.proposal
    _reply_category(proposal, category)
    with transaction.atomic():
        current = lock(assignment)
        if not current.contacts.exists():
            raise ProposalError(_("答复前须先与提案人沟通（办前沟通），请先记录沟通情况。"))
        rehandling = current.state == A.REHANDLING
        current = transition(current, to=A.REPLIED, actor=actor, action="reply", locked=True,
                             note=f"{category.code} 类答复")
        reply = Reply.objects.create(
            assignment=current, round=current.round, category=category, body=body, letter_number=letter_number,
            signed_by=signed_by, contact_name=contact_name, contact_phone=contact_phone, submitted_by=actor,
        )
        if letter is None:
            from ..letters import generated_name, reply_letter_docx

            letter = ContentFile(reply_letter_docx(reply), name=generated_name(proposal))
        store_attachment(proposal=proposal, uploaded=letter, actor=actor,
                         purpose=AttachmentPurpose.REPLY_LETTER, reply=reply)
        deadlines.meet(current, K.PROPOSAL_ADJUST, actor=actor, note="已答复")
        deadlines.meet(current, K.PROPOSAL_REHANDLE if rehandling else K.PROPOSAL_REPLY, actor=actor, note="已提交答复")
        deadlines.reply_review_deadline(reply, actor=actor)
        notify(staff_of(proposal.committee), title=f"{current.unit.name}提交了提案《{proposal.title}》的答复，请审核",
               url=deadlines.proposal_url(proposal))
    return reply


def raters(proposal):
    """Members who rate replies: the proposer and every confirmed co-signer (members with user accounts or not)."""
    ids = rules.rater_ids(proposal)
    from members.models import Member

    by_id = Member.objects.select_related("user").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def review_reply(*, reply, actor, approve, category=None, note=""):
    """督办审核 of one reply before the proposer sees it: approve (optionally correcting the category)
    or send back with a note.

    Approve: reply → 审核通过, assignment → 已答复, rating Obligations for the proposer and each
    confirmed co-signer, a 回头看 Obligation six months on for a B-type category or a key proposal, the
    proposal → 已答复待评价 once every replying unit is answered; signers notified.
    Send back: reply → 退回修改, the assignment back to its round, a new reply Obligation (at least
    5 working days); the unit notified. The review Obligation is met either way. A corrected category is
    written again into a generated DOCX letter (an uploaded letter is left as the unit signed it).
    """
    assignment = reply.assignment
    proposal = assignment.proposal
    require_staff(actor, proposal)
    if not approve and not note.strip():
        raise ProposalError(_("退回答复时请写明意见。"))
    if category is not None:
        _reply_category(proposal, category)
    with transaction.atomic():
        lock(proposal)
        current_assignment = lock(assignment)
        fields = {"reviewer": actor, "reviewed_at": timezone.now(), "review_note": note}
        if approve and category is not None and category.pk != reply.category_id:
            fields |= {"submitted_category": reply.category, "category": category}
        reply = transition(reply, to=ReplyState.APPROVED if approve else ReplyState.SENT_BACK, actor=actor,
                           action="review_reply", note=note, fields=fields)
        deadlines.meet(reply, K.PROPOSAL_REPLY_REVIEW, actor=actor, note=reply.get_state_display())
        if approve:
            if "category" in fields:
                _rewrite_generated_letter(reply, proposal)
            _approved(reply, current_assignment, proposal, actor=actor)
        else:
            _sent_back(reply, current_assignment, proposal, actor=actor, note=note)
    return reply


def _rewrite_generated_letter(reply, proposal):
    """The generated letter states the reply category: write it again after staff corrected the category
    (same attachment row, new file; the old file is deleted after commit)."""
    from ..letters import generated_name, reply_letter_docx

    for attachment in reply.attachments.filter(purpose=AttachmentPurpose.REPLY_LETTER,
                                               original_name=generated_name(proposal)):
        old = attachment.file.name
        content, _original, _type, size = checked_file(ContentFile(reply_letter_docx(reply), name=generated_name(proposal)))
        attachment.file.save(content.name, content, save=False)
        attachment.size = size
        attachment.save(update_fields=["file", "size"])
        transaction.on_commit(lambda name=old, storage=attachment.file.storage: storage.delete(name))


def _approved(reply, assignment, proposal, *, actor):
    transition(assignment, to=A.ANSWERED, actor=actor, action="reply_approved", locked=True)
    people = raters(proposal)
    deadlines.rating_deadlines(reply, people, actor=actor)
    if reply.category.triggers_review or proposal.is_key:
        deadlines.lookback_deadline(assignment, actor=actor)
    sync_proposal_state(proposal, actor=actor)
    followers = people + [p.proposer for p in proposal.merged_proposals.select_related("proposer__user")]
    notify(users_of_members(followers), title=f"{assignment.unit.name}已答复提案《{proposal.title}》，请查看并评价",
           url=deadlines.proposal_url(proposal))


def _sent_back(reply, assignment, proposal, *, actor, note):
    back = A.REHANDLING if assignment.round > 1 else A.ASSIGNED
    transition(assignment, to=back, actor=actor, action="reply_sent_back", note=note, locked=True)
    due = max(assignment.due_date or timezone.localdate(), add_workdays(timezone.localdate(), 5))
    deadlines.open_obligation(
        proposal=proposal, subject=assignment, kind=K.PROPOSAL_REHANDLE if back == A.REHANDLING else K.PROPOSAL_REPLY,
        title=f"修改答复：提案《{proposal.title}》", due=due, owner_kind=OwnerKind.UNIT, owner_unit=assignment.unit,
        actor=actor,
    )
    notify(users_of_unit(assignment.unit), title=f"提案《{proposal.title}》的答复被退回修改", body=note,
           url=deadlines.proposal_url(proposal))


def sync_proposal_state(proposal, *, actor=None, note=""):
    """Derive the proposal's handling state from its replying assignments (proposal row locked by caller).

    All answered → 已答复待评价; any in a re-handling round → 重新办理; otherwise 办理中.
    """
    proposal.refresh_from_db(fields=["state"])
    replying = list(proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(state=A.WITHDRAWN))
    if not replying or proposal.state not in {S.HANDLING, S.REPLIED, S.REHANDLING}:
        return proposal
    if all(a.state in (A.ANSWERED, A.CLOSED) for a in replying):
        target = S.REPLIED
    elif any(a.round > 1 and a.state in (A.REHANDLING, A.REPLIED) for a in replying):
        target = S.REHANDLING
    else:
        target = S.HANDLING
    if target != proposal.state:
        transition(proposal, to=target, actor=actor, action="sync", note=note, locked=True)
    return proposal


def current_replies(proposal):
    """The approved reply of the current round of each replying assignment (None where not yet approved)."""
    out = {}
    for a in proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(state=A.WITHDRAWN):
        out[a] = a.replies.filter(round=a.round, state=ReplyState.APPROVED).order_by("-id").first()
    return out


def rate_reply(*, reply, actor, attitude, relevance, result, note=""):
    """办理评价 by the proposer or a confirmed co-signer, once per reply.

    The proposer's rating decides (领衔提案人评价为准): 不满意 starts re-handling of that assignment;
    otherwise the proposal closes once the proposer has rated every current reply. Co-signers' ratings
    are recorded (statistics, unit evaluation). Side effects: Rating row, the rater's rating Obligation met.
    """
    proposal = reply.assignment.proposal
    member = rules._member(actor)
    if member is None or not rules.may_rate(actor, proposal):
        raise ProposalPermissionError(_("只有提案人和联名委员可以评价答复。"))
    if attitude not in Satisfaction.values or result not in Satisfaction.values or relevance not in Relevance.values:
        raise ProposalError(_("请完整选择办理态度、答复针对性和办理结果。"))
    if result == Satisfaction.UNSATISFIED and not note.strip():
        raise ProposalError(_("评价为不满意时，请写明意见，以便承办单位重新办理。"))
    with transaction.atomic():
        current_proposal = lock(proposal)
        fresh = lock(reply)
        if fresh.state != ReplyState.APPROVED or fresh.round != fresh.assignment.round:
            raise ProposalError(_("只能评价审核通过的最新一轮答复。"))
        if Rating.objects.filter(reply=fresh, rater=member).exists():
            raise ProposalError(_("您已评价过这份答复。"))
        rating = Rating.objects.create(reply=fresh, rater=member, attitude=attitude, relevance=relevance,
                                       result=result, note=note)
        record_transition(current_proposal, actor=actor, action="rate", from_state=current_proposal.state,
                          to_state=current_proposal.state,
                          note=f"{member.name}评价{fresh.assignment.unit.name}的答复：{rating.get_result_display()}")
        deadlines.meet(fresh, K.PROPOSAL_RATING, actor=actor, owner_member=member, note=rating.get_result_display())
        if member.pk == current_proposal.proposer_id and current_proposal.state != S.CLOSED:
            if result == Satisfaction.UNSATISFIED:
                start_rehandling(assignment=fresh.assignment, actor=actor, note=note, _locked_proposal=current_proposal)
            else:
                close_if_rated(current_proposal, actor=actor)
    return rating


def start_rehandling(*, assignment, actor, note="", _locked_proposal=None):
    """重新办理 after 不满意: the assignment opens round n+1 with a re-handling Obligation (3 months);
    open rating Obligations of the old reply are waived; proposal → 重新办理; unit and staff notified.
    Called by rate_reply for the proposer's 不满意, or by staff (e.g. when a 回头看 shows no progress) on an
    assignment whose reply was approved (已答复); a note is required either way (the unit reads it).
    """
    proposal = assignment.proposal
    if not (note or "").strip():
        raise ProposalError(_("要求重新办理时请写明意见。"))
    if _locked_proposal is None:
        if not rules.manages_proposal(actor, proposal):
            raise ProposalPermissionError(_("只有本级政协机关工作人员可以要求重新办理。"))
    with transaction.atomic():
        current_proposal = _locked_proposal or lock(proposal)
        current = lock(assignment)
        if current.role not in REPLYING_ROLES:
            raise ProposalError(_("会办单位不单独重新办理。"))
        old_reply = current.replies.filter(round=current.round, state=ReplyState.APPROVED).order_by("-id").first()
        due = deadlines.rehandle_due_date(current_proposal)
        transition(current, to=A.REHANDLING, actor=actor, action="rehandle", note=note, locked=True,
                   fields={"round": current.round + 1, "due_date": due, "original_due_date": due})
        deadlines.rehandle_deadline(current, due=due, actor=actor)
        if old_reply:
            deadlines.waive(old_reply, K.PROPOSAL_RATING, actor=actor, note="已转重新办理")
        deadlines.waive(current, K.REVIEW, actor=actor, note="已转重新办理，回头看以新答复为准")
        sync_proposal_state(current_proposal, actor=actor, note=note)
        notify(users_of_unit(current.unit) + staff_of(current_proposal.committee),
               title=f"提案《{current_proposal.title}》提案人不满意，请重新办理并当面沟通", body=note,
               url=deadlines.proposal_url(current_proposal))
    return current


def close_if_rated(proposal, *, actor=None):
    """Close a replied proposal when the proposer has rated every current reply (none 不满意)."""
    if proposal.state != S.REPLIED:
        return False
    replies = current_replies(proposal)
    if not replies or any(r is None for r in replies.values()):
        return False
    rated = Rating.objects.filter(reply__in=[r.pk for r in replies.values()], rater_id=proposal.proposer_id)
    if rated.count() < len(replies) or rated.filter(result=Satisfaction.UNSATISFIED).exists():
        return False
    _close(proposal, actor=actor, note="提案人已评价，办结")
    return True


def close_proposal(*, proposal, actor, note=""):
    """办结 by staff of a proposal whose replies are all approved (e.g. after talking with the proposer).

    Same side effects as the automatic closing (see _close)."""
    if not rules.manages_proposal(actor, proposal):
        raise ProposalPermissionError(_("只有本级政协机关工作人员可以办结提案。"))
    return _close(proposal, actor=actor, note=note)


def _close(proposal, *, actor=None, note=""):
    """办结: proposal (and proposals merged into it) closed, its answered assignments closed, the
    remaining rating Obligations waived with the note; signers notified."""
    with transaction.atomic():
        current = lock(proposal)
        now = timezone.now()
        transition(current, to=S.CLOSED, actor=actor, action="close", note=note, locked=True, fields={"closed_at": now})
        for a in current.assignments.filter(state=A.ANSWERED):
            transition(a, to=A.CLOSED, actor=actor, action="close", fields={"closed_at": now})
            for r in a.replies.filter(state=ReplyState.APPROVED):
                deadlines.waive(r, K.PROPOSAL_RATING, actor=actor, note=note or "提案已办结")
        for merged in current.merged_proposals.filter(state=S.MERGED):
            transition(merged, to=S.CLOSED, actor=actor, action="close", note=f"随主提案《{current.title}》办结",
                       fields={"closed_at": now})
        notify(users_of_members(raters(current)), title=f"提案《{current.title}》已办结", body=note,
               url=deadlines.proposal_url(current))
    proposal.state = current.state
    return current


def close_unrated(*, today=None):
    """Proposals whose proposer has not rated before the rating deadline are treated as closed with a
    note (逾期未评价，视为办结). Run daily by the proposals sweep. Returns the number closed."""
    today = today or timezone.localdate()
    count = 0
    for proposal in Proposal.objects.filter(state=S.REPLIED):
        replies = current_replies(proposal)
        if not replies or any(r is None for r in replies.values()):
            continue
        unrated = [r for r in replies.values() if not r.ratings.filter(rater_id=proposal.proposer_id).exists()]
        if any(r.ratings.filter(rater_id=proposal.proposer_id, result=Satisfaction.UNSATISFIED).exists()
               for r in replies.values()):
            continue
        if not unrated:
            continue
        dues = [
            ob.due_date for r in unrated
            for ob in deadlines.obligations.obligations_for(r, K.PROPOSAL_RATING).filter(owner_member_id=proposal.proposer_id)
        ]
        if dues and all(d < today for d in dues):
            _close(proposal, actor=None, note="提案人逾期未评价，视为办结")
            count += 1
    return count

"""Handling and closing: contacts, co-handler opinions, replies, staff review, ratings, re-handling, 办结."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.audit import record_transition
from supervision import services as obligations
from supervision.calendar import Workdays, add_workdays
from supervision.enums import PENDING_STATES, OwnerKind
from supervision.enums import ObligationKind as K
from supervision.messages import Message
from supervision.models import Obligation

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
from .transitions import check, lock, perform

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
        check(current, "contact")
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
        current = perform(assignment, "co_opinion", actor=actor, note=body[:200])
        opinion = CoHandlerOpinion.objects.create(assignment=current, body=body, sent_by=actor)
        if uploaded is not None:
            store_attachment(proposal=current.proposal, uploaded=uploaded, actor=actor,
                             purpose=AttachmentPurpose.OPINION, opinion=opinion)
        deadlines.meet(current, K.PROPOSAL_ADJUST, actor=actor, note="已提交会办意见")
        deadlines.meet(current, K.PROPOSAL_REPLY, actor=actor, note="已提交会办意见")
        lead = current.proposal.assignments.filter(role=AssignmentRole.LEAD).exclude(state=A.WITHDRAWN).first()
        if lead:
            notify(users_of_unit(lead.unit), title=Message(gettext_noop("%(unit)s对提案《%(title)s》提出了会办意见"), unit=current.unit.name,
                                 title=current.proposal.title),
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
        current = perform(current, "reply", actor=actor, locked=True,
                          note=_("%(code)s 类答复") % {"code": category.code})
        reply = Reply.objects.create(
            assignment=current, round=current.round, category=category, body=body, letter_number=letter_number,
            signed_by=signed_by, contact_name=contact_name, contact_phone=contact_phone, submitted_by=actor,
        )
        if letter is None:
            from ..letters import generated_name, reply_letter_docx

            letter = ContentFile(reply_letter_docx(reply), name=generated_name(reply))
        store_attachment(proposal=proposal, uploaded=letter, actor=actor,
                         purpose=AttachmentPurpose.REPLY_LETTER, reply=reply)
        deadlines.meet(current, K.PROPOSAL_ADJUST, actor=actor, note="已答复")
        deadlines.meet(current, K.PROPOSAL_REHANDLE if rehandling else K.PROPOSAL_REPLY, actor=actor, note="已提交答复")
        deadlines.reply_review_deadline(reply, actor=actor)
        notify(staff_of(proposal.committee), title=Message(gettext_noop("%(unit)s提交了提案《%(title)s》的答复，请审核"), unit=current.unit.name,
                             title=proposal.title),
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
        reply = perform(reply, "approve" if approve else "send_back", actor=actor, note=note, fields=fields)
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
    from ..letters import generated_name, generated_names, reply_letter_docx

    for attachment in reply.attachments.filter(purpose=AttachmentPurpose.REPLY_LETTER,
                                               original_name__in=generated_names(reply)):
        old = attachment.file.name
        content, _original, _type, size = checked_file(ContentFile(reply_letter_docx(reply), name=generated_name(reply)))
        attachment.file.save(content.name, content, save=False)
        attachment.size = size
        attachment.save(update_fields=["file", "size"])
        transaction.on_commit(lambda name=old, storage=attachment.file.storage: storage.delete(name))


def _approved(reply, assignment, proposal, *, actor):
    perform(assignment, "reply_approved", actor=actor, locked=True)
    if proposal.answered_at is None:  # the first approved reply: 提案公开 shows the proposal from now on
        proposal.answered_at = reply.reviewed_at or timezone.now()
        Proposal.objects.filter(pk=proposal.pk).update(answered_at=proposal.answered_at)
    people = raters(proposal)
    deadlines.rating_deadlines(reply, people, actor=actor)
    if reply.category.triggers_review or proposal.is_key:
        deadlines.lookback_deadline(assignment, actor=actor)
    sync_proposal_state(proposal, actor=actor)
    followers = people + [p.proposer for p in proposal.merged_proposals.select_related("proposer__user")]
    notify(users_of_members(followers), title=Message(gettext_noop("%(unit)s已答复提案《%(title)s》，请查看并评价"), unit=assignment.unit.name,
                         title=proposal.title),
           url=deadlines.proposal_url(proposal))


def _sent_back(reply, assignment, proposal, *, actor, note):
    back = A.REHANDLING if assignment.round > 1 else A.ASSIGNED
    perform(assignment, "rehandling_reply_sent_back" if back == A.REHANDLING else "reply_sent_back", actor=actor,
            note=note, locked=True)
    due = max(assignment.due_date or timezone.localdate(), add_workdays(timezone.localdate(), 5))
    deadlines.revise_reply_deadline(
        assignment, kind=K.PROPOSAL_REHANDLE if back == A.REHANDLING else K.PROPOSAL_REPLY, due=due, actor=actor,
    )
    notify(users_of_unit(assignment.unit), title=Message(gettext_noop("提案《%(title)s》的答复被退回修改"), title=proposal.title), body=note,
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
        action = {S.REPLIED: "all_answered", S.REHANDLING: "rehandling", S.HANDLING: "back_to_handling"}[target]
        # a consequence of the act that changed an assignment (logged there, by its actor): the system's row
        perform(proposal, action, actor=None, note=note, locked=True)
    return proposal


def current_replies(proposal):
    """The approved reply of the current round of each replying assignment (None where not yet approved)."""
    out = {}
    for a in proposal.assignments.filter(role__in=REPLYING_ROLES).exclude(state=A.WITHDRAWN):
        out[a] = a.replies.filter(round=a.round, state=ReplyState.APPROVED).order_by("-id").first()
    return out


def _rating_windows_open(reply_ids, *, today, exclude_member=None):
    """Whether a rater's window on one of these replies is still open: a pending rating Obligation whose
    due date has not passed (15 working days from approval, whatever the other raters did)."""
    qs = Obligation.objects.filter(
        kind=K.PROPOSAL_RATING, state__in=PENDING_STATES, due_date__gte=today,
        subject_type=ContentType.objects.get_for_model(Reply), subject_id__in=list(reply_ids),
    )
    if exclude_member is not None:
        qs = qs.exclude(owner_member_id=exclude_member)
    return qs.exists()


def may_rate_reply(member, reply):
    """Whether `member` may rate `reply` now (permission aside): an approved reply, not yet rated by them,
    of the current round — or, for a co-signer, of an earlier round while their own window on it is open
    (the proposer's 不满意 does not cut it short)."""
    if member is None or reply.state != ReplyState.APPROVED or reply.ratings.filter(rater=member).exists():
        return False
    if reply.round == reply.assignment.round:
        return True
    proposal = reply.assignment.proposal
    return member.pk != proposal.proposer_id and deadlines.pending(reply, K.PROPOSAL_RATING).filter(owner_member=member).exists()


def rate_reply(*, reply, actor, attitude, relevance, result, note=""):
    """办理评价 by the proposer or a confirmed co-signer, once per reply; each within their own window.

    The proposer's 不满意 starts re-handling of that assignment. A co-signer's rating stands on its own: their
    window stays open whatever the proposer does (a co-signer may still rate a reply the proposer sent back
    to re-handling), it counts in the statistics, and a co-signer's 不满意 of an answered reply opens a staff
    Obligation (联名委员不满意待处理: an attention item on the staff home page) — staff order re-handling on
    that ground (start_rehandling(rating=…)) or close the proposal. The proposal closes by itself once the
    proposer has rated every current reply (none 不满意), no co-signer's 不满意 awaits staff and no
    co-signer's window is still open (else when the windows end: close_if_unrated).
    Side effects: Rating row, a timeline row, the rater's rating Obligation met.
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
        if Rating.objects.filter(reply=fresh, rater=member).exists():
            raise ProposalError(_("您已评价过这份答复。"))
        if not may_rate_reply(member, fresh):
            raise ProposalError(_("只能评价审核通过的最新一轮答复。"))
        rating = Rating.objects.create(reply=fresh, rater=member, attitude=attitude, relevance=relevance,
                                       result=result, note=note)
        record_transition(current_proposal, actor=actor, action="rate", from_state=current_proposal.state,
                          to_state=current_proposal.state,
                          note=_("%(member)s评价%(unit)s的答复：%(result)s") % {
                              "member": member.name, "unit": fresh.assignment.unit.name,
                              "result": rating.get_result_display()})
        deadlines.meet(fresh, K.PROPOSAL_RATING, actor=actor, owner_member=member, note=rating.get_result_display())
        is_current = fresh.round == fresh.assignment.round
        if member.pk == current_proposal.proposer_id:
            if current_proposal.state != S.CLOSED and result == Satisfaction.UNSATISFIED:
                start_rehandling(assignment=fresh.assignment, actor=actor, note=note, _locked_proposal=current_proposal)
            else:
                close_if_rated(current_proposal)
        elif result == Satisfaction.UNSATISFIED and is_current and fresh.assignment.state == A.ANSWERED:
            _cosigner_unsatisfied(rating, current_proposal, actor=actor)
        else:
            close_if_rated(current_proposal)
    return rating


def _cosigner_unsatisfied(rating, proposal, *, actor):
    """A co-signer's 不满意 reaches staff: an Obligation they owe (re-handle on it, or close), and a notification."""
    reply = rating.reply
    obligations.create_obligation(
        subject=rating, committee=proposal.committee, kind=K.PROPOSAL_RATING_FOLLOWUP,
        title=Message(gettext_noop("处理联名委员%(member)s对《%(title)s》答复的不满意评价"),
                      member=rating.rater.name, title=proposal.title),
        owner_kind=OwnerKind.STAFF, due_date=Workdays(deadlines.settings_for(proposal).reply_review_working_days),
        url=deadlines.proposal_url(proposal), actor=actor,
    )
    notify(staff_of(proposal.committee),
           title=Message(gettext_noop("联名委员%(member)s对%(unit)s答复提案《%(title)s》不满意，请研究是否要求重新办理"),
                         member=rating.rater.name, unit=reply.assignment.unit.name, title=proposal.title),
           body=rating.note, url=deadlines.proposal_url(proposal))


def start_rehandling(*, assignment, actor, note="", rating=None, _locked_proposal=None):
    """重新办理 after 不满意: the assignment opens round n+1 with a re-handling Obligation (3 months); the
    proposer's open rating Obligation of the old reply is waived (co-signers keep their windows on it);
    proposal → 重新办理 (by the system); unit and staff notified.
    Called by rate_reply for the proposer's 不满意, or by staff (e.g. when a 回头看 shows no progress) on an
    assignment whose reply was approved (已答复); a note is required either way (the unit reads it).
    Staff may give a co-signer's 不满意 `rating` of the current reply as the ground (its note is the default
    note); the staff Obligations opened by co-signers' 不满意 of the old reply are met.
    """
    proposal = assignment.proposal
    if rating is not None:
        if (rating.reply.assignment_id != assignment.pk or rating.result != Satisfaction.UNSATISFIED
                or rating.rater_id == proposal.proposer_id):
            raise ProposalError(_("只能以联名委员对该单位答复的不满意评价为依据要求重新办理。"))
        note = (note or "").strip() or rating.note
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
        if rating is not None and (old_reply is None or rating.reply_id != old_reply.pk):
            raise ProposalError(_("该评价针对的不是本单位最新一轮答复。"))
        due = deadlines.rehandle_due_date(current_proposal)
        logged = note
        if rating is not None:
            logged = _("联名委员%(member)s不满意：%(note)s") % {"member": rating.rater.name, "note": note}
        perform(current, "rehandle", actor=actor, note=logged, locked=True,
                fields={"round": current.round + 1})
        deadlines.rehandle_deadline(current, due=due, actor=actor)
        if old_reply:
            for ob in deadlines.pending(old_reply, K.PROPOSAL_RATING).filter(owner_member_id=current_proposal.proposer_id):
                obligations.waive_obligation(ob, actor=actor, note=_("已转重新办理"))
            for r in old_reply.ratings.all():
                deadlines.meet(r, K.PROPOSAL_RATING_FOLLOWUP, actor=actor, note=_("已要求重新办理"))
        deadlines.waive(current, K.REVIEW, actor=actor, note=_("已转重新办理，回头看以新答复为准"))
        sync_proposal_state(current_proposal)
        if _locked_proposal is not None:
            title = Message(gettext_noop("提案《%(title)s》提案人不满意，请重新办理并当面沟通"), title=current_proposal.title)
        elif rating is not None:
            title = Message(gettext_noop("提案《%(title)s》联名委员不满意，请重新办理并当面沟通"), title=current_proposal.title)
        else:
            title = Message(gettext_noop("提案《%(title)s》须重新办理，请重新办理并当面沟通"), title=current_proposal.title)
        notify(users_of_unit(current.unit) + staff_of(current_proposal.committee), title=title, body=note,
               url=deadlines.proposal_url(current_proposal))
    return current


def _ratings_settled(proposal, replies, *, today):
    """(settled, proposer_rated_all) for a replied proposal's current replies: settled when nobody's
    不满意 stands (the proposer's → re-handling; a co-signer's → staff decide) and no co-signer's window is
    open (nor the proposer's, unless they rated everything)."""
    ids = [r.pk for r in replies]
    if Rating.objects.filter(reply__in=ids, result=Satisfaction.UNSATISFIED).exists():
        return False, False
    proposer_rated = Rating.objects.filter(reply__in=ids, rater_id=proposal.proposer_id).count() == len(ids)
    if _rating_windows_open(ids, today=today, exclude_member=proposal.proposer_id if proposer_rated else None):
        return False, proposer_rated
    return True, proposer_rated


def close_if_rated(proposal, *, today=None):
    """Close a replied proposal (by the system) once the proposer has rated every current reply and the
    ratings are settled (see _ratings_settled). Returns whether it closed."""
    if proposal.state != S.REPLIED:
        return False
    replies = current_replies(proposal)
    if not replies or any(r is None for r in replies.values()):
        return False
    settled, proposer_rated = _ratings_settled(proposal, list(replies.values()), today=today or timezone.localdate())
    if not (settled and proposer_rated):
        return False
    _close(proposal, actor=None, note=_("提案人已评价，办结"))
    return True


def close_proposal(*, proposal, actor, note=""):
    """办结 by staff of a proposal whose replies are all approved (e.g. after talking with the proposer, or
    deciding that a co-signer's 不满意 needs no re-handling). Same side effects as the automatic closing (_close)."""
    if not rules.manages_proposal(actor, proposal):
        raise ProposalPermissionError(_("只有本级政协机关工作人员可以办结提案。"))
    return _close(proposal, actor=actor, note=note)


def _close(proposal, *, actor=None, note=""):
    """办结: proposal (and proposals merged into it) closed, its answered assignments closed; the proposer's
    pending rating Obligations and every rating Obligation already past due are waived with the note (a
    co-signer's window still open stays open: they may rate, for the statistics); staff Obligations about
    co-signers' 不满意 are met; signers notified."""
    with transaction.atomic():
        current = lock(proposal)
        now = timezone.now()
        today = timezone.localdate()
        perform(current, "close", actor=actor, note=note, locked=True, fields={"closed_at": now})
        for a in current.assignments.filter(state=A.ANSWERED):
            perform(a, "close", actor=actor, fields={"closed_at": now})
            for r in a.replies.filter(state=ReplyState.APPROVED):
                for ob in deadlines.pending(r, K.PROPOSAL_RATING):
                    if ob.owner_member_id == current.proposer_id or ob.due_date < today:
                        obligations.waive_obligation(ob, actor=actor, note=note or _("提案已办结"))
                for rating in r.ratings.all():
                    deadlines.meet(rating, K.PROPOSAL_RATING_FOLLOWUP, actor=actor, note=note or _("提案已办结"))
        for merged in current.merged_proposals.filter(state=S.MERGED):
            perform(merged, "close_merged", actor=actor, note=_("随主提案《%(title)s》办结") % {"title": current.title},
                    fields={"closed_at": now})
        notify(users_of_members(raters(current)), title=Message(gettext_noop("提案《%(title)s》已办结"), title=current.title), body=note,
               url=deadlines.proposal_url(current))
    proposal.state = current.state
    return current


def close_if_unrated(proposal, *, today=None):
    """A replied proposal closes (by the system) once every rater's window on its current replies is over and
    no 不满意 stands; a proposer who did not rate in time counts as 办结 (逾期未评价，视为办结). Called by the
    sweep when a rating Obligation falls due (see rating_window_over). Returns True if it closed the proposal."""
    today = today or timezone.localdate()
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.state != S.REPLIED:
        return False
    replies = current_replies(proposal)
    if not replies or any(r is None for r in replies.values()):
        return False
    settled, proposer_rated = _ratings_settled(proposal, list(replies.values()), today=today)
    if not settled:
        return False
    if not proposer_rated:
        # the proposer's window must have existed and ended (without a rating Obligation staff close it by hand)
        unrated = [r for r in replies.values() if not r.ratings.filter(rater_id=proposal.proposer_id).exists()]
        dues = [ob.due_date for r in unrated
                for ob in deadlines.obligations.obligations_for(r, K.PROPOSAL_RATING).filter(owner_member_id=proposal.proposer_id)]
        if not dues or any(d >= today for d in dues):
            return False
    _close(proposal, actor=None, note=_("评价期限已过，办结") if proposer_rated else _("提案人逾期未评价，视为办结"))
    return True


def rating_window_over(obligation, *, today):
    """What happens when one rater's rating Obligation falls due (any rater's: each window stands on its own).

    Its reply still awaits ratings (current round of a replied proposal): the proposal may now close
    (close_if_unrated). Otherwise (re-handled since, or the proposal closed) the window lapses: the
    Obligation is waived (评价期限已过) instead of staying overdue for ever. Idempotent."""
    reply = Reply.objects.select_related("assignment__proposal").filter(pk=obligation.subject_id).first()
    if reply is not None and reply.round == reply.assignment.round and reply.assignment.proposal.state == S.REPLIED:
        close_if_unrated(reply.assignment.proposal, today=today)
        return
    fresh = Obligation.objects.filter(pk=obligation.pk, state__in=PENDING_STATES).first()
    if fresh is not None:
        obligations.waive_obligation(fresh, note=_("评价期限已过"))

"""Proposal deadlines as supervision Obligations, with the committee's ProposalSettings.

Subjects: co-signing → the CoSignature; review → the Proposal; adjustment window, pre-handling
contact, reply, co-handler opinion and re-handling → the Assignment; reply review and rating → the
Reply (rating: one per rater, owner_member); extension review → the ExtensionRequest;
回头看 (ObligationKind.REVIEW) → the Assignment.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from supervision import services as obligations
from supervision.calendar import Months, Workdays, add_months, add_workdays
from supervision.enums import PENDING_STATES, ObligationKind, OwnerKind

from ..enums import ProposalPeriod
from ..models import ProposalSettings

K = ObligationKind


def settings_for(proposal):
    return ProposalSettings.for_committee(proposal.committee)


def proposal_url(proposal):
    try:
        return reverse("proposals:detail", args=[proposal.pk])
    except NoReverseMatch:
        return ""


def reply_months(proposal):
    s = settings_for(proposal)
    return s.plenary_reply_months if proposal.period == ProposalPeriod.PLENARY else s.reply_months


def reply_due_date(proposal, start):
    return add_months(start, reply_months(proposal))


def open_obligation(*, proposal, subject, kind, title, due, owner_kind, owner_unit=None, owner_member=None,
                    start=None, actor=None):
    """Create one Obligation about `subject` for `proposal`'s committee; `due` is a date or a rule."""
    return obligations.create_obligation(
        subject=subject, committee=proposal.committee, kind=kind, title=title[:300],
        owner_kind=owner_kind, owner_unit=owner_unit, owner_member=owner_member,
        due_date=due, start_date=start or timezone.localdate(), url=proposal_url(proposal), actor=actor,
    )


def meet(subject, kind, *, actor=None, note="", owner_member=None):
    """Meet the pending obligations of `kind` on `subject` (only `owner_member`'s if given)."""
    if owner_member is None:
        return obligations.meet_obligation(subject=subject, kind=kind, actor=actor, note=note)
    done = 0
    for ob in pending(subject, kind).filter(owner_member=owner_member):
        done += obligations.meet_obligation(ob, actor=actor, note=note)
    return done


def waive(subject, kind=None, *, actor=None, note=""):
    return obligations.waive_obligation(subject=subject, kind=kind, actor=actor, note=note)


def pending(subject, kind=None):
    return obligations.obligations_for(subject, kind).filter(state__in=PENDING_STATES)


def extend(subject, kind, *, new_due_date, actor=None, note=""):
    for ob in pending(subject, kind):
        obligations.extend_obligation(ob, new_due_date=new_due_date, actor=actor, note=note)


# ---- the deadlines of DESIGN §2.1, one function each


def cosign_deadline(proposal, signature, *, actor=None):
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=signature, kind=K.PROPOSAL_COSIGN,
        title=f"确认联名提案《{proposal.title}》", due=Workdays(s.cosign_working_days),
        owner_kind=OwnerKind.MEMBER, owner_member=signature.member, actor=actor,
    )


def cosign_due_date(proposal, start=None):
    return add_workdays(start or timezone.localdate(), settings_for(proposal).cosign_working_days)


def review_deadline(proposal, *, actor=None):
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=proposal, kind=K.PROPOSAL_REVIEW, title=f"审查提案《{proposal.title}》",
        due=Workdays(s.review_working_days), owner_kind=OwnerKind.STAFF, actor=actor,
    )


def assignment_deadlines(assignment, *, actor=None):
    """Adjustment window and the reply (or co-handler opinion) deadline; contact for replying units."""
    proposal, unit = assignment.proposal, assignment.unit
    s = settings_for(proposal)
    start = timezone.localtime(assignment.assigned_at).date()
    common = dict(proposal=proposal, subject=assignment, owner_kind=OwnerKind.UNIT, owner_unit=unit, start=start, actor=actor)
    open_obligation(kind=K.PROPOSAL_ADJUST, title=f"签收或申请调整提案《{proposal.title}》",
                    due=Workdays(s.adjust_working_days), **common)
    if assignment.replies_to_proposer:
        open_obligation(kind=K.PROPOSAL_CONTACT, title=f"办前沟通：提案《{proposal.title}》",
                        due=Workdays(s.contact_working_days), **common)
        open_obligation(kind=K.PROPOSAL_REPLY, title=f"答复提案《{proposal.title}》", due=assignment.due_date, **common)
    else:
        open_obligation(kind=K.PROPOSAL_REPLY, title=f"会办意见：提案《{proposal.title}》",
                        due=Workdays(s.co_opinion_working_days), **common)


def adjust_window_end(assignment):
    start = timezone.localtime(assignment.assigned_at).date()
    return add_workdays(start, settings_for(assignment.proposal).adjust_working_days)


def reply_review_deadline(reply, *, actor=None):
    proposal = reply.assignment.proposal
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=reply, kind=K.PROPOSAL_REPLY_REVIEW,
        title=f"审核{reply.assignment.unit}对提案《{proposal.title}》的答复",
        due=Workdays(s.reply_review_working_days), owner_kind=OwnerKind.STAFF, actor=actor,
    )


def extension_review_deadline(request, *, actor=None):
    proposal = request.assignment.proposal
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=request, kind=K.PROPOSAL_EXTENSION_REVIEW,
        title=f"审批{request.assignment.unit}的延期申请：提案《{proposal.title}》",
        due=Workdays(s.extension_review_working_days), owner_kind=OwnerKind.STAFF, actor=actor,
    )


def rating_deadlines(reply, members, *, actor=None):
    proposal = reply.assignment.proposal
    s = settings_for(proposal)
    for member in members:
        open_obligation(
            proposal=proposal, subject=reply, kind=K.PROPOSAL_RATING,
            title=f"评价{reply.assignment.unit}对提案《{proposal.title}》的答复",
            due=Workdays(s.rating_working_days), owner_kind=OwnerKind.MEMBER, owner_member=member, actor=actor,
        )


def rehandle_due_date(proposal, start=None):
    return add_months(start or timezone.localdate(), settings_for(proposal).rehandle_months)


def rehandle_deadline(assignment, *, due, actor=None):
    proposal = assignment.proposal
    return open_obligation(
        proposal=proposal, subject=assignment, kind=K.PROPOSAL_REHANDLE, title=f"重新办理提案《{proposal.title}》",
        due=due, owner_kind=OwnerKind.UNIT, owner_unit=assignment.unit, actor=actor,
    )


def lookback_deadline(assignment, *, actor=None):
    """回头看 six months on (B-category replies and key proposals)."""
    proposal = assignment.proposal
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=assignment, kind=K.REVIEW,
        title=f"回头看：{assignment.unit}办理提案《{proposal.title}》的落实情况",
        due=Months(s.review_after_months), owner_kind=OwnerKind.UNIT, owner_unit=assignment.unit, actor=actor,
    )

"""Proposal deadlines as supervision Obligations, with the committee's ProposalSettings.

Subjects: co-signing → the CoSignature; review → the Proposal; adjustment window, pre-handling
contact, reply, co-handler opinion and re-handling → the Assignment; reply review and rating → the
Reply (rating: one per rater, owner_member); extension review → the ExtensionRequest;
回头看 (ObligationKind.REVIEW) → the Assignment.

Titles are stored as messages (supervision.messages.Message), so each reader sees them in their
language. The kinds with an automatic consequence when they fall due register their handler with
the sweep here (`on_due`): an unanswered co-signing invitation expires, a proposal its proposer did
not rate in time is closed.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from supervision import services as obligations
from supervision.calendar import Months, Workdays, add_months, add_workdays
from supervision.enums import PENDING_STATES, ObligationKind, OwnerKind
from supervision.messages import Message
from supervision.services.due_actions import on_due

from ..due_dates import reply_obligation_of, signature_due_date
from ..enums import AssignmentRole, ProposalPeriod
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
    """Create one Obligation about `subject` for `proposal`'s committee; `due` is a date or a rule;
    `title` a Message (or text)."""
    return obligations.create_obligation(
        subject=subject, committee=proposal.committee, kind=kind, title=title,
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
    ob = open_obligation(
        proposal=proposal, subject=signature, kind=K.PROPOSAL_COSIGN,
        title=Message(gettext_noop("确认联名提案《%(title)s》"), title=proposal.title),
        due=Workdays(s.cosign_working_days), owner_kind=OwnerKind.MEMBER, owner_member=signature.member, actor=actor,
    )
    signature.due_date = ob.due_date
    return ob


def cosign_due(signature):
    """The confirmation deadline of a co-signature (its co-signing obligation's due date), or None."""
    return signature_due_date(signature)


def cosign_due_date(proposal, start=None):
    return add_workdays(start or timezone.localdate(), settings_for(proposal).cosign_working_days)


def review_deadline(proposal, *, actor=None):
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=proposal, kind=K.PROPOSAL_REVIEW,
        title=Message(gettext_noop("审查提案《%(title)s》"), title=proposal.title),
        due=Workdays(s.review_working_days), owner_kind=OwnerKind.STAFF, actor=actor,
    )


def assignment_deadlines(assignment, *, actor=None):
    """Adjustment window and the reply (or co-handler opinion) deadline; contact for replying units.

    The reply obligation carries the assignment's due date (proposals.due_dates): `reply_months`
    (`plenary_reply_months` for plenary proposals) for a replying unit, `co_opinion_working_days` for a
    co-handler. Returns the reply obligation."""
    proposal, unit = assignment.proposal, assignment.unit
    s = settings_for(proposal)
    start = timezone.localtime(assignment.assigned_at).date()
    common = dict(proposal=proposal, subject=assignment, owner_kind=OwnerKind.UNIT, owner_unit=unit, start=start, actor=actor)
    title = {"title": proposal.title}
    open_obligation(kind=K.PROPOSAL_ADJUST, title=Message(gettext_noop("签收或申请调整提案《%(title)s》"), **title),
                    due=Workdays(s.adjust_working_days), **common)
    if assignment.replies_to_proposer:
        open_obligation(kind=K.PROPOSAL_CONTACT, title=Message(gettext_noop("办前沟通：提案《%(title)s》"), **title),
                        due=Workdays(s.contact_working_days), **common)
        reply = open_obligation(kind=K.PROPOSAL_REPLY, title=Message(gettext_noop("答复提案《%(title)s》"), **title),
                                due=reply_due_date(proposal, start), **common)
    else:
        reply = open_obligation(kind=K.PROPOSAL_REPLY, title=Message(gettext_noop("会办意见：提案《%(title)s》"), **title),
                                due=Workdays(s.co_opinion_working_days), **common)
    assignment.forget_due_dates()
    return reply


def assignment_due(role, proposal, start):
    """The reply (or co-handler opinion) due date an assignment made on `start` gets."""
    if role == AssignmentRole.CO:
        return add_workdays(start, settings_for(proposal).co_opinion_working_days)
    return reply_due_date(proposal, start)


def handling_start(assignment):
    """The day handling started: the assignment's date, or in a re-handling round the day it was
    ordered (the latest "rehandle" row of the assignment's timeline)."""
    if assignment.round > 1:
        from django.contrib.contenttypes.models import ContentType

        from portal.models import StateChange

        ordered = (StateChange.objects.filter(content_type=ContentType.objects.get_for_model(assignment),
                                              object_id=assignment.pk, action="rehandle")
                   .order_by("-at", "-id").values_list("at", flat=True).first())
        if ordered is not None:
            return timezone.localtime(ordered).date()
    return timezone.localtime(assignment.assigned_at).date()


def handling_limit(assignment):
    """The latest date handling may reach, extensions included: the start of handling + the
    committee's `max_handling_months` (6 by default: the national rules' "最长不超过六个月")."""
    return add_months(handling_start(assignment), settings_for(assignment.proposal).max_handling_months)


def reply_obligation(assignment):
    """The obligation that carries the assignment's reply due date (see proposals.due_dates)."""
    return reply_obligation_of(assignment)


def revise_reply_deadline(assignment, *, kind, due, actor=None):
    """修改答复: a reply sent back gets a new reply obligation."""
    proposal = assignment.proposal
    ob = open_obligation(
        proposal=proposal, subject=assignment, kind=kind,
        title=Message(gettext_noop("修改答复：提案《%(title)s》"), title=proposal.title), due=due,
        owner_kind=OwnerKind.UNIT, owner_unit=assignment.unit, actor=actor,
    )
    assignment.forget_due_dates()
    return ob


def adjust_window_end(assignment):
    start = timezone.localtime(assignment.assigned_at).date()
    return add_workdays(start, settings_for(assignment.proposal).adjust_working_days)


def reply_review_deadline(reply, *, actor=None):
    proposal = reply.assignment.proposal
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=reply, kind=K.PROPOSAL_REPLY_REVIEW,
        title=Message(gettext_noop("审核%(unit)s对提案《%(title)s》的答复"), unit=reply.assignment.unit.name,
                      title=proposal.title),
        due=Workdays(s.reply_review_working_days), owner_kind=OwnerKind.STAFF, actor=actor,
    )


def extension_review_deadline(request, *, actor=None):
    proposal = request.assignment.proposal
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=request, kind=K.PROPOSAL_EXTENSION_REVIEW,
        title=Message(gettext_noop("审批%(unit)s的延期申请：提案《%(title)s》"), unit=request.assignment.unit.name,
                      title=proposal.title),
        due=Workdays(s.extension_review_working_days), owner_kind=OwnerKind.STAFF, actor=actor,
    )


def rating_deadlines(reply, members, *, actor=None):
    proposal = reply.assignment.proposal
    s = settings_for(proposal)
    for member in members:
        open_obligation(
            proposal=proposal, subject=reply, kind=K.PROPOSAL_RATING,
            title=Message(gettext_noop("评价%(unit)s对提案《%(title)s》的答复"), unit=reply.assignment.unit.name,
                          title=proposal.title),
            due=Workdays(s.rating_working_days), owner_kind=OwnerKind.MEMBER, owner_member=member, actor=actor,
        )


def rehandle_due_date(proposal, start=None):
    return add_months(start or timezone.localdate(), settings_for(proposal).rehandle_months)


def rehandle_deadline(assignment, *, due, actor=None):
    proposal = assignment.proposal
    ob = open_obligation(
        proposal=proposal, subject=assignment, kind=K.PROPOSAL_REHANDLE,
        title=Message(gettext_noop("重新办理提案《%(title)s》"), title=proposal.title),
        due=due, owner_kind=OwnerKind.UNIT, owner_unit=assignment.unit, actor=actor,
    )
    assignment.forget_due_dates()
    return ob


def lookback_deadline(assignment, *, actor=None):
    """回头看 six months on (B-category replies and key proposals)."""
    proposal = assignment.proposal
    s = settings_for(proposal)
    return open_obligation(
        proposal=proposal, subject=assignment, kind=K.REVIEW,
        title=Message(gettext_noop("回头看：%(unit)s办理提案《%(title)s》的落实情况"), unit=assignment.unit.name,
                      title=proposal.title),
        due=Months(s.review_after_months), owner_kind=OwnerKind.UNIT, owner_unit=assignment.unit, actor=actor,
    )


# ---- what happens by itself when a deadline passes (called by the supervision sweep)


def _subject(obligation):
    subject = obligation.subject
    if subject is None:
        raise LookupError(f"办理时限 {obligation.pk} 的对象（{obligation.subject_type_id}#{obligation.subject_id}）已不存在")
    return subject


@on_due(K.PROPOSAL_COSIGN)
def expire_unanswered_invitation(obligation, *, today):
    """联名逾期: the invitation drops out and the proposal moves on."""
    from .drafting import expire_cosignature

    expire_cosignature(_subject(obligation), today=today)


@on_due(K.PROPOSAL_RATING)
def rating_window_over(obligation, *, today):
    """A rater's window is over (each rater's stands on its own): the proposal may close, 逾期未评价
    视为办结 for the proposer (handling.rating_window_over decides)."""
    from . import handling

    _subject(obligation)
    handling.rating_window_over(obligation, today=today)

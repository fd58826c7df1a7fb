"""交办: assigning units (singly and in bulk), acknowledgement, reassignment and extension requests."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from members.scopes import require_in_scope, scope_for
from portal.audit import record_transition
from supervision.enums import ObligationKind as K
from supervision.messages import Message

from .. import rules
from ..enums import (
    ACTIVE_ASSIGNMENT_STATES,
    AssignmentRole,
    AssignmentState,
    ProposalState,
    RequestState,
)
from ..errors import ProposalError, ProposalPermissionError
from ..models import AdjustmentRequest, Assignment, ExtensionRequest
from ..notify import notify, staff_of, users_of_unit
from . import deadlines
from .review import require_staff
from .transitions import check, lock, perform, require_state

A = AssignmentState
# AssignmentRole's labels as message ids (a notification renders them in each reader's language)
ROLE_IDS = {AssignmentRole.LEAD: gettext_noop("主办"), AssignmentRole.CO: gettext_noop("会办"),
            AssignmentRole.SEPARATE: gettext_noop("分办")}
S = ProposalState


def require_unit(actor, assignment):
    if not rules.is_assigned_unit(actor, assignment):
        raise ProposalPermissionError(_("只有承办该提案的单位可以执行此操作。"))


def _check_unit(proposal, unit):
    """A unit picked for a proposal is an active unit of the proposal's committee (members.scopes.require_in_scope)."""
    require_in_scope(unit, proposal.committee, _("承办单位"), error=ProposalError)


def _create_assignment(proposal, unit, role, *, actor, now):
    """One assignment with its due date and Obligations; notifies the unit's liaisons."""
    _check_unit(proposal, unit)
    assignment = Assignment.objects.create(proposal=proposal, unit=unit, role=role, assigned_at=now, assigned_by=actor)
    # the timeline names the unit and role of this row ("交办给 临沭县教育局（主办）"): no note needed
    record_transition(assignment, actor=actor, action="assign", to_state=A.ASSIGNED)
    due = deadlines.assignment_deadlines(assignment, actor=actor).due_date  # the reply obligation holds the due date
    notify(users_of_unit(unit), title=Message(gettext_noop("新交办提案（%(role)s）：《%(title)s》，请于%(due)s前办复"),
                                                 role=Message(ROLE_IDS[role]), title=proposal.title, due=due),
           url=deadlines.proposal_url(proposal))
    return assignment


def assign_units(*, proposal, actor, lead=None, co_units=(), separate_units=(), note=""):
    """交办 to one lead unit (主办) with optional co-handlers (会办), and/or separate units (分办, each replies).

    An accepted proposal moves to 办理中; one already in handling may get more units. Each assignment
    gets its due date (reply: `reply_months`, or `plenary_reply_months` for plenary proposals; co-handler
    opinion: `co_opinion_working_days`) and its Obligations (adjustment window, pre-handling contact,
    reply or opinion). The units' liaisons are notified. Returns the new assignments.
    """
    require_staff(actor, proposal)
    co_units, separate_units = list(co_units), list(separate_units)
    units = ([lead] if lead else []) + co_units + separate_units
    if len({u.pk for u in units}) != len(units):
        raise ProposalError(_("同一单位不能重复交办。"))
    for unit in units:
        _check_unit(proposal, unit)
    with transaction.atomic():
        current = lock(proposal)
        require_state(current, [S.ACCEPTED, S.HANDLING, S.REHANDLING], pgettext("action", "交办"))
        active = list(current.assignments.exclude(state=A.WITHDRAWN))
        if any(a.unit_id in {u.pk for u in units} for a in active):
            raise ProposalError(_("所选单位已承办该提案。"))
        replying = [a for a in active if a.replies_to_proposer]
        if lead and any(a.role == AssignmentRole.LEAD for a in active):
            raise ProposalError(_("该提案已有主办单位。"))
        if not (lead or separate_units or replying):
            raise ProposalError(_("请至少指定一个主办单位或分办单位。"))
        if co_units and not (lead or any(a.role == AssignmentRole.LEAD for a in active)):
            raise ProposalError(_("会办单位须配合主办单位办理，请同时指定主办单位。"))
        now = timezone.now()
        created = []
        for unit, role in ([(lead, AssignmentRole.LEAD)] if lead else []) + [
            (u, AssignmentRole.CO) for u in co_units
        ] + [(u, AssignmentRole.SEPARATE) for u in separate_units]:
            created.append(_create_assignment(current, unit, role, actor=actor, now=now))
        if current.state == S.ACCEPTED:
            # each unit is named on its own assignment's row ("交办给 …（主办）"): the proposal's row is the state
            perform(current, "assign", actor=actor, locked=True, note=note)
    proposal.state = current.state
    return created


def assign_units_bulk(*, proposals, actor, lead=None, co_units=(), separate_units=()):
    """批量交办: the same units for many proposals, each in its own transaction.

    Returns {"assigned": [Proposal], "failed": [(Proposal, Chinese message)]}.
    """
    if not scope_for(actor).is_staff:
        raise ProposalPermissionError(_("只有机关工作人员可以批量交办。"))
    result = {"assigned": [], "failed": []}
    for proposal in proposals:
        try:
            assign_units(proposal=proposal, actor=actor, lead=lead, co_units=co_units, separate_units=separate_units)
            result["assigned"].append(proposal)
        except ProposalError as exc:
            result["failed"].append((proposal, exc.message))
    return result


def acknowledge_assignment(*, assignment, actor):
    """签收: the unit accepts the assignment, closing its adjustment window (Obligation met)."""
    require_unit(actor, assignment)
    with transaction.atomic():
        current = lock(assignment)
        check(current, "acknowledge")
        if current.acknowledged_at is None:
            current.acknowledged_at = timezone.now()
            current.save(update_fields=["acknowledged_at"])
            record_transition(current, actor=actor, action="acknowledge", from_state=current.state, to_state=current.state)
            deadlines.meet(current, K.PROPOSAL_ADJUST, actor=actor, note="已签收")
    assignment.acknowledged_at = current.acknowledged_at
    return current


def request_adjustment(*, assignment, actor, reason, suggested_unit=None):
    """申请调整: within the adjustment window (7 working days from assignment) and before signing for it.

    Side effects: assignment → 申请调整中, the adjustment Obligation met, staff notified.
    """
    require_unit(actor, assignment)
    if not reason.strip():
        raise ProposalError(_("请说明申请调整的理由。"))
    if suggested_unit is not None:
        _check_unit(assignment.proposal, suggested_unit)
    with transaction.atomic():
        current = lock(assignment)
        if current.acknowledged_at:
            raise ProposalError(_("已签收的提案不能再申请调整。"))
        end = deadlines.adjust_window_end(current)
        if timezone.localdate() > end:
            raise ProposalError(
                _("申请调整须在交办后%(days)s个工作日内提出（截至%(end)s），已超过期限。")
                % {"days": deadlines.settings_for(current.proposal).adjust_working_days, "end": end.isoformat()}
            )
        perform(current, "request_adjustment", actor=actor, note=reason, locked=True)
        request = AdjustmentRequest.objects.create(
            assignment=current, reason=reason, suggested_unit=suggested_unit, requested_by=actor,
        )
        deadlines.meet(current, K.PROPOSAL_ADJUST, actor=actor, note="已申请调整")
        proposal = current.proposal
        notify(staff_of(proposal.committee), title=Message(gettext_noop("%(unit)s申请调整提案《%(title)s》"), unit=current.unit.name, title=proposal.title),
               body=reason, url=deadlines.proposal_url(proposal))
    return request


def resolve_adjustment(*, request, actor, approve, new_unit=None, note=""):
    """Staff decide an adjustment request. Approve: the assignment is withdrawn (its Obligations waived)
    and the same role is given to `new_unit` with fresh deadlines. Deny: the unit keeps it (signed for).
    """
    assignment = request.assignment
    require_staff(actor, assignment.proposal)
    if approve and new_unit is None:
        raise ProposalError(_("同意调整时请选择改交的承办单位。"))
    if approve:
        _check_unit(assignment.proposal, new_unit)
    with transaction.atomic():
        proposal = lock(assignment.proposal)
        now = timezone.now()
        req = perform(request, "approve" if approve else "deny", actor=actor, note=note,
                      fields={"decided_by": actor, "decided_at": now, "decision_note": note, "new_unit": new_unit})
        if approve:
            if new_unit.pk == assignment.unit_id:
                raise ProposalError(_("改交单位不能是原承办单位。"))
            if proposal.assignments.exclude(state=A.WITHDRAWN).filter(unit=new_unit).exists():
                raise ProposalError(_("%(unit)s已承办该提案。") % {"unit": new_unit.name})
            moved = _("已调整改交%(unit)s") % {"unit": new_unit.name}
            old = perform(assignment, "reassign", actor=actor, note=_("%(moved)s：%(note)s") % {"moved": moved, "note": note} if note else moved,
                          fields={"closed_at": now})
            deadlines.waive(old, actor=actor, note=moved)
            # one row per assignment (withdrawn here, created there); none narrating it on the proposal
            _create_assignment(proposal, new_unit, old.role, actor=actor, now=now)
        else:
            perform(assignment, "adjustment_denied", actor=actor, note=note, fields={"acknowledged_at": now})
        notify(users_of_unit(assignment.unit), title=Message(gettext_noop("调整申请已同意：《%(title)s》") if approve
                                                      else gettext_noop("调整申请未同意：《%(title)s》"), title=proposal.title),
               body=note, url=deadlines.proposal_url(proposal))
    return req


def extension_limit(assignment):
    """The latest date any extension may reach: handling lasts at most the committee's
    `max_handling_months` counted from assignment (from the start of re-handling in a later round)."""
    return deadlines.handling_limit(assignment)


def _beyond_limit_error(assignment, limit):
    return ProposalError(
        _("办理期限自交办之日起累计不能超过%(months)s个月（含延期），最迟 %(limit)s。")
        % {"months": deadlines.settings_for(assignment.proposal).max_handling_months, "limit": limit.isoformat()}
    )


def request_extension(*, assignment, actor, reason, requested_due_date):
    """申请延期 of the reply: a later date, no later than the handling limit (extension_limit).

    Side effects: an ExtensionRequest (pending) and a staff review Obligation; staff notified.
    """
    require_unit(actor, assignment)
    if not reason.strip():
        raise ProposalError(_("请说明申请延期的理由。"))
    with transaction.atomic():
        current = lock(assignment)
        check(current, "request_extension")
        if not current.replies_to_proposer:
            raise ProposalError(_("会办单位不需要申请延期。"))
        if current.extension_requests.filter(state=RequestState.PENDING).exists():
            raise ProposalError(_("已有待审批的延期申请。"))
        if requested_due_date <= current.due_date:
            raise ProposalError(_("延期日期须晚于当前答复截止日期 %(date)s。") % {"date": current.due_date.isoformat()})
        limit = extension_limit(current)
        if requested_due_date > limit:
            raise _beyond_limit_error(current, limit)
        request = ExtensionRequest.objects.create(
            assignment=current, reason=reason, requested_due_date=requested_due_date, requested_by=actor,
        )
        record_transition(current, actor=actor, action="request_extension", from_state=current.state,
                          to_state=current.state, note=_("申请延至%(date)s：%(reason)s") % {"date": requested_due_date.isoformat(), "reason": reason})
        deadlines.extension_review_deadline(request, actor=actor)
        proposal = current.proposal
        notify(staff_of(proposal.committee), title=Message(gettext_noop("%(unit)s申请延期答复提案《%(title)s》"), unit=current.unit.name, title=proposal.title),
               body=reason, url=deadlines.proposal_url(proposal))
    return request


def decide_extension(*, request, actor, approve, note="", granted_due_date=None):
    """Staff approve (possibly a shorter date) or deny an extension request.

    Approve: the assignment's due date moves and its reply (or re-handling) Obligation is extended.
    Either way the extension-review Obligation is met and the unit notified.
    """
    assignment = request.assignment
    require_staff(actor, assignment.proposal)
    with transaction.atomic():
        current = lock(assignment)
        granted = (granted_due_date or request.requested_due_date) if approve else None
        if approve:
            limit = extension_limit(current)
            if granted > limit:
                raise _beyond_limit_error(current, limit)
            if granted <= current.due_date:
                raise ProposalError(
                    _("批准的日期须晚于 %(after)s，且不晚于 %(limit)s。")
                    % {"after": current.due_date.isoformat(), "limit": limit.isoformat()}
                )
        req = perform(request, "approve" if approve else "deny", actor=actor, note=note,
                      fields={"decided_by": actor, "decided_at": timezone.now(), "decision_note": note,
                              "granted_due_date": granted})
        if approve:
            kind = K.PROPOSAL_REHANDLE if current.state == A.REHANDLING else K.PROPOSAL_REPLY
            deadlines.extend(current, kind, new_due_date=granted, actor=actor, note=note or "同意延期")
            record_transition(current, actor=actor, action="extend", from_state=current.state, to_state=current.state,
                              note=_("答复期限延至%(date)s") % {"date": granted.isoformat()})
        deadlines.meet(req, K.PROPOSAL_EXTENSION_REVIEW, actor=actor, note=req.get_state_display())
        notify(users_of_unit(current.unit), title=Message(gettext_noop("延期申请已同意：《%(title)s》") if approve
                                                     else gettext_noop("延期申请未同意：《%(title)s》"), title=current.proposal.title),
               body=note, url=deadlines.proposal_url(current.proposal))
    return req


def active_assignments(proposal):
    return proposal.assignments.filter(state__in=ACTIVE_ASSIGNMENT_STATES)

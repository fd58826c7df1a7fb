"""交办: assigning units (singly and in bulk), acknowledgement, reassignment and extension requests."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members.scopes import scope_for
from portal.audit import record_transition
from supervision.calendar import add_months, add_workdays
from supervision.enums import ObligationKind as K

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
from .transitions import lock, require_state, transition

A = AssignmentState
S = ProposalState


def require_unit(actor, assignment):
    if not rules.is_assigned_unit(actor, assignment):
        raise ProposalPermissionError(_("只有承办该提案的单位可以执行此操作。"))


def _check_unit(proposal, unit):
    if unit.committee_id != proposal.committee_id or not unit.active:
        raise ProposalError(_("%(unit)s不是本级政协的在用承办单位。") % {"unit": unit.name})


def _create_assignment(proposal, unit, role, *, actor, now):
    """One assignment with its due date and Obligations; notifies the unit's liaisons."""
    _check_unit(proposal, unit)
    today = timezone.localtime(now).date()
    if role == AssignmentRole.CO:
        due = add_workdays(today, deadlines.settings_for(proposal).co_opinion_working_days)
    else:
        due = deadlines.reply_due_date(proposal, today)
    assignment = Assignment.objects.create(
        proposal=proposal, unit=unit, role=role, assigned_at=now, assigned_by=actor,
        due_date=due, original_due_date=due,
    )
    record_transition(assignment, actor=actor, action="assign", to_state=A.ASSIGNED, note=assignment.get_role_display())
    deadlines.assignment_deadlines(assignment, actor=actor)
    notify(users_of_unit(unit), title=f"新交办提案（{assignment.get_role_display()}）：《{proposal.title}》，请于{due:%Y-%m-%d}前办复",
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
            transition(current, to=S.HANDLING, actor=actor, action="assign", locked=True,
                       note=note or "、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in created))
        else:
            record_transition(current, actor=actor, action="assign_more", from_state=current.state,
                              to_state=current.state, note="、".join(a.unit.name for a in created))
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
        require_state(current, [A.ASSIGNED], pgettext("action", "签收"))
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
        transition(current, to=A.ADJUSTING, actor=actor, action="request_adjustment", note=reason, locked=True)
        request = AdjustmentRequest.objects.create(
            assignment=current, reason=reason, suggested_unit=suggested_unit, requested_by=actor,
        )
        deadlines.meet(current, K.PROPOSAL_ADJUST, actor=actor, note="已申请调整")
        proposal = current.proposal
        notify(staff_of(proposal.committee), title=f"{current.unit.name}申请调整提案《{proposal.title}》",
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
    with transaction.atomic():
        proposal = lock(assignment.proposal)
        now = timezone.now()
        req = transition(request, to=RequestState.APPROVED if approve else RequestState.DENIED, actor=actor,
                         action="resolve_adjustment", note=note,
                         fields={"decided_by": actor, "decided_at": now, "decision_note": note, "new_unit": new_unit})
        if approve:
            if new_unit.pk == assignment.unit_id:
                raise ProposalError(_("改交单位不能是原承办单位。"))
            if proposal.assignments.exclude(state=A.WITHDRAWN).filter(unit=new_unit).exists():
                raise ProposalError(_("%(unit)s已承办该提案。") % {"unit": new_unit.name})
            old = transition(assignment, to=A.WITHDRAWN, actor=actor, action="reassign", note=note,
                             fields={"closed_at": now})
            deadlines.waive(old, actor=actor, note=f"已调整改交{new_unit.name}")
            _create_assignment(proposal, new_unit, old.role, actor=actor, now=now)
            record_transition(proposal, actor=actor, action="reassign", from_state=proposal.state, to_state=proposal.state,
                              note=f"{old.unit.name} → {new_unit.name}")
        else:
            transition(assignment, to=A.ASSIGNED, actor=actor, action="adjustment_denied", note=note,
                       fields={"acknowledged_at": now})
        notify(users_of_unit(assignment.unit), title=f"调整申请{'已同意' if approve else '未同意'}：《{proposal.title}》",
               body=note, url=deadlines.proposal_url(proposal))
    return req


def extension_limit(assignment):
    """The latest date any extension may reach: original due date + max_extension_months."""
    return add_months(assignment.original_due_date, deadlines.settings_for(assignment.proposal).max_extension_months)


def request_extension(*, assignment, actor, reason, requested_due_date):
    """申请延期 of the reply: a later date, at most `max_extension_months` beyond the original in all.

    Side effects: an ExtensionRequest (pending) and a staff review Obligation; staff notified.
    """
    require_unit(actor, assignment)
    if not reason.strip():
        raise ProposalError(_("请说明申请延期的理由。"))
    with transaction.atomic():
        current = lock(assignment)
        require_state(current, [A.ASSIGNED, A.REHANDLING], pgettext("action", "申请延期"))
        if not current.replies_to_proposer:
            raise ProposalError(_("会办单位不需要申请延期。"))
        if current.extension_requests.filter(state=RequestState.PENDING).exists():
            raise ProposalError(_("已有待审批的延期申请。"))
        if requested_due_date <= current.due_date:
            raise ProposalError(_("延期日期须晚于当前答复截止日期 %(date)s。") % {"date": current.due_date.isoformat()})
        limit = extension_limit(current)
        if requested_due_date > limit:
            raise ProposalError(
                _("累计延期不能超过%(months)s个月（最迟 %(limit)s）。")
                % {"months": deadlines.settings_for(current.proposal).max_extension_months, "limit": limit.isoformat()}
            )
        request = ExtensionRequest.objects.create(
            assignment=current, reason=reason, requested_due_date=requested_due_date, requested_by=actor,
        )
        record_transition(current, actor=actor, action="request_extension", from_state=current.state,
                          to_state=current.state, note=f"申请延至{requested_due_date:%Y-%m-%d}：{reason}")
        deadlines.extension_review_deadline(request, actor=actor)
        proposal = current.proposal
        notify(staff_of(proposal.committee), title=f"{current.unit.name}申请延期答复提案《{proposal.title}》",
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
            if granted <= current.due_date or granted > extension_limit(current):
                raise ProposalError(
                    _("批准的日期须晚于 %(after)s，且不晚于 %(limit)s。")
                    % {"after": current.due_date.isoformat(), "limit": extension_limit(current).isoformat()}
                )
        req = transition(request, to=RequestState.APPROVED if approve else RequestState.DENIED, actor=actor,
                         action="decide_extension", note=note,
                         fields={"decided_by": actor, "decided_at": timezone.now(), "decision_note": note,
                                 "granted_due_date": granted})
        if approve:
            current.due_date = granted
            current.save(update_fields=["due_date"])
            kind = K.PROPOSAL_REHANDLE if current.state == A.REHANDLING else K.PROPOSAL_REPLY
            deadlines.extend(current, kind, new_due_date=granted, actor=actor, note=note or "同意延期")
            record_transition(current, actor=actor, action="extend", from_state=current.state, to_state=current.state,
                              note=f"答复期限延至{granted:%Y-%m-%d}")
        deadlines.meet(req, K.PROPOSAL_EXTENSION_REVIEW, actor=actor, note=req.get_state_display())
        notify(users_of_unit(current.unit), title=f"延期申请{'已同意' if approve else '未同意'}：《{current.proposal.title}》",
               body=note, url=deadlines.proposal_url(current.proposal))
    return req


def active_assignments(proposal):
    return proposal.assignments.filter(state__in=ACTIVE_ASSIGNMENT_STATES)

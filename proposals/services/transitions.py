"""The one place states change: lock, check the table, save, log — in the caller's transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record_transition

from ..enums import (
    ASSIGNMENT_TRANSITIONS,
    COSIGNATURE_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    REPLY_TRANSITIONS,
    REQUEST_TRANSITIONS,
    allowed_sources,
)
from ..errors import ProposalError
from ..models import AdjustmentRequest, Assignment, CoSignature, ExtensionRequest, Proposal, Reply

TABLES = {
    Proposal: PROPOSAL_TRANSITIONS,
    Assignment: ASSIGNMENT_TRANSITIONS,
    CoSignature: COSIGNATURE_TRANSITIONS,
    Reply: REPLY_TRANSITIONS,
    AdjustmentRequest: REQUEST_TRANSITIONS,
    ExtensionRequest: REQUEST_TRANSITIONS,
}


def lock(obj):
    """Re-read `obj` under select_for_update (inside an atomic block) and return the fresh row."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _label(model, state):
    return str(dict(model._meta.get_field("state").choices).get(state, state))


def check_transition(obj, to):
    """Raise ProposalError (naming the allowed source states) unless obj.state -> to is in the table."""
    model = type(obj)
    table = TABLES[model]
    if to in table.get(obj.state, set()):
        return
    sources = _("、").join(_label(model, s) for s in allowed_sources(table, to)) or _("无")
    raise ProposalError(
        _("当前状态为“%(state)s”，不能变更为“%(to)s”。只有处于以下状态时才可以：%(sources)s。")
        % {"state": _label(model, obj.state), "to": _label(model, to), "sources": sources},
        code="illegal_transition",
    )


def require_state(obj, states, action_label):
    """Raise ProposalError unless obj.state is one of `states` (for actions that keep the state).

    `action_label` is a verb phrase already translated by the caller (`pgettext("action", "...")`).
    """
    if obj.state in states:
        return
    model = type(obj)
    names = _("、").join(_label(model, st) for st in states)
    raise ProposalError(
        _("当前状态为“%(state)s”，不能%(action)s。只有处于以下状态时才可以：%(states)s。")
        % {"state": _label(model, obj.state), "action": action_label, "states": names},
        code="illegal_state",
    )


def transition(obj, *, to, actor=None, action, note="", fields=None, locked=False):
    """Move `obj` (a Proposal, Assignment, CoSignature, Reply or request) to state `to`.

    Locks the row (select_for_update) unless `locked`, checks the source state against the table,
    applies `fields` (a dict of extra field values), saves with update_fields and writes the timeline
    row (portal.audit.record_transition). Returns the fresh, saved object. Must be called inside
    transaction.atomic(); raises ProposalError and changes nothing when the transition is illegal.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() must run inside transaction.atomic()")
    current = obj if locked else lock(obj)
    check_transition(current, to)
    old = current.state
    current.state = to
    extra = dict(fields or {})
    for name, value in extra.items():
        setattr(current, name, value)
    update = ["state", *extra]
    if any(f.name == "updated_at" for f in current._meta.fields):
        update.append("updated_at")
        current.updated_at = timezone.now()
    current.save(update_fields=update)
    record_transition(current, actor=actor, action=action, from_state=old, to_state=to, note=note)
    # keep the caller's instance in step
    obj.state = to
    for name, value in extra.items():
        setattr(obj, name, value)
    return current

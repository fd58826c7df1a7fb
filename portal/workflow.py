"""The one workflow helper: lock, check, save, log — for proposals, evaluations, obligations and every
workflow to come.

A workflow is declared per **action**, not per (from, to) pair: each action names the states it may
start from and the state it leads to (or none, for an action that keeps the state but is only allowed
in some states, like 签收 or 记录沟通情况). The tables live in the app's leaf enums module::

    PROPOSAL_ACTIONS = {
        "accept": Action({S.SUBMITTED}, S.ACCEPTED, _("立案")),
        ...
    }

and the service layer binds a model to its table and its domain error once::

    workflow.declare(Proposal, PROPOSAL_ACTIONS, error=ProposalError)

Every state change then goes through `perform(obj, "accept", actor=..., fields={...})`, which locks the
row (select_for_update), checks the action's sources, saves with update_fields and writes the timeline
row (portal.audit.record_transition), all in one transaction. An action not allowed in the current
state raises the declared error naming the states it may start from, and changes nothing.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Action:
    """One action of a workflow.

    `sources`: the states it may start from. `target`: the state it leads to (None: the state stays).
    `label`: what the action is called in messages (a lazy translation, Chinese source). `log`: the
    timeline's action code when it differs from the action's name (two actions recorded alike, e.g.
    approving and denying a request are both "decide_extension").
    """

    sources: frozenset
    target: str | None = None
    label: object = ""
    log: str = ""

    def __init__(self, sources, target=None, label="", log=""):
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "log", log)


class WorkflowError(Exception):
    """The default domain error of a workflow (apps declare their own, e.g. ProposalError)."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code


@dataclass(frozen=True)
class Workflow:
    model: type
    actions: dict
    error: type


_WORKFLOWS: dict = {}


def declare(model, actions, *, error=WorkflowError):
    """Bind `model` to its action table and the domain error its refusals raise. Returns the Workflow."""
    for name, action in actions.items():
        if not isinstance(action, Action):
            raise TypeError(f"{model.__name__}: action {name!r} is not an Action")
    workflow = Workflow(model=model, actions=dict(actions), error=error)
    _WORKFLOWS[model] = workflow
    return workflow


def workflow_of(model_or_obj):
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    try:
        return _WORKFLOWS[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no declared workflow (portal.workflow.declare)") from None


def declared_models():
    """Every model with a declared workflow (the admin keeps them read-only)."""
    return list(_WORKFLOWS)


def lock(obj):
    """Re-read `obj` under select_for_update (inside an atomic block) and return the fresh row."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def state_label(model, state):
    return str(dict(model._meta.get_field("state").choices).get(state, state))


def _states(model, states):
    order = [value for value, _label in model._meta.get_field("state").choices]
    names = [state_label(model, s) for s in sorted(states, key=lambda s: order.index(s) if s in order else 99)]
    return _("、").join(names) or _("无")


def refusal(obj, action_name, *, label=None):
    """The domain error (not raised) for `action_name` refused in `obj`'s current state."""
    flow = workflow_of(obj)
    action = flow.actions[action_name]
    model = type(obj)
    if action.target is not None:
        message = _("当前状态为“%(state)s”，不能变更为“%(to)s”。只有处于以下状态时才可以：%(sources)s。") % {
            "state": state_label(model, obj.state), "to": state_label(model, action.target),
            "sources": _states(model, action.sources),
        }
        return flow.error(message, code="illegal_transition")
    message = _("当前状态为“%(state)s”，不能%(action)s。只有处于以下状态时才可以：%(states)s。") % {
        "state": state_label(model, obj.state), "action": label or action.label, "states": _states(model, action.sources),
    }
    return flow.error(message, code="illegal_state")


def allowed(obj, action_name):
    """Whether `action_name` may start from `obj`'s current state (for pages deciding what to offer)."""
    return obj.state in workflow_of(obj).actions[action_name].sources


def check(obj, action_name):
    """Raise the workflow's domain error unless `action_name` may start from `obj`'s current state."""
    if not allowed(obj, action_name):
        raise refusal(obj, action_name)


def require_state(obj, states, label):
    """Raise the workflow's domain error unless `obj` is in one of `states`: for a check that spans two
    actions (交办 starts a proposal's handling or adds units to it). `label`: the verb, translated."""
    if obj.state not in states:
        model = type(obj)
        raise workflow_of(obj).error(
            _("当前状态为“%(state)s”，不能%(action)s。只有处于以下状态时才可以：%(states)s。") % {
                "state": state_label(model, obj.state), "action": label, "states": _states(model, states)},
            code="illegal_state",
        )


def perform(obj, action_name, *, actor, note="", fields=None, locked=False):
    """Do `action_name` to `obj`: lock, check, save, log — in one transaction.

    Locks the row (select_for_update) unless `locked` (the caller holds the fresh row), checks that the
    action may start from the current state, sets the target state and `fields` (extra field values),
    saves with update_fields (auto_now fields included) and writes the timeline row with the actor
    (None: the system), the old and new state and `note`. Returns the fresh, saved object; the caller's
    instance is kept in step. Raises the declared domain error and changes nothing when refused.
    """
    from .audit import record_transition  # here, so that the enums modules declaring Actions stay leaves

    flow = workflow_of(obj)
    action = flow.actions[action_name]
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return perform(obj, action_name, actor=actor, note=note, fields=fields, locked=locked)
    current = obj if locked else lock(obj)
    if current.state not in action.sources:
        raise refusal(current, action_name)
    old = current.state
    target = old if action.target is None else action.target
    values = {"state": target, **(fields or {})}
    for name, value in values.items():
        setattr(current, name, value)
    update = list(values)
    for field in current._meta.concrete_fields:
        if isinstance(field, models.DateTimeField) and field.auto_now and field.name not in update:
            update.append(field.name)  # pre_save stamps it
    current.save(update_fields=update)
    record_transition(current, actor=actor, action=action.log or action_name, from_state=old, to_state=target, note=note)
    if current is not obj:
        for name, value in values.items():
            setattr(obj, name, value)
    return current

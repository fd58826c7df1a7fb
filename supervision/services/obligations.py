"""Obligations: create, meet, extend, waive, and mark overdue. Each change is locked, checked and logged."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.scopes import require_in_scope
from portal import workflow
from portal.audit import record_transition
from portal.models import StateChange

from ..enums import OBLIGATION_WORKFLOW, PENDING_STATES, ObligationState, OwnerKind
from ..messages import split
from ..models import Obligation
from ..schedule import plan
from .due_actions import due_action_at
from .errors import ObligationError
from .policies import policy_for

workflow.declare(Obligation, OBLIGATION_WORKFLOW, error=ObligationError)

OVERDUE_BATCH = 500


def _resolve_due(due_date, start):
    """A date, or a rule (calendar.Workdays / Months / Days) counted from `start`."""
    return due_date.from_date(start) if hasattr(due_date, "from_date") else due_date


def _first_reminder_at(obligation, *, now, since):
    policy = policy_for(obligation.committee_id, obligation.kind)
    return plan(obligation.due_date, policy, now=now, since=since).next_reminder_at


def _subject_filter(subject):
    content_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    return {"subject_type": content_type, "subject_id": subject.pk}


def obligations_for(subject, kind=None):
    """All obligations about `subject` (optionally of one kind), in any state."""
    qs = Obligation.objects.filter(**_subject_filter(subject))
    return qs.filter(kind=kind) if kind else qs


def check_new_obligation(*, owner_kind, owner_unit, owner_member, start_date, due_date, committee=None):
    """Raise ObligationError (Chinese message) if these cannot make an obligation. Used by forms too.

    The owning unit or member must belong to the obligation's committee (or a committee below it)."""
    if owner_kind == OwnerKind.UNIT and owner_unit is None:
        raise ObligationError(_("责任方为承办单位时必须指定责任单位。"))
    if owner_kind == OwnerKind.MEMBER and owner_member is None:
        raise ObligationError(_("责任方为委员时必须指定责任委员。"))
    if owner_kind not in OwnerKind.values:
        raise ObligationError(_("未知的责任方类型：%(kind)s。") % {"kind": owner_kind})
    if due_date < start_date:
        raise ObligationError(_("截止日期（%(due)s）不能早于起算日期（%(start)s）。") % {"due": due_date, "start": start_date})
    if committee is not None:
        owner = owner_unit if owner_kind == OwnerKind.UNIT else owner_member if owner_kind == OwnerKind.MEMBER else None
        label = _("责任单位") if owner_kind == OwnerKind.UNIT else _("责任委员")
        require_in_scope(owner, committee, label, error=ObligationError, subtree=True, active=False)


def create_obligation(*, subject, committee, kind, title, owner_kind, owner_unit=None, owner_member=None,
                      due_date, start_date=None, url="", actor=None):
    """Create an open obligation and schedule its first reminder.

    `title` is text or a supervision.messages.Message (rendered in each reader's language).
    Side effects: one Obligation row, one timeline row ("create"). A stage firing today (or, for a
    back-dated start, the latest missed stage) makes the next sweep send a reminder at once. A kind
    with an on-due handler (services.due_actions) gets its due_action_at.
    """
    now = timezone.now()
    start = start_date or timezone.localdate(now)
    due = _resolve_due(due_date, start)
    check_new_obligation(owner_kind=owner_kind, owner_unit=owner_unit, owner_member=owner_member,
                         start_date=start, due_date=due, committee=committee)
    stored_title, title_key, title_params = split(title)
    obligation = Obligation(
        committee=committee, kind=kind, title=stored_title[:300], title_key=title_key, title_params=title_params,
        owner_kind=owner_kind,
        owner_unit=owner_unit if owner_kind == OwnerKind.UNIT else None,
        owner_member=owner_member if owner_kind == OwnerKind.MEMBER else None,
        start_date=start, due_date=due, original_due_date=due, state=ObligationState.OPEN, url=url,
        due_action_at=due_action_at(kind, due),
    )
    if subject is not None:
        obligation.subject = subject
    obligation.next_reminder_at = _first_reminder_at(obligation, now=now, since=start)
    with transaction.atomic():
        obligation.save()
        record_transition(obligation, actor=actor, action="create", to_state=ObligationState.OPEN,
                          note=_("截止日期 %(due)s") % {"due": due})
    return obligation


def _lock(pk):
    return Obligation.objects.select_for_update().get(pk=pk)


def _set_state(obligation, to_state, *, action, actor=None, note="", **fields):
    """Do `action` (OBLIGATION_WORKFLOW, leading to `to_state`) on a row locked by the caller (_lock):
    check, save the state and `fields`, write the timeline row (portal.workflow.perform)."""
    assert OBLIGATION_WORKFLOW[action].target == to_state, (action, to_state)
    return workflow.perform(obligation, action, actor=actor, note=note, fields=fields, locked=True)


def _settle(obligation, *, subject, kind, owner_unit=None, to_state, action, actor, note, fields):
    """Settle one given obligation (illegal → error) or every pending one about `subject` (returns count)."""
    if obligation is not None:
        with transaction.atomic():
            _set_state(_lock(obligation.pk), to_state, action=action, actor=actor, note=note, **fields())
        return 1
    if subject is None:
        raise TypeError("pass an obligation or a subject")
    pending = obligations_for(subject, kind).filter(state__in=PENDING_STATES)
    if owner_unit is not None:
        pending = pending.filter(owner_unit=owner_unit)
    count = 0
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            locked = _lock(pk)
            if locked.state in PENDING_STATES:  # settled meanwhile by someone else: skip
                _set_state(locked, to_state, action=action, actor=actor, note=note, **fields())
                count += 1
    return count


def meet_obligation(obligation=None, *, subject=None, kind=None, owner_unit=None, actor=None, note=""):
    """Mark as met: the given obligation, or all pending ones about `subject` (of `kind`, owed by `owner_unit`).

    Side effects: state → met, met_at = now, no further reminders; a timeline row each. Returns the count.
    """
    return _settle(
        obligation, subject=subject, kind=kind, owner_unit=owner_unit, to_state=ObligationState.MET,
        action="meet", actor=actor, note=note,
        fields=lambda: {"met_at": timezone.now(), "next_reminder_at": None, "due_action_at": None},
    )


def waive_obligation(obligation=None, *, subject=None, kind=None, actor=None, note=""):
    """Waive (nothing owed any more): the given obligation or all pending ones about `subject`.

    Side effects: state → waived, no further reminders; a timeline row each. Returns the count.
    """
    return _settle(
        obligation, subject=subject, kind=kind, to_state=ObligationState.WAIVED,
        action="waive", actor=actor, note=note, fields=lambda: {"next_reminder_at": None, "due_action_at": None},
    )


def extend_obligation(obligation, *, new_due_date, actor=None, note=""):
    """Move the due date later (a date, or a rule counted from the current due date).

    Side effects: state → extended, due_date changed (original_due_date kept), reminders start again
    for the new date (stages before today are skipped); a timeline row. Returns the updated obligation.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(obligation.pk)
        new_due = _resolve_due(new_due_date, locked.due_date)
        if new_due <= locked.due_date:
            raise ObligationError(_("新的截止日期（%(new)s）必须晚于当前截止日期（%(old)s）。") % {
                "new": new_due, "old": locked.due_date})
        old_due = locked.due_date
        locked.due_date = new_due
        next_at = _first_reminder_at(locked, now=now, since=timezone.localdate(now))
        text = _("截止日期由 %(old)s 延至 %(new)s") % {"old": old_due, "new": new_due}
        return _set_state(locked, ObligationState.EXTENDED, action="extend", actor=actor,
                          note=f"{text}。{note}" if note else text, due_date=new_due, next_reminder_at=next_at,
                          due_action_at=due_action_at(locked.kind, new_due))


def mark_overdue(*, today=None):
    """Pending obligations whose due date has passed become overdue, in batches of conditional updates.

    Each batch locks the rows it reads (FOR UPDATE on PostgreSQL, so a concurrent sweep or a user
    meeting an obligation waits or is skipped), flips them with one
    UPDATE … WHERE state IN (open, extended) AND due_date < today, and writes their timeline rows with
    one INSERT. An obligation met or extended meanwhile no longer matches and is left alone. Returns
    how many were marked.
    """
    today = today or timezone.localdate()
    markable = Obligation.objects.filter(state__in=[ObligationState.OPEN, ObligationState.EXTENDED], due_date__lt=today)
    content_type = ContentType.objects.get_for_model(Obligation)
    count = 0
    while True:
        with transaction.atomic():
            rows = list(markable.select_for_update().order_by("due_date", "pk")
                        .values_list("pk", "state", "due_date")[:OVERDUE_BATCH])
            if not rows:
                return count
            pks = [pk for pk, _state, _due in rows]
            markable.filter(pk__in=pks).update(state=ObligationState.OVERDUE)
            StateChange.objects.bulk_create(
                StateChange(content_type=content_type, object_id=pk, action="overdue", from_state=state,
                            to_state=ObligationState.OVERDUE, note=_("截止日期 %(due)s 已过") % {"due": due})
                for pk, state, due in rows
            )
            count += len(rows)

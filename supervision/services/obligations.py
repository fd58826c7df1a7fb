"""Obligations: create, meet, extend, waive, and mark overdue. Each change is locked, checked and logged."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record_transition

from ..enums import OBLIGATION_TRANSITIONS, PENDING_STATES, ObligationState, OwnerKind
from ..models import Obligation
from ..schedule import plan
from .errors import ObligationError
from .policies import policy_for


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


def check_new_obligation(*, owner_kind, owner_unit, owner_member, start_date, due_date):
    """Raise ObligationError (Chinese message) if these cannot make an obligation. Used by forms too."""
    if owner_kind == OwnerKind.UNIT and owner_unit is None:
        raise ObligationError(_("责任方为承办单位时必须指定责任单位。"))
    if owner_kind == OwnerKind.MEMBER and owner_member is None:
        raise ObligationError(_("责任方为委员时必须指定责任委员。"))
    if owner_kind not in OwnerKind.values:
        raise ObligationError(_("未知的责任方类型：%(kind)s。") % {"kind": owner_kind})
    if due_date < start_date:
        raise ObligationError(_("截止日期（%(due)s）不能早于起算日期（%(start)s）。") % {"due": due_date, "start": start_date})


def create_obligation(*, subject, committee, kind, title, owner_kind, owner_unit=None, owner_member=None,
                      due_date, start_date=None, url="", actor=None):
    """Create an open obligation and schedule its first reminder.

    Side effects: one Obligation row, one timeline row ("create"). A stage firing today (or, for a
    back-dated start, the latest missed stage) makes the next sweep send a reminder at once.
    """
    now = timezone.now()
    start = start_date or timezone.localdate(now)
    due = _resolve_due(due_date, start)
    check_new_obligation(owner_kind=owner_kind, owner_unit=owner_unit, owner_member=owner_member,
                         start_date=start, due_date=due)
    obligation = Obligation(
        committee=committee, kind=kind, title=title[:300], owner_kind=owner_kind,
        owner_unit=owner_unit if owner_kind == OwnerKind.UNIT else None,
        owner_member=owner_member if owner_kind == OwnerKind.MEMBER else None,
        start_date=start, due_date=due, original_due_date=due, state=ObligationState.OPEN, url=url,
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


def _sources_of(to_state):
    return [ObligationState(s).label for s, targets in OBLIGATION_TRANSITIONS.items() if to_state in targets]


def _set_state(obligation, to_state, *, action, actor=None, note="", **fields):
    """Check the transition table, save the state and `fields`, write the timeline row. Call under _lock."""
    from_state = obligation.state
    if to_state not in OBLIGATION_TRANSITIONS[ObligationState(from_state)]:
        raise ObligationError(
            _("事项「%(title)s」当前状态为“%(state)s”，不能改为“%(target)s”（只能从 %(sources)s 改为该状态）。") % {
                "title": obligation.title, "state": obligation.get_state_display(),
                "target": ObligationState(to_state).label, "sources": "、".join(map(str, _sources_of(to_state))),
            }
        )
    obligation.state = to_state
    for name, value in fields.items():
        setattr(obligation, name, value)
    obligation.save(update_fields=["state", *fields])
    record_transition(obligation, actor=actor, action=action, from_state=from_state, to_state=to_state, note=note)
    return obligation


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
        fields=lambda: {"met_at": timezone.now(), "next_reminder_at": None},
    )


def waive_obligation(obligation=None, *, subject=None, kind=None, actor=None, note=""):
    """Waive (nothing owed any more): the given obligation or all pending ones about `subject`.

    Side effects: state → waived, no further reminders; a timeline row each. Returns the count.
    """
    return _settle(
        obligation, subject=subject, kind=kind, to_state=ObligationState.WAIVED,
        action="waive", actor=actor, note=note, fields=lambda: {"next_reminder_at": None},
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
                          note=f"{text}。{note}" if note else text, due_date=new_due, next_reminder_at=next_at)


def mark_overdue(*, today=None):
    """Pending obligations whose due date has passed become overdue.

    Side effects: state → overdue and a timeline row for each (re-checked under the row lock, so an
    obligation met or extended meanwhile is left alone). Returns how many were marked.
    """
    today = today or timezone.localdate()
    candidates = Obligation.objects.filter(
        state__in=[ObligationState.OPEN, ObligationState.EXTENDED], due_date__lt=today
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(candidates):
        with transaction.atomic():
            locked = Obligation.objects.select_for_update().filter(pk=pk).first()
            if locked is None or locked.due_date >= today or locked.state not in (
                ObligationState.OPEN, ObligationState.EXTENDED
            ):
                continue
            _set_state(locked, ObligationState.OVERDUE, action="overdue",
                       note=_("截止日期 %(due)s 已过") % {"due": locked.due_date})
            count += 1
    return count

"""Reads of consultation: what each user may see (`*_visible_to(user)`), built on members.scopes.

- staff, office viewers and leaders: their committee's subtree;
- a unit liaison: only the outcomes sent to its unit, those sendings, and the instructions on them;
- a member: their own topics and the committee's topics from 定题 on (the plan is public to members),
  the plans of their committee, the meetings they are invited to or may sign up for, their own
  invitations, attendance and research, and the committee's sent outcomes;
- anyone else: nothing.
Objects outside a selector are 404 in the API.
"""

from django.db.models import Q

from members.scopes import scope_for

from .meetings.enums import MeetingState
from .models import (
    Attendance,
    ConsultationPlan,
    Instruction,
    Invitation,
    Meeting,
    Outcome,
    OutcomeSending,
    PlanItem,
    Research,
    Speech,
    Topic,
)
from .outcomes.enums import OutcomeState
from .topics.enums import PUBLIC_TO_MEMBERS

# No rows, as a condition the database compiles: an empty `pk__in` cannot be compiled (EmptyResultSet), which
# the API's pager asks PostgreSQL to EXPLAIN (portal.pagination.planner_estimate) for a user who sees nothing.
NONE = Q(pk__lt=0)


def _visible(model, user, *, committee="committee", member=None, unit=None):
    """Rows of `model` in the user's read subtree (path `committee` to the committee), or matched by the
    member's (`member(member)`) or the unit's (`unit(unit_ids)`) condition."""
    scope = scope_for(user)
    if not scope.authenticated:
        return model.objects.none()
    if scope.is_superuser:
        return model.objects.all()
    q = scope.committee_q(committee) if scope.read_paths else NONE
    if member is not None and scope.member is not None:
        q |= member(scope.member)
    if unit is not None and scope.unit_ids:
        q |= unit(scope.unit_ids)
    return model.objects.filter(q)


def topics_visible_to(user):
    return _visible(Topic, user, member=lambda m: Q(proposer=m) | Q(committee_id=m.committee_id,
                                                                     state__in=PUBLIC_TO_MEMBERS))


def plans_visible_to(user):
    return _visible(ConsultationPlan, user, member=lambda m: Q(committee_id=m.committee_id))


def plan_items_visible_to(user):
    return _visible(PlanItem, user, committee="plan__committee", member=lambda m: Q(plan__committee_id=m.committee_id))


def research_visible_to(user):
    return _visible(Research, user, member=lambda m: Q(pk__in=Research.participants.through.objects.filter(
        member=m).values("research_id")))


def meetings_visible_to(user):
    def member(m):
        invited = Invitation.objects.filter(member=m).values("meeting_id")
        open_ = Q(committee_id=m.committee_id, signup_open=True, state__in=[MeetingState.NOTIFIED, MeetingState.HELD])
        return Q(pk__in=invited) | open_

    return _visible(Meeting, user, member=member)


def invitations_visible_to(user):
    return _visible(Invitation, user, committee="meeting__committee", member=lambda m: Q(member=m))


def attendance_visible_to(user):
    return _visible(Attendance, user, committee="meeting__committee", member=lambda m: Q(member=m))


def speeches_visible_to(user):
    """Plenary speeches: a member their own; staff, office viewers and leaders their subtree's."""
    return _visible(Speech, user, committee="meeting__committee", member=lambda m: Q(member=m))


def outcomes_visible_to(user):
    return _visible(
        Outcome, user,
        member=lambda m: Q(committee_id=m.committee_id, state=OutcomeState.SENT),
        unit=lambda ids: Q(pk__in=OutcomeSending.objects.filter(unit_id__in=ids).values("outcome_id")),
    )


def sendings_visible_to(user):
    return _visible(OutcomeSending, user, committee="outcome__committee", unit=lambda ids: Q(unit_id__in=ids))


def instructions_visible_to(user):
    return _visible(
        Instruction, user, committee="outcome__committee",
        unit=lambda ids: Q(outcome__in=OutcomeSending.objects.filter(unit_id__in=ids).values("outcome_id")),
    )


# ---- due dates of sendings, read from their obligations (the only due date) in the list's own query


def _obligations_of_sendings(kind):
    from supervision.enums import ObligationState
    from supervision.models import Obligation

    return (Obligation.objects.filter(subject_type__app_label="consult", subject_type__model="outcomesending", kind=kind)
            .exclude(state=ObligationState.WAIVED))


def with_speech_decision_due(queryset):
    """Annotate `decision_due` on Speeches: the due date of the staff's pending decision (选用 or not), if any."""
    from django.db.models import OuterRef, Subquery

    from supervision.enums import PENDING_STATES, ObligationKind
    from supervision.models import Obligation

    owed = (Obligation.objects.filter(subject_type__app_label="consult", subject_type__model="speech",
                                      kind=ObligationKind.CONSULT_SPEECH_DECISION, state__in=PENDING_STATES,
                                      subject_id=OuterRef("pk")).order_by("-id"))
    return queryset.annotate(decision_due=Subquery(owed.values("due_date")[:1]))


def with_sending_due_dates(queryset):
    """Annotate `due_date` and `due_state` (the latest reply obligation not waived: the 2-month rule or the
    3-month loop after an instruction) and `review_due` (a pending 回头看's due date) on OutcomeSendings."""
    from django.db.models import OuterRef, Subquery

    from supervision.enums import PENDING_STATES, ObligationKind

    reply = _obligations_of_sendings(ObligationKind.OUTCOME_REPLY).filter(subject_id=OuterRef("pk")).order_by("-id")
    review = (_obligations_of_sendings(ObligationKind.REVIEW).filter(subject_id=OuterRef("pk"), state__in=PENDING_STATES)
              .order_by("-id"))
    return queryset.annotate(
        due_date=Subquery(reply.values("due_date")[:1]), due_state=Subquery(reply.values("state")[:1]),
        review_due=Subquery(review.values("due_date")[:1]),
    )

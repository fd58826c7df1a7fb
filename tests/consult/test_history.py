"""The consultation part of `seed_history` (consult/history.py, for `make bench`), run small on the demo: its
rows hold together the way the services' rows do, and the consult pages `make bench` measures
(scripts/bench/run.py CASES) run as many queries on the history as on the demo alone."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consult.meetings.enums import MEETING_ACTIONS, AttendanceStatus, InvitationState, MeetingState
from consult.models import (
    Attendance,
    ConsultationPlan,
    Invitation,
    Meeting,
    Outcome,
    OutcomeSending,
    Recommendation,
    RecommendationReply,
    Research,
    Topic,
)
from consult.outcomes.enums import OUTCOME_ACTIONS, SENDING_ACTIONS, OutcomeState, SendingState
from consult.plans.frequency import standing
from consult.topics.enums import TOPIC_ACTIONS, TopicState
from portal.models import StateChange
from supervision.enums import PENDING_STATES, ObligationKind, ObligationState
from supervision.models import Obligation
from tests.test_query_counts import split_pager_counts

# (path, demo user) of the consult pages make bench measures (scripts/bench/run.py CASES and ROLES)
BENCH_PAGES = [
    ("/consult/topics/", "staff_anhui"), ("/consult/topics/", "staff_linshu"), ("/consult/topics/", "office_linshu"),
    ("/consult/meetings/", "staff_anhui"), ("/consult/meetings/", "staff_linshu"),
    ("/consult/meetings/", "office_linshu"), ("/consult/sendings/", "unit_jiaoyu"),
    ("/consult/me/meetings/", "member_zhang"), ("/consult/public/topics/", None),
]
CONSULT_KINDS = (ObligationKind.OUTCOME_REPLY, ObligationKind.CONSULT_INVITATION, ObligationKind.CONSULT_LEAVE_REVIEW)


def _queries():
    """{(path, user): (status, queries besides the pager's counts, the pager's counts)} of the bench's consult pages, after a first request (which may
    create the user's calendar feed and fill caches, as the bench's warm-up does)."""
    users = get_user_model().objects
    counts = {}
    for path, username in BENCH_PAGES:
        client = Client()
        if username:
            client.force_login(users.get(username=username))
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        counts[(path, username)] = (response.status_code, *split_pager_counts(ctx))
    return counts


@pytest.fixture
def history(demo_module, db):
    before = {m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
              for m in (Topic, Meeting, Invitation, Outcome, OutcomeSending, Obligation, ConsultationPlan)}
    queries = _queries()
    out = StringIO()
    call_command("seed_history", "--years", "3", "--proposals", "120", "--no-index", stdout=out)
    return before, queries, out.getvalue()


def _moves(table, create):
    allowed = {("create", "", create)}
    for name, action in table.items():
        for source in action.sources:
            allowed.add((action.log or name, source, action.target or source))
    return allowed


def _new(model, before):
    return model.objects.filter(pk__gt=before[model])


def test_consultation_history_holds_together(history):
    before, _queries_before, out = history
    connection.check_constraints()  # every foreign key points at a row
    assert "协商数据写入完成" in out
    plans, topics, meetings = _new(ConsultationPlan, before), _new(Topic, before), _new(Meeting, before)
    invitations, sendings = _new(Invitation, before), _new(OutcomeSending, before)
    assert plans.count() >= 10 and meetings.count() >= 40 and invitations.count() >= 40 * 20
    now = timezone.now()

    # the plans meet their committees' frequency requirement; every meeting lies in the past
    for plan in plans.select_related("committee")[:20]:
        assert standing(plan).plan_meets, plan
    assert not meetings.filter(starts_at__gte=now).exists()
    assert set(meetings.values_list("state", flat=True)) == {MeetingState.HELD, MeetingState.CANCELLED}
    assert not meetings.filter(plan_item__isnull=False).exclude(plan_item__plan__committee=F("committee")).exists()

    # invitations: a few dozen members of the meeting's own committee; attendance only at held meetings, for
    # the invited, and as their answer allows
    per_meeting = meetings.annotate(n=Count("invitations")).values_list("n", flat=True)
    assert min(per_meeting) >= 5 and max(per_meeting) <= 45
    assert not invitations.exclude(member__committee=F("meeting__committee")).exists()
    attendance = Attendance.objects.filter(meeting__in=meetings)
    assert not attendance.exclude(meeting__state=MeetingState.HELD).exists()
    assert attendance.count() == invitations.filter(meeting__state=MeetingState.HELD).count()
    assert set(attendance.values_list("status", flat=True)) == set(AttendanceStatus.values)
    leave = attendance.filter(status=AttendanceStatus.LEAVE).values_list("meeting_id", "member_id")
    assert set(leave) == set(invitations.filter(state=InvitationState.LEAVE_APPROVED, meeting__state=MeetingState.HELD)
                             .values_list("meeting_id", "member_id"))
    assert not invitations.filter(state=InvitationState.INVITED).exclude(answered_at=None).exists()

    # topics: research before their meeting (不调研不协商); outcomes of the meeting's committee and topic
    held_topics = topics.filter(meetings__state=MeetingState.HELD)
    assert held_topics.exists()
    assert not held_topics.filter(research__isnull=True).exists()
    assert not Research.objects.filter(topic__in=topics).exclude(
        end_date__lt=F("topic__meetings__starts_at__date")).exists()
    outcomes = Outcome.objects.filter(meeting__in=meetings)
    assert not outcomes.exclude(committee=F("meeting__committee")).exclude(topic=F("meeting__topic")).exists()
    assert not outcomes.filter(state=OutcomeState.SENT, sendings__isnull=True).exists()
    assert not sendings.exclude(unit__committee=F("outcome__committee")).exists()

    # replies cover every recommendation; the topic is 成果已报送 exactly while a unit still owes its reply
    replied = sendings.filter(state=SendingState.REPLIED)
    assert replied.exists() and sendings.filter(state=SendingState.SENT).exists()
    for sending in replied.annotate(n=Count("adoptions"))[:50]:
        assert sending.n == Recommendation.objects.filter(outcome_id=sending.outcome_id).count()
    assert not RecommendationReply.objects.filter(sending__state=SendingState.SENT).exists()
    owing = set(sendings.filter(state=SendingState.SENT).values_list("outcome__topic", flat=True))
    assert set(topics.filter(state=TopicState.OUTCOME_SENT).values_list("pk", flat=True)) == owing
    assert not topics.filter(state__in=[TopicState.REPLIED, TopicState.CLOSED], pk__in=owing).exists()

    # obligations: pending only for unreplied sendings, one each; met when replied, at the reply
    obligations = _new(Obligation, before).filter(kind__in=CONSULT_KINDS)
    sending_type = ContentType.objects.get_for_model(OutcomeSending)
    pending = obligations.filter(state__in=PENDING_STATES)
    assert set(pending.values_list("kind", "subject_type")) == {(ObligationKind.OUTCOME_REPLY, sending_type.pk)}
    assert sorted(pending.values_list("subject_id", flat=True)) == sorted(
        sendings.filter(state=SendingState.SENT).values_list("pk", flat=True))
    today = timezone.localdate()
    assert not pending.filter(Q(state=ObligationState.OPEN, due_date__lt=today) |
                              Q(state=ObligationState.OVERDUE, due_date__gte=today)).exists()
    assert not pending.filter(Q(next_reminder_at__lte=now) | Q(next_reminder_at=None)).exists()
    met = {o.subject_id: o.met_at for o in obligations.filter(kind=ObligationKind.OUTCOME_REPLY, state=ObligationState.MET)}
    assert met == dict(replied.values_list("pk", "replied_at"))
    answers = obligations.filter(kind=ObligationKind.CONSULT_INVITATION)
    assert answers.exists() and not answers.exclude(state__in=[ObligationState.MET, ObligationState.WAIVED]).exists()
    assert "答复协商活动邀请：" in answers.first().display_title

    # every timeline row is a move its action table allows
    for model, table, create in ((Topic, TOPIC_ACTIONS, TopicState.COLLECTED), (Meeting, MEETING_ACTIONS, MeetingState.PLANNED),
                                 (Outcome, OUTCOME_ACTIONS, OutcomeState.DRAFT), (OutcomeSending, SENDING_ACTIONS, "")):
        rows = StateChange.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                          object_id__in=_new(model, before).values("pk"))
        assert rows.exists(), model
        allowed = _moves(table, create)
        for move in rows.values_list("action", "from_state", "to_state").distinct():
            assert move in allowed, (model.__name__, move)
    last = {}
    for pk, at in (StateChange.objects.filter(content_type=ContentType.objects.get_for_model(Topic),
                                              object_id__in=topics.values("pk")).order_by("id")
                   .values_list("object_id", "at")):
        assert at >= last.get(pk, at), pk  # each topic's timeline in the order it happened
        last[pk] = at


def test_the_bench_consult_pages_run_as_many_queries_on_the_history(history):
    _before, queries_before, _out = history
    after = _queries()
    assert all(status == 200 for status, _n, _pager in after.values()), after
    # as many queries, but for the pager's count, which a first page that is not full does without
    assert {k: v[:2] for k, v in after.items()} == {k: v[:2] for k, v in queries_before.items()}
    assert all(0 <= after[k][2] - queries_before[k][2] <= 2 for k in after), (queries_before, after)

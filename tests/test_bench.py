"""`make bench` keeps working as the models change: its data generator (proposals.history, run small
here on the test database) writes rows that hold together the way the services' rows do, and the
query-count header it reads appears only when the bench setting is on."""

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone

from portal.models import StateChange
from portal.querycount import HEADER
from proposals import search, similarity
from proposals.enums import (
    ACCEPTED_STATES,
    ASSIGNMENT_ACTIONS,
    PROPOSAL_ACTIONS,
    AssignmentRole,
    AssignmentState,
    ProposalState,
)
from proposals.models import (
    Assignment,
    Proposal,
    ProposalIndex,
    ProposalSearch,
    ProposalTerm,
    Rating,
    Reply,
    TermStat,
)
from supervision.enums import PENDING_STATES, ObligationState
from supervision.models import Obligation
from supervision.services.sweep import run_sweep


@pytest.fixture
def history(demo_module, db):
    before = Proposal.objects.count()
    last = Proposal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_obligation = Obligation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call_command("seed_history", "--years", "2", "--proposals", "200", stdout=StringIO())
    return before, last, last_obligation


def _moves(table):
    """(timeline action code, from, to) pairs the action table allows."""
    allowed = set()
    for name, action in table.items():
        for source in action.sources:
            allowed.add((action.log or name, source, action.target or source))
    return allowed


def test_history_rows_hold_together(history):
    before, last, last_obligation = history  # the generator's rows are those after these ids
    assert Proposal.objects.count() == before + 200
    connection.check_constraints()  # every foreign key points at a row (SQLite checks them only at commit)

    # answered_at as the reply review service sets it: the first approved reply's review time; so 提案公开
    # lists exactly the disclosed proposals with an approved reply
    from proposals.enums import ReplyState
    from proposals.selectors import public_proposals

    for p in Proposal.objects.filter(assignments__replies__state=ReplyState.APPROVED).distinct():
        first = Reply.objects.filter(assignment__proposal=p, state=ReplyState.APPROVED).order_by("reviewed_at")[0]
        assert p.answered_at == first.reviewed_at
    assert not Proposal.objects.filter(answered_at__isnull=False).exclude(
        assignments__replies__state=ReplyState.APPROVED).exists()
    assert public_proposals().exists()

    proposals = Proposal.objects.all()
    assert set(proposals.values_list("state", flat=True)) <= set(ProposalState.values)
    # numbered exactly when accepted (立案), each number once per session
    for p in proposals.only("state", "number", "sequence", "merged_into"):
        if p.state in ACCEPTED_STATES and p.merged_into_id is None:
            assert p.number and p.sequence, p.pk
        if p.state not in ACCEPTED_STATES:
            assert not p.number, p.pk
    assert len(texts := list(proposals.filter(reason__gt="").values_list("reason", "suggestions"))) >= 200
    assert min(len(r) for r, _s in texts[-200:]) >= 500 and max(len(s) for _r, s in texts[-200:]) > 1000

    # assignments follow their proposal's state
    for a in Assignment.objects.select_related("proposal").exclude(state=AssignmentState.WITHDRAWN):
        if a.proposal.state == ProposalState.CLOSED:
            assert a.state == AssignmentState.CLOSED, a.pk
        assert a.proposal.state in {ProposalState.HANDLING, ProposalState.REPLIED, ProposalState.REHANDLING,
                                    ProposalState.CLOSED}, a.pk
    for p in Proposal.objects.filter(state=ProposalState.HANDLING, assignments__isnull=False).distinct():
        replying = p.assignments.exclude(role=AssignmentRole.CO).exclude(state=AssignmentState.WITHDRAWN)
        assert replying.exclude(state=AssignmentState.ANSWERED).exists(), p.pk  # else it would be 已答复
    assert Reply.objects.exists() and Rating.objects.exists()

    # every timeline row the generator wrote for a proposal or an assignment is a move its table allows
    generated = {Proposal: Proposal.objects.filter(pk__gt=last),
                 Assignment: Assignment.objects.filter(proposal__pk__gt=last)}
    for model, table in ((Proposal, PROPOSAL_ACTIONS), (Assignment, ASSIGNMENT_ACTIONS)):
        allowed = _moves(table) | {("create", "", ProposalState.DRAFT)}
        rows = StateChange.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                          object_id__in=generated[model].values("pk"))
        assert rows.exists()
        for action, frm, to in rows.values_list("action", "from_state", "to_state").distinct():
            assert (action, frm, to) in allowed, (model.__name__, action, frm, to)

    # obligations are about real rows; pending ones are scheduled, never already due
    for type_id in Obligation.objects.order_by().values_list("subject_type", flat=True).distinct():  # no ordering: one row a type
        model = apps.get_model(*ContentType.objects.filter(pk=type_id).values_list("app_label", "model").get())
        ids = set(Obligation.objects.filter(subject_type_id=type_id).values_list("subject_id", flat=True))
        assert ids <= set(model.objects.filter(pk__in=ids).values_list("pk", flat=True)), model.__name__
    pending = Obligation.objects.filter(state__in=PENDING_STATES, pk__gt=last_obligation)
    assert pending.exists() and Obligation.objects.filter(state=ObligationState.MET).exists()
    today, now = timezone.localdate(), timezone.now()
    assert not pending.filter(state=ObligationState.OPEN, due_date__lt=today).exists()
    assert not pending.filter(state=ObligationState.OVERDUE, due_date__gte=today).exists()
    assert not pending.filter(next_reminder_at__lte=now).exists()

    # the similarity index: every proposal indexed, its postings bounded, the document count right
    assert not Proposal.objects.filter(similarity_index__isnull=True).exists()
    assert TermStat.objects.get(term=similarity.DOCUMENTS).df == ProposalIndex.objects.count()
    per = ProposalTerm.objects.values("proposal").order_by().annotate(n=Count("id"))
    assert {row["n"] for row in per} and max(row["n"] for row in per) <= similarity.TERMS_PER_PROPOSAL
    hit = Proposal.objects.filter(state=ProposalState.CLOSED).order_by("-pk").first()
    found = similarity.similar_proposals(viewer=_superuser(), committee=hit.committee,
                                         text=similarity.source_text(hit.title, hit.reason, hit.suggestions), k=3)
    assert found and found[0][0].pk == hit.pk  # a proposal's own text finds it first

    # the full-text search rows: every proposal has one, holding the words the services would store
    assert not Proposal.objects.filter(search_row__isnull=True).exists()
    seeded = list(Proposal.objects.filter(pk__gt=last).select_related("proposer").order_by("pk")[:4])
    for p in seeded:
        assert _stored_words(p.pk) == tuple(set(w.split()) for w in search.index_words(search.index_texts(p, p.proposer.name)))
        assert search.index_proposal(p) is False, p.pk  # the digest is the services' too: nothing to rewrite
    numbered = Proposal.objects.filter(pk__gt=last).exclude(number="").order_by("-pk").first()
    word = search.document_words(numbered.suggestions)[-1]
    assert numbered in search.matching(Proposal.objects.all(), word)  # found by a word of its text
    assert numbered in search.matching(Proposal.objects.all(), numbered.number)  # and by its 案号


def test_sweep_finds_nothing_due_in_the_history(demo_module, db):
    run_sweep(source="test", queue_delivery=False)  # what the demo itself has due
    call_command("seed_history", "--years", "2", "--proposals", "200", "--no-index", stdout=StringIO())
    run = run_sweep(source="test", queue_delivery=False)
    assert (run.reminders_sent, run.due_actions, run.failures) == (0, 0, 0)


def _stored_words(pk):
    """(title words, text words) of a proposal's search row, as sets, on either database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT tsvector_to_array(title), tsvector_to_array(text) FROM {ProposalSearch._meta.db_table} "
                           "WHERE proposal_id = %s", [pk])
            return tuple(set(words) for words in cursor.fetchone())
    return tuple(set(words.split()) for words in ProposalSearch.objects.values_list("title", "text").get(pk=pk))


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def test_query_count_header_only_when_the_setting_is_on(db):
    assert HEADER not in Client().get("/healthz")  # a client loads the middleware on its first request
    middleware = ["portal.querycount.QueryCountMiddleware", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware, BENCH_QUERY_COUNT=False):
        assert HEADER not in Client().get("/healthz")  # listed but off: Django leaves it out
    with override_settings(MIDDLEWARE=middleware, BENCH_QUERY_COUNT=True):
        response = Client().get("/healthz")
    assert int(response[HEADER]) >= 1

"""Numbers per session (十四届三次-0001 …), assigned on acceptance; concurrent acceptance cannot both win."""

import threading

import pytest
from django.db import connection

from members.models import Session
from proposals import services
from proposals.errors import ProposalError
from proposals.models import Proposal

# Threads need committed rows (a transactional test, which empties the tables afterwards). On SQLite,
# whose IMMEDIATE transactions serialise writers anyway, the stale-copy test above covers the race;
# on PostgreSQL (.ci/run) the threads really race for the row lock.
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="threaded race runs on PostgreSQL")


def test_numbers_run_per_session(pw):
    a = services.accept(proposal=pw.submitted(title="甲"), actor=pw.o.staff)
    b = services.accept(proposal=pw.submitted(title="乙"), actor=pw.o.staff)
    s4 = Session.objects.create(term=pw.term, number=4, name="第四次会议", start_date=pw.session.start_date.replace(year=2027))
    c = services.accept(proposal=pw.submitted(title="丙", session=s4), actor=pw.o.staff)
    assert [a.number, b.number, c.number] == ["十四届三次-0001", "十四届三次-0002", "十四届四次-0001"]


def test_rejected_proposals_take_no_number(pw):
    services.decline(proposal=pw.submitted(title="甲"), actor=pw.o.staff, ground=pw.ground)
    b = services.accept(proposal=pw.submitted(title="乙"), actor=pw.o.staff)
    assert b.number == "十四届三次-0001"


def test_stale_copy_cannot_accept_again(pw):
    """Two staff load the same proposal; the second acceptance sees the locked, fresh row and fails."""
    p = pw.submitted()
    copy_1 = Proposal.objects.get(pk=p.pk)
    copy_2 = Proposal.objects.get(pk=p.pk)
    services.accept(proposal=copy_1, actor=pw.o.staff)
    with pytest.raises(ProposalError, match="当前状态为“已立案”"):
        services.accept(proposal=copy_2, actor=pw.o.city_staff)
    with pytest.raises(ProposalError):
        services.return_for_revision(proposal=copy_2, actor=pw.o.city_staff, note="退回")
    assert Proposal.objects.filter(number__gt="").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_acceptance_only_one_wins(org):
    """Threads on one proposal (PostgreSQL: row locks; SQLite: IMMEDIATE transactions serialise writers)."""
    from tests.proposals.conftest import World

    pw = World(org)
    p = pw.submitted()
    results = []
    barrier = threading.Barrier(2)

    def accept(user):
        try:
            barrier.wait(timeout=5)
            services.accept(proposal=Proposal.objects.get(pk=p.pk), actor=user)
            results.append("ok")
        except ProposalError as exc:
            results.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (org.staff, org.city_staff)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=len) == ["ok", results[1] if results[0] == "ok" else results[0]]
    assert results.count("ok") == 1
    p.refresh_from_db()
    assert p.number == "十四届三次-0001"


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_acceptance_of_different_proposals_gets_distinct_numbers(org):
    from tests.proposals.conftest import World

    pw = World(org)
    proposals = [pw.submitted(title=f"提案{i}") for i in range(4)]
    errors = []

    def accept(p):
        try:
            services.accept(proposal=Proposal.objects.get(pk=p.pk), actor=org.staff)
        except Exception as exc:  # noqa: BLE001 — any failure fails the test below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(p,)) for p in proposals]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    assert numbers == [f"十四届三次-000{i}" for i in range(1, 5)]

"""The sweep does every periodic duty (co-signing expiry, closing unrated proposals) in beat and in
`manage.py run_sweep` alike, and one broken row does not stop it."""

import datetime as dt
import logging
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.enums import CoSignatureState, ProposalKind, ProposalState
from proposals.models import CoSignature
from supervision.enums import ObligationKind as K
from supervision.enums import ObligationState, OwnerKind
from supervision.models import Obligation, SweepRun
from supervision.services import create_obligation, mark_overdue, obligations_for
from supervision.services.due_actions import RETRY_DELAY
from supervision.tasks import sweep

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def cosigning(pw, title):
    """A joint proposal waiting for 王委员 (due 5 working days later); the 张委员 invitation confirmed."""
    p = pw.draft(kind=ProposalKind.JOINT, title=title)
    from proposals import services

    services.invite_cosigners(proposal=p, actor=pw.o.member_user, members=[pw.cosigner, pw.o.other_member])
    services.submit(proposal=p, actor=pw.o.member_user)
    services.confirm_cosignature(signature=p.signatures.get(member=pw.o.other_member), actor=pw.o.other_member_user)
    return p, p.signatures.get(member=pw.cosigner)


def test_run_sweep_command_expires_an_unanswered_invitation_and_closes_an_unrated_proposal(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):  # Monday
        joint, late = cosigning(pw, "关于加强社区养老服务的建议")
        replied, _reply = pw.replied()
    with time_machine.travel(at(2027, 3, 9), tick=False):  # the day after the 5-working-day deadline
        call_command("run_sweep", "--no-deliver", stdout=StringIO())
    late.refresh_from_db()
    joint.refresh_from_db()
    assert late.state == CoSignatureState.EXPIRED
    assert joint.state == ProposalState.SUBMITTED  # one co-signer confirmed: on to review
    with time_machine.travel(at(2027, 3, 23), tick=False):  # 15 working days after the reply was approved
        call_command("run_sweep", "--no-deliver", stdout=StringIO())
    replied.refresh_from_db()
    assert replied.state == ProposalState.CLOSED
    assert SweepRun.objects.filter(source="manual").count() == 2


def test_the_beat_task_runs_the_same_sweep(pw):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        joint, late = cosigning(pw, "关于加强社区养老服务的建议")
    with time_machine.travel(at(2027, 3, 9), tick=False):
        sweep.apply()  # what beat runs every SWEEP_INTERVAL_SECONDS
    late.refresh_from_db()
    assert late.state == CoSignatureState.EXPIRED
    run = SweepRun.objects.get(source="beat")
    assert run.due_actions == 1
    # deadlines have one periodic task: no separate proposals sweep scanning every proposal (the other
    # beat entry expires finished export files, which are no deadlines)
    tasks = sorted(entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values())
    assert tasks == ["portal.expire_export_jobs", "supervision.sweep"]


def test_a_broken_row_is_logged_and_retried_later_while_the_others_are_done(pw, caplog):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        _p1, broken = cosigning(pw, "关于加强社区养老服务的建议")
        p2, fine = cosigning(pw, "关于改善农村饮水条件的建议")
        # broken data: the co-signature row is gone (deleted by hand), its obligation is left behind
        broken_ob = obligations_for(broken, K.PROPOSAL_COSIGN).get()
        CoSignature.objects.filter(pk=broken.pk).delete()
        unit_ob = create_obligation(subject=None, committee=pw.o.county, kind=K.GENERIC, title="报送年度总结",
                                    owner_kind=OwnerKind.UNIT, owner_unit=pw.o.unit, due_date=dt.date(2027, 3, 5))
    with time_machine.travel(at(2027, 3, 9), tick=False), caplog.at_level(logging.ERROR):
        sweep.apply()
        run = SweepRun.objects.get(source="beat")
        now = dt.datetime.now(TZ)
    assert run.failures == 1 and run.due_actions == 1
    assert "到期处理失败" in caplog.text
    fine.refresh_from_db()
    assert fine.state == CoSignatureState.EXPIRED  # the good row was done
    unit_ob.refresh_from_db()
    assert unit_ob.state == ObligationState.OVERDUE  # and the later duties ran
    broken_ob.refresh_from_db()
    assert broken_ob.due_action_at == now + RETRY_DELAY  # tried again later
    with time_machine.travel(at(2027, 3, 9, 11), tick=False):
        sweep.apply()
        assert SweepRun.objects.order_by("-started_at").first().failures == 1  # retried after the delay


def test_overdue_marking_is_batched(pw):
    def make(n):
        for i in range(n):
            create_obligation(subject=None, committee=pw.o.county, kind=K.GENERIC, title=f"事项{i}",
                              owner_kind=OwnerKind.STAFF, due_date=dt.date(2027, 3, 5), start_date=dt.date(2027, 3, 1))

    make(3)
    with CaptureQueriesContext(connection) as few:
        assert mark_overdue(today=dt.date(2027, 3, 9)) == 3
    make(40)
    with CaptureQueriesContext(connection) as many:
        assert mark_overdue(today=dt.date(2027, 3, 9)) == 40
    assert len(many) == len(few)
    assert Obligation.objects.filter(state=ObligationState.OVERDUE).count() == 43

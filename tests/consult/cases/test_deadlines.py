"""The stages' deadlines are obligations: the one owed falls overdue and is reminded by the sweep, shows on
its owner's home page, and is met when the stage is done."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from consult.cases import services
from supervision.enums import ObligationKind as K
from supervision.enums import ObligationState
from supervision.models import Notification, Reminder
from supervision.services import obligations_for, run_sweep
from tests.consult.cases import builders as b

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def test_an_unclaimed_case_falls_overdue_is_reminded_and_met_by_the_claim(org):
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, tzinfo=TZ), tick=False):  # Monday
        case = b.offered(org)  # grade C: 5 working days to claim
        owed = obligations_for(case, K.CASE_CLAIM).get()
        assert (owed.owner_member, owed.due_date) == (org.group_leader, dt.date(2027, 3, 8))
        assert owed.display_title == f"组织委员接单：{case.title}"
        c = Client()
        c.force_login(org.leader_user)
        assert "群众点单接单" in c.get("/").content.decode()
    with time_machine.travel(dt.datetime(2027, 3, 9, 10, tzinfo=TZ), tick=False):
        run_sweep()
        owed.refresh_from_db()
        assert owed.state == ObligationState.OVERDUE
        assert "due" in set(Reminder.objects.filter(obligation=owed).values_list("stage", flat=True))
        assert Notification.objects.filter(user=org.leader_user).exists()
        services.claim(case=case, actor=org.member_user)
        owed.refresh_from_db()
        assert owed.state == ObligationState.MET
        assert obligations_for(case, K.CASE_CONSULT).get().due_date == dt.date(2027, 3, 30)  # 15 working days


def test_reoffering_to_another_group_moves_the_claim_deadline(org):
    case = b.offered(org)
    services.offer(case=case, actor=org.staff, member_group=org.other_group)
    states = sorted(obligations_for(case, K.CASE_CLAIM).values_list("state", flat=True))
    assert states == [ObligationState.OPEN, ObligationState.WAIVED]

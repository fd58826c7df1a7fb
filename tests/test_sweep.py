"""The sweep: each reminder stage goes out once, at its time, with escalation while overdue."""

import datetime as dt
import threading
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from supervision.enums import Channel, ObligationKind, ObligationState, OwnerKind
from supervision.models import Delivery, Notification, Obligation, Reminder, ReminderPolicy, SweepRun
from supervision.schedule import DEFAULT_POLICY, plan
from supervision.services import create_obligation, extend_obligation, meet_obligation, run_sweep

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date
MINUTE = dt.timedelta(minutes=1)
NATIONAL_DAY_DUE = D(2026, 10, 15)


def at(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def unit_obligation(org, due=NATIONAL_DAY_DUE, start=None, title="答复关于教育的提案"):
    return create_obligation(
        subject=None, committee=org.county, kind=ObligationKind.PROPOSAL_REPLY, title=title,
        owner_kind=OwnerKind.UNIT, owner_unit=org.unit, due_date=due, start_date=start,
    )


def stages(obligation):
    return list(Reminder.objects.filter(obligation=obligation).order_by("created_at", "id").values_list("stage", flat=True))


def inbox(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("body", flat=True))


def outbox(channel):
    return sorted(Delivery.objects.filter(channel=channel).values_list("recipient", flat=True))


@pytest.fixture
def contacts(org):
    org.unit_user.email = "liaison@jyj.example.cn"
    org.unit_user.save()
    org.staff.email = "staff@nq.example.cn"
    org.staff.save()
    org.unit.contact_phone = "13811112222"
    org.unit.save()
    return org


def test_reminders_go_out_at_14_3_0_days_then_weekly_with_escalation(contacts):
    org = contacts
    timeline = [
        ("before-14", at(2026, 10, 1), "还有 14 天"),
        ("before-3", at(2026, 10, 12), "还有 3 天"),
        ("due", at(2026, 10, 15), "今天（2026-10-15）到期"),
        ("overdue-1", at(2026, 10, 22), "已逾期 7 天"),
        ("overdue-2", at(2026, 10, 29), "已逾期 14 天"),
    ]
    with time_machine.travel(at(2026, 9, 1, 10), tick=False) as traveller:
        obligation = unit_obligation(org)
        for number, (stage, moment, text) in enumerate(timeline, start=1):
            traveller.move_to(moment - MINUTE)
            run_sweep()
            assert len(stages(obligation)) == number - 1, f"{stage} went out early"
            traveller.move_to(moment + 5 * MINUTE)
            run_sweep()
            run_sweep()
            assert stages(obligation) == [s for s, _, _ in timeline[:number]]
            assert text in inbox(org.unit_user)[-1]

    assert len(inbox(org.unit_user)) == 5
    # Escalation: the two overdue stages also reach the unit's leader and the committee's staff.
    assert len(inbox(org.staff)) == 2
    assert "南谯区教育局 负责的「答复关于教育的提案」已于 2026-10-15 到期，已逾期 7 天" in inbox(org.staff)[0]
    assert inbox(org.other_unit_user) == [] and inbox(org.city_staff) == []
    leader = org.unit.leader_email
    assert outbox(Channel.EMAIL) == sorted(["liaison@jyj.example.cn"] * 5 + [leader, leader] + ["staff@nq.example.cn"] * 2)
    assert outbox(Channel.SMS) == sorted(["13811112222"] * 5 + [org.unit.leader_phone] * 2)
    assert list(Reminder.objects.order_by("id").values_list("escalated", flat=True)) == [False] * 3 + [True] * 2
    obligation.refresh_from_db()
    assert obligation.state == ObligationState.OVERDUE
    assert obligation.next_reminder_at == at(2026, 11, 5)


def test_repeated_sweeps_send_each_reminder_exactly_once(contacts):
    org = contacts
    with time_machine.travel(at(2026, 10, 12, 8), tick=False) as traveller:
        obligation = unit_obligation(org)
        traveller.move_to(at(2026, 10, 12, 9, 1))
        runs = [run_sweep() for _ in range(5)]
    assert [r.reminders_sent for r in runs] == [1, 0, 0, 0, 0]
    assert stages(obligation) == ["before-3"]
    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 2  # one email, one SMS
    assert SweepRun.objects.filter(source="beat").count() == 5


def test_after_an_outage_only_the_latest_stage_is_sent(contacts):
    org = contacts
    with time_machine.travel(at(2026, 9, 1, 10), tick=False) as traveller:
        obligation = unit_obligation(org)
        traveller.move_to(at(2026, 10, 23, 15))  # nothing ran from 1 Oct to 23 Oct
        assert run_sweep().reminders_sent == 1
    assert stages(obligation) == ["overdue-1"]
    assert "已逾期 8 天" in inbox(org.unit_user)[0]


def test_met_obligation_gets_no_more_reminders(contacts):
    org = contacts
    with time_machine.travel(at(2026, 9, 1, 10), tick=False) as traveller:
        obligation = unit_obligation(org)
        meet_obligation(obligation)
        traveller.move_to(at(2026, 10, 16, 10))
        run = run_sweep()
    assert (run.reminders_sent, run.overdue_marked) == (0, 0)
    assert stages(obligation) == []


def test_extension_restarts_the_stages_for_the_new_date(contacts):
    org = contacts
    with time_machine.travel(at(2026, 10, 15, 10), tick=False) as traveller:
        obligation = unit_obligation(org, start=D(2026, 9, 1))
        run_sweep()
        extend_obligation(obligation, new_due_date=D(2026, 11, 20))
        traveller.move_to(at(2026, 11, 6, 10))
        run_sweep()
        run_sweep()
    assert list(Reminder.objects.order_by("id").values_list("stage", "due_date")) == [
        ("due", D(2026, 10, 15)), ("before-14", D(2026, 11, 20)),
    ]


def test_committee_policy_changes_stages_and_channels(contacts):
    org = contacts
    ReminderPolicy.objects.create(committee=org.county, kind="", days_before="5", on_due_day=False,
                                  overdue_every_days=0, channels="inapp")
    with time_machine.travel(at(2026, 9, 1, 10), tick=False) as traveller:
        obligation = unit_obligation(org)
        for day in range(1, 60):
            traveller.move_to(at(2026, 9, 1, 10) + dt.timedelta(days=day))
            run_sweep()
    assert stages(obligation) == ["before-5"]
    assert Delivery.objects.count() == 0
    assert Obligation.objects.get(pk=obligation.pk).next_reminder_at is None


def test_a_stage_inserted_by_a_concurrent_sweep_is_not_sent_again(contacts):
    """SQLite cannot run two sweeps at once: simulate the other one committing the stage first."""
    org = contacts
    with time_machine.travel(at(2026, 10, 12, 10), tick=False):
        obligation = unit_obligation(org, start=D(2026, 9, 1))
        fired = plan(obligation.due_date, DEFAULT_POLICY, now=at(2026, 10, 12, 10), since=obligation.start_date).fired
        Reminder.objects.create(obligation=obligation, stage=fired.key, due_date=obligation.due_date)
        assert run_sweep().reminders_sent == 0
    assert Notification.objects.count() == 0 and Delivery.objects.count() == 0
    obligation.refresh_from_db()
    assert obligation.next_reminder_at == at(2026, 10, 15)


def _sweep_in_thread(now, barrier, errors):
    try:
        barrier.wait(timeout=10)
        run_sweep(now=now, queue_delivery=False)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_the_same_moment_send_each_reminder_once(contacts):
    org = contacts
    now = at(2026, 10, 12, 10)
    with time_machine.travel(now, tick=False):
        obligations = [unit_obligation(org, start=D(2026, 9, 1), title=f"事项{i}") for i in range(10)]
    if connection.vendor == "postgresql":
        barrier, errors = threading.Barrier(2), []
        threads = [threading.Thread(target=_sweep_in_thread, args=(now, barrier, errors)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
    else:  # SQLite serialises writers: the second sweep runs after the first
        run_sweep(now=now, queue_delivery=False)
        run_sweep(now=now, queue_delivery=False)
    assert Reminder.objects.count() == 10
    assert Notification.objects.count() == 10
    assert Delivery.objects.count() == 20
    assert all(stages(o) == ["before-3"] for o in obligations)


def test_run_sweep_command_reports_in_chinese(contacts):
    org = contacts
    unit_obligation(org, start=D(2026, 1, 1), due=D(2026, 2, 1))
    out = StringIO()
    call_command("run_sweep", stdout=out)
    text = out.getvalue()
    assert "巡检完成：新逾期 1 项，发出提醒 1 条。" in text
    assert "外发消息：已发送 5 条，待重试 0 条，失败 0 条。" in text  # owner and escalation copies
    assert SweepRun.objects.get().source == "manual"
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_a_reminder_sent_late_is_worded_for_the_day_it_goes_out(contacts):
    """The due-day stage, delayed past the due date by an outage, must not say "today"."""
    org = contacts
    with time_machine.travel(at(2026, 10, 14, 8), tick=False) as traveller:
        obligation = unit_obligation(org)
        run_sweep()  # the 3-days-before stage has already gone; the due-day one is next
        Notification.objects.all().delete()
        traveller.move_to(at(2026, 10, 16, 8))  # beat was down on the due day and comes back the day after
        run_sweep()
    assert stages(obligation)[-1] in {"due", "overdue-1"}
    [body] = inbox(org.unit_user)
    assert "今天" not in body and "已逾期 1 天" in body

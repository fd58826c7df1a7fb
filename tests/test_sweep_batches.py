"""Due reminders go out in batches: a constant number of queries however many are due, each stage once,
and one broken row neither stops nor loses the others."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from supervision.enums import Channel, ObligationKind, OwnerKind
from supervision.models import Delivery, Notification, Obligation, Reminder, SweepRun
from supervision.services import create_obligation, run_sweep
from supervision.services import sweep as sweep_module
from supervision.services.sweep import RETRY_DELAY

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 10, 12, 10, tzinfo=TZ)  # 09:00 has passed: the stages of today have fired
START = dt.date(2026, 9, 1)
DUE_SOON = dt.date(2026, 10, 15)  # its 3-days-before stage fired this morning
OVERDUE = dt.date(2026, 10, 1)  # its first overdue stage (a week later) has fired: escalated


def _make(org, n, *, first=0):
    """n obligations that owe a reminder now, by turns a unit's (due soon, or overdue and escalated), a
    member's of the same and of another county, and the staff's (overdue)."""
    kinds = [
        dict(owner_kind=OwnerKind.UNIT, owner_unit=org.unit, committee=org.county, due_date=DUE_SOON),
        dict(owner_kind=OwnerKind.UNIT, owner_unit=org.other_unit, committee=org.county, due_date=OVERDUE),
        dict(owner_kind=OwnerKind.MEMBER, owner_member=org.member, committee=org.county, due_date=DUE_SOON),
        dict(owner_kind=OwnerKind.MEMBER, owner_member=org.far_member, committee=org.other_county, due_date=DUE_SOON),
        dict(owner_kind=OwnerKind.STAFF, committee=org.county, due_date=OVERDUE),
    ]
    with time_machine.travel(NOW, tick=False):
        return [create_obligation(subject=None, kind=ObligationKind.GENERIC, title=f"报送材料{first + i}",
                                  start_date=START, **kinds[i % len(kinds)])
                for i in range(n)]


def _sweep():
    return run_sweep(now=NOW, queue_delivery=False)


def _sweep_counting():
    with CaptureQueriesContext(connection) as queries:
        run = _sweep()
    return run, len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def test_sending_fifty_reminders_takes_as_many_queries_as_five(org):
    _sweep()  # the calendar years, once
    _make(org, 5)
    few, few_queries, _ = _sweep_counting()
    _make(org, 50, first=5)
    many, many_queries, sql = _sweep_counting()
    assert (few.reminders_sent, many.reminders_sent) == (5, 50)
    assert (few.failures, many.failures) == (0, 0)
    assert many_queries == few_queries, f"{few_queries} queries for 5 reminders, {many_queries} for 50\n{sql}"
    # what went out is what one reminder at a time sent: the owners, and copies of the overdue ones
    assert Reminder.objects.count() == 55
    assert Notification.objects.filter(user=org.unit_user).count() == 11
    assert Notification.objects.filter(user=org.other_unit_user).count() == 11
    assert Notification.objects.filter(user=org.member_user).count() == 11
    assert Notification.objects.filter(user=org.far_member_user).count() == 11
    # the staff own 11 and get a copy of each of the other unit's 11 overdue ones; other committees' staff nothing
    assert Notification.objects.filter(user=org.staff).count() == 22
    assert not Notification.objects.filter(user__in=[org.other_staff, org.city_staff]).exists()
    assert Delivery.objects.filter(channel=Channel.SMS, recipient=org.member.phone).count() == 11
    assert Delivery.objects.filter(channel=Channel.EMAIL, recipient=org.other_unit.leader_email).count() == 11
    escalated = Reminder.objects.filter(escalated=True)
    assert escalated.count() == 22 and set(escalated.values_list("stage", flat=True)) == {"overdue-1"}
    body = Notification.objects.filter(user=org.other_unit_user).latest("id").body
    assert "已于 2026-10-01 到期，已逾期 11 天" in body


def test_sweeps_one_after_another_send_each_stage_once(org, monkeypatch):
    monkeypatch.setattr(sweep_module, "BATCH", 4)  # many batches of a few rows
    obligations = _make(org, 13)
    runs = [_sweep() for _ in range(3)]
    assert [r.reminders_sent for r in runs] == [13, 0, 0]
    assert sorted(Reminder.objects.values_list("obligation_id", flat=True)) == sorted(o.pk for o in obligations)
    notifications, deliveries = Notification.objects.count(), Delivery.objects.count()
    # a schedule put back (say, restored from a backup): the stage is recorded, nothing goes out again
    Obligation.objects.update(next_reminder_at=NOW - dt.timedelta(minutes=1))
    assert _sweep().reminders_sent == 0
    assert (Notification.objects.count(), Delivery.objects.count(), Reminder.objects.count()) == (notifications, deliveries, 13)
    # rescheduled: the due-day stage of those due soon, the second overdue stage (1 Oct + 14 days) of the others
    assert set(Obligation.objects.values_list("next_reminder_at", flat=True)) == {dt.datetime(2026, 10, 15, 9, tzinfo=TZ)}
    # the next stage, twice swept: once each
    later = dt.datetime(2026, 10, 15, 9, 30, tzinfo=TZ)
    assert [run_sweep(now=later, queue_delivery=False).reminders_sent for _ in range(2)] == [13, 0]
    assert Reminder.objects.count() == 26


def test_a_broken_row_is_logged_and_retried_while_the_rest_of_its_batch_goes_out(org, caplog):
    good = _make(org, 6)
    broken = good.pop(2)
    Obligation.objects.filter(pk=broken.pk).update(title_key="%(title)s", title_params=["edited", "by", "hand"])
    with caplog.at_level(logging.ERROR):
        run = _sweep()
    assert (run.reminders_sent, run.failures) == (5, 1)
    assert f"办理时限 {broken.pk} 的提醒失败" in caplog.text
    assert sorted(Reminder.objects.values_list("obligation_id", flat=True)) == sorted(o.pk for o in good)
    broken.refresh_from_db()
    assert broken.next_reminder_at == NOW + RETRY_DELAY
    assert not Notification.objects.filter(reminder__obligation=broken).exists()
    # repaired, it goes out with the next sweep after the delay
    Obligation.objects.filter(pk=broken.pk).update(title_key="", title_params={})
    assert run_sweep(now=NOW + RETRY_DELAY, queue_delivery=False).reminders_sent == 1
    assert Reminder.objects.filter(obligation=broken).count() == 1


def test_a_batch_the_database_refuses_is_done_again_row_by_row(org, caplog, monkeypatch):
    """The database refuses the batch's outbox INSERT because of one member's row (a constraint, a value
    it will not store): its rows are sent one by one and only that member's reminder waits."""
    from django.db import DataError

    org.member.email = "zhang@example.gov.cn"
    org.member.save()
    bulk_create = Delivery.objects.bulk_create

    def refusing(objs, *args, **kwargs):
        objs = list(objs)
        if any(d.recipient == org.member.email for d in objs):
            raise DataError("value too long for type character varying")
        return bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(Delivery.objects, "bulk_create", refusing)
    obligations = _make(org, 10)
    members = [o for o in obligations if o.owner_member_id == org.member.pk]
    with caplog.at_level(logging.WARNING):
        run = _sweep()
    assert (run.reminders_sent, run.failures) == (10 - len(members), len(members))
    assert "批量提醒失败，逐条重试" in caplog.text
    assert not Reminder.objects.filter(obligation__in=members).exists()
    assert Reminder.objects.count() == 10 - len(members)
    assert set(Obligation.objects.filter(pk__in=[o.pk for o in members]).values_list("next_reminder_at", flat=True)) == {
        NOW + RETRY_DELAY}
    assert SweepRun.objects.latest("started_at").failures == len(members)

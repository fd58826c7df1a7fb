"""A real Celery worker with embedded beat sends each due reminder exactly once.

Runs on the embedded setup (SQLite file + filesystem broker) and on PostgreSQL + Redis when
DATABASE_URL / CELERY_BROKER_URL point there. The worker uses the test database and its own queue.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from members.scopes import mask_phone
from supervision.enums import DeliveryState, ObligationKind, ObligationState, OwnerKind
from supervision.models import Delivery, Notification, Obligation, Reminder, SweepRun
from supervision.services import create_obligation

# serialized_rollback: start from the migrated contents even after another transactional test emptied the tables.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CELERY = Path(sys.executable).with_name("celery")


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def _worker_env(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DATABASE_URL": _database_url(),
           "SWEEP_INTERVAL_SECONDS": "2", "CELERY_QUEUE": f"worker-test-{uuid.uuid4().hex[:8]}",
           "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
           "SMS_BACKEND": "supervision.sms.LoggingSMSBackend", "PYTHONUNBUFFERED": "1"}
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        broker = tmp_path / "broker"
        for name in ("queue", "processed", "control"):
            (broker / name).mkdir(parents=True)
        env["CELERY_BROKER_DIR"] = str(broker)
    return env


def _wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def worker(tmp_path):
    log = tmp_path / "worker.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(CELERY), "-A", "portal", "worker", "-B", "--schedule", str(tmp_path / "beat-schedule"),
             "-l", "info", "--concurrency", "1", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=settings.BASE_DIR, env=_worker_env(tmp_path), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _due_obligations(org):
    today = timezone.localdate()
    days = dt.timedelta(days=1)
    common = {"subject": None, "committee": org.county, "kind": ObligationKind.PROPOSAL_REPLY}
    return [
        create_obligation(**common, title="教育局逾期的答复", owner_kind=OwnerKind.UNIT, owner_unit=org.unit,
                          start_date=today - 30 * days, due_date=today - 8 * days),
        create_obligation(**common, title="张委员昨天到期的联名确认", owner_kind=OwnerKind.MEMBER,
                          owner_member=org.member, start_date=today - 5 * days, due_date=today - days),
        create_obligation(**common, title="机关逾期的审查", owner_kind=OwnerKind.STAFF,
                          start_date=today - 20 * days, due_date=today - 15 * days),
    ]


def test_real_worker_and_beat_deliver_each_reminder_exactly_once(org, worker):
    process, log = worker
    obligations = _due_obligations(org)
    assert all(o.next_reminder_at <= timezone.now() for o in obligations)

    def delivered():
        if process.poll() is not None:
            raise AssertionError(f"worker exited:\n{log.read_text(errors='replace')[-3000:]}")
        return (Reminder.objects.count() == 3 and Delivery.objects.exists()
                and not Delivery.objects.exclude(state=DeliveryState.SENT).exists())

    try:
        _wait_for(delivered, 90, "the reminders to be delivered")
        sweeps = SweepRun.objects.filter(source="beat").count()
        _wait_for(lambda: SweepRun.objects.filter(source="beat").count() >= sweeps + 3, 60, "three more sweeps")
    except AssertionError:
        print(log.read_text(errors="replace")[-5000:])
        raise

    assert sorted(Reminder.objects.values_list("obligation__title", "stage")) == sorted([
        ("教育局逾期的答复", "overdue-1"), ("张委员昨天到期的联名确认", "due"), ("机关逾期的审查", "overdue-2"),
    ])
    assert set(Obligation.objects.values_list("state", flat=True)) == {ObligationState.OVERDUE}
    # In-app: the unit's liaison, the member, and the county staff (owner of one, escalation of another).
    per_user = {u.username: Notification.objects.filter(user=u).count()
                for u in (org.unit_user, org.member_user, org.staff, org.other_unit_user, org.city_staff)}
    assert per_user == {org.unit_user.username: 1, org.member_user.username: 1, org.staff.username: 2,
                        org.other_unit_user.username: 0, org.city_staff.username: 0}
    # Outbox: the unit leader's email and phone (escalation) and the member's phone, each sent once.
    assert sorted(Delivery.objects.values_list("channel", "recipient", "state")) == sorted([
        ("email", org.unit.leader_email, "sent"), ("sms", org.unit.leader_phone, "sent"), ("sms", org.member.phone, "sent"),
    ])
    text = log.read_text(errors="replace")
    assert text.count(f"To: {org.unit.leader_email}") == 1
    assert text.count(f"短信 → {mask_phone(org.member.phone)}") == 1

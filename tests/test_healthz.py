"""/healthz: 200 when the database, the broker and beat are fine; 503 when one is not."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from supervision.models import SweepRun
from supervision.tasks import sweep


@pytest.fixture
def broker_up(settings, tmp_path):
    """The configured broker: Redis when CELERY_BROKER_URL names one, else filesystem folders in tmp."""
    if django_settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folders = {name: tmp_path / name for name in ("queue", "processed", "control")}
        for folder in folders.values():
            folder.mkdir()
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
            "data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]), "control_folder": str(folders["control"]),
        }
    return settings


def test_healthz_ok_when_database_broker_and_beat_are_up(client, db, broker_up):
    sweep.apply()  # what beat runs: records a SweepRun from "beat"
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"] and body["beat"]["ok"]
    assert body["beat"]["last_run"] is not None


def test_healthz_503_when_broker_unreachable(client, db, broker_up):
    SweepRun.objects.create(started_at=timezone.now(), source="beat")
    broker_up.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    broker_up.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["broker"]["ok"] is False and body["database"]["ok"] is True and body["beat"]["ok"] is True


def test_healthz_503_when_filesystem_broker_folder_is_missing(client, db, settings, tmp_path):
    SweepRun.objects.create(started_at=timezone.now(), source="beat")
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "absent"),
                                                "data_folder_out": str(tmp_path / "absent")}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "broker folder missing" in response.json()["broker"]["error"]


def test_healthz_503_when_beat_never_ran(client, db, broker_up):
    SweepRun.objects.create(started_at=timezone.now(), source="manual")  # an operator's run is not beat
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"] == {"ok": False, "last_run": None, "error": "beat has not run yet"}


def test_healthz_503_when_beat_stopped(client, db, broker_up):
    broker_up.SWEEP_INTERVAL_SECONDS = 120
    SweepRun.objects.create(started_at=timezone.now() - dt.timedelta(minutes=10), source="beat")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"]["ok"] is False


def test_healthz_needs_no_login(client, db, broker_up):
    SweepRun.objects.create(started_at=timezone.now(), source="beat")
    assert client.get("/healthz").status_code == 200

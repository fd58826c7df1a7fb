"""/healthz: database, broker and the time the beat-driven sweep last ran; 503 when one is down."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001 - report any failure
        return {"ok": False, "error": str(exc)[:200]}


def _check_broker():
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"ok": True, "transport": conn.transport_cls if isinstance(conn.transport_cls, str) else "ok"}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)[:200]}


def _check_beat():
    from supervision.models import SweepRun

    try:
        last = SweepRun.objects.filter(source="beat").order_by("-started_at").values_list("started_at", flat=True).first()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)[:200]}
    limit = timedelta(seconds=3 * settings.SWEEP_INTERVAL_SECONDS + 60)
    if last is None:
        return {"ok": False, "last_run": None, "error": "beat has not run yet"}
    return {"ok": timezone.now() - last <= limit, "last_run": last.isoformat()}


@never_cache
def healthz(request):
    checks = {"database": _check_database(), "broker": _check_broker(), "beat": _check_beat()}
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "down", **checks}, status=200 if ok else 503)

"""/healthz: database, broker and the time the beat-driven sweep last ran; 503 when one is down.

Each check reads the settings at request time (not Celery's cached config), so what is reported is
what the next task would use.

The "calendar" check never fails the probe: while a year that open deadlines reach has no confirmed
calendar (its holidays computed by rule, its 调休 days not yet entered from the State Council's
notice), it answers ok with a warning, and the overall status is "warn" (still HTTP 200: the portal
works, deadlines in that year may move by a day or two once the notice is entered).
"""

import os
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from kombu import Connection


def _failure(exc):
    return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - report any failure
        return _failure(exc)


def _check_filesystem_broker(options):
    """The embedded broker is a set of folders: they must exist and be writable."""
    folders = {options.get("data_folder_in"), options.get("data_folder_out")}
    missing = [f for f in folders if not f or not os.path.isdir(f) or not os.access(f, os.W_OK)]
    if missing:
        return {"ok": False, "transport": "filesystem", "error": f"broker folder missing or read-only: {missing[0]}"}
    return {"ok": True, "transport": "filesystem"}


def _check_broker():
    url = settings.CELERY_BROKER_URL
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    if url.startswith("filesystem://"):
        return _check_filesystem_broker(options)
    try:
        with Connection(url, transport_options=options, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return {"ok": True, "transport": conn.transport.driver_name}
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)


def _check_beat():
    from supervision.models import SweepRun

    try:
        last = (
            SweepRun.objects.filter(source="beat").order_by("-started_at").values_list("started_at", flat=True).first()
        )
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)
    if last is None:
        return {"ok": False, "last_run": None, "error": "beat has not run yet"}
    limit = timedelta(seconds=3 * settings.SWEEP_INTERVAL_SECONDS + 60)
    late = timezone.now() - last > limit
    result = {"ok": not late, "last_run": last.isoformat()}
    if late:
        result["error"] = f"no sweep for more than {int(limit.total_seconds())} seconds"
    return result


def _check_calendar():
    from supervision.services.calendar_years import unconfirmed_years_reached

    try:
        years = unconfirmed_years_reached()
    except Exception as exc:  # noqa: BLE001
        return {**_failure(exc), "ok": True, "warning": "calendar could not be checked"}
    result = {"ok": True, "unconfirmed_years": years}
    if years:
        result["warning"] = (f"open deadlines reach {', '.join(map(str, years))}: holidays computed by rule, "
                             "not confirmed against the official notice")
    return result


@never_cache
def healthz(request):
    checks = {"database": _check_database(), "broker": _check_broker(), "beat": _check_beat(),
              "calendar": _check_calendar()}
    ok = all(check["ok"] for check in checks.values())
    status = "down" if not ok else "warn" if any(check.get("warning") for check in checks.values()) else "ok"
    return JsonResponse({"status": status, **checks}, status=200 if ok else 503)

"""Time the sweep on the bench database (run by run.py in its own process; prints one JSON line).

1. one sweep to settle (calendar years, anything the build left due);
2. `--runs` sweeps with nothing due: median and max in ms;
3. 1,000 pending obligations due within three days or overdue made due (next reminder a minute ago), one
   sweep: seconds, reminders sent.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from supervision.enums import PENDING_STATES  # noqa: E402
from supervision.models import Obligation  # noqa: E402
from supervision.services.sweep import run_sweep  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--due", type=int, default=1000)
    args = parser.parse_args()
    run_sweep(source="bench", queue_delivery=False)
    idle = []
    for _ in range(args.runs):
        started = time.perf_counter()
        run = run_sweep(source="bench", queue_delivery=False)
        idle.append((time.perf_counter() - started) * 1000)
    idle_sent = run.reminders_sent
    # pending obligations with a reminder stage already passed (due within 3 days, or overdue): each owes one
    soon = timezone.localdate() + timedelta(days=3)
    pks = list(Obligation.objects.filter(state__in=PENDING_STATES, due_date__lte=soon).order_by("?")
               .values_list("pk", flat=True)[:args.due])
    Obligation.objects.filter(pk__in=pks).update(next_reminder_at=timezone.now() - timedelta(minutes=1))
    started = time.perf_counter()
    run = run_sweep(source="bench", queue_delivery=False)
    busy = time.perf_counter() - started
    print(json.dumps({
        "pending": Obligation.objects.filter(state__in=PENDING_STATES).count(),
        "obligations": Obligation.objects.count(),
        "idle_ms_median": statistics.median(idle), "idle_ms_max": max(idle), "idle_reminders": idle_sent,
        "due": len(pks), "due_seconds": busy, "due_reminders": run.reminders_sent, "due_failures": run.failures,
    }))


if __name__ == "__main__":
    main()

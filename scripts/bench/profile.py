"""Where a page's time goes: its SQL queries, slowest first, with EXPLAIN ANALYZE of the slowest.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python scripts/bench/profile.py \
        staff_anhui /proposals/overview/ [--explain 2] [--repeat 3]

The page is requested in-process (Django's test client, signed in as the user; "-" for no login) on
the database of DATABASE_URL — the benchmark's, after `make bench` — and the last of `--repeat`
requests (warm caches) is reported. For finding what `make bench` shows slow; it changes nothing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--explain", type=int, default=1, help="EXPLAIN ANALYZE the N slowest queries")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    if args.username != "-":
        client.force_login(get_user_model().objects.get(username=args.username))
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(args.path)
            total = (time.perf_counter() - started) * 1000
    print(f"{args.path} as {args.username}: HTTP {response.status_code}, {total:.0f} ms, {len(ctx.captured_queries)} queries, "
          f"{len(response.content) // 1024} KB")
    timed = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
    for q in timed:
        print(f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:200]}")
    for q in timed[: args.explain]:
        print("\nEXPLAIN ANALYZE of", q["sql"][:120], "…")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            for (line,) in cursor.fetchall():
                print("  ", line)


if __name__ == "__main__":
    main()

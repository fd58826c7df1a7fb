"""portal.wsgi: what a web process puts out of the garbage collector's sight, and when."""

import subprocess
import sys

from django.conf import settings

SCRIPT = """
import gc, os
os.environ["ALLOWED_HOSTS"] = "testserver"
import portal.wsgi as wsgi
from django.test import Client
at_start = gc.get_freeze_count()
client = Client()
for n in range(1, wsgi.SETTLE_AFTER + 5):
    assert client.get("/no-such-page/").status_code == 404
    if n == wsgi.SETTLE_AFTER - 1:
        before = gc.get_freeze_count()
    if n == wsgi.SETTLE_AFTER:
        after = gc.get_freeze_count()
print(at_start, before, after, gc.get_freeze_count())
"""


def test_a_web_process_freezes_what_it_loaded_at_start_and_once_more_after_its_first_requests():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=settings.BASE_DIR, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    at_start, before, after, last = map(int, out[-4:])
    assert at_start > 50_000  # Django, the apps, jieba's dictionary
    # nothing more until the hundredth request has been served, then what the first requests loaded, once
    assert before - at_start < 2_000 and after - before > 5_000 and abs(last - after) < 2_000, (at_start, before, after, last)

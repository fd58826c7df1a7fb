import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Load jieba's dictionary (about a second) as each web process starts, not in the first search's request.
from portal.text import jieba  # noqa: E402

jieba()

# What the process holds now (Django, the apps, jieba's dictionary: about 120,000 objects the collector
# tracks) lives as long as the process: out of the cyclic garbage collector's sight, a full collection —
# which a request making a few hundred model objects sets off every so often — takes microseconds
# instead of about 35 ms, a pause that showed as the slow tail (p95) of `make bench`'s lists.
import gc  # noqa: E402
import itertools  # noqa: E402

gc.collect()
gc.freeze()

# Much is loaded only by the first requests a process serves (the URL patterns, the compiled templates,
# the API's serializers): some 90,000 more long-lived objects, and a full collection over them took
# 35 ms here, stopping every thread of the process. Once the process has served its first hundred
# requests, that is put out of the collector's sight too (once: what a request in flight holds at that
# moment stays, a few thousand objects).
from django.core.signals import request_finished  # noqa: E402

SETTLE_AFTER = 100
_served = itertools.count(1)


def _freeze_what_the_first_requests_loaded(**kwargs):
    if next(_served) == SETTLE_AFTER:
        request_finished.disconnect(_freeze_what_the_first_requests_loaded)
        gc.collect()
        gc.freeze()


request_finished.connect(_freeze_what_the_first_requests_loaded)

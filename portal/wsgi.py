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

gc.collect()
gc.freeze()

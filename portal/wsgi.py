import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Load jieba's dictionary (about a second) as each web process starts, not in the first search's request.
from portal.text import jieba  # noqa: E402

jieba()

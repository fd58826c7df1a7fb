"""How much one request may carry: every free text has a maximum length, and so has the request body.

One place for the figures, so every app (and every app to come) bounds its text the same way:

- a model TextField takes ``max_length=limits.NOTE`` (or LONG_TEXT); ModelForms and ModelSerializers
  built from it enforce it (tests/test_limits.py fails for a TextField without one);
- a plain ``forms.CharField`` / ``serializers.CharField`` names the same constant
  (tests/test_limits.py fails for a writable one without max_length);
- search boxes: ``search_term()`` on pages; the API's ``?search=`` (portal.api.SearchFilter) is a 400 when longer;
- the body: DATA_UPLOAD_MAX_MEMORY_SIZE = BODY_BYTES (settings) for everything but uploaded files, checked
  up front by portal.request_limits.RequestSizeLimitMiddleware (413 before anything reads the body);
  files by UPLOAD_MAX_BYTES (proposals/files.py).

Constants only: models import this module while the apps load.

A page of A4 holds about 1,000 Chinese characters.
"""

# 案由, 建议, 答复内容, 会办意见, 落实情况: a few pages at most (20 pages here).
LONG_TEXT = 20_000
# What a person writes as an opinion, note or reason: 审查意见, 审批意见, 延期理由, 评议意见 …
NOTE = 3_000
# Text the system composes for the record (timeline notes quote a person's note; notification and
# e-mail bodies): never typed as such, bounded so the admin cannot store more either.
RECORD_TEXT = LONG_TEXT
# A search box (keywords, a name).
SEARCH = 100

# Bytes of a request body that is not an upload: the longest allowed form (two LONG_TEXTs of Chinese,
# URL-encoded at 9 bytes a character, is 360 KB) with room to spare. Uploads: UPLOAD_MAX_BYTES.
BODY_BYTES = 2 * 1024 * 1024
# A multipart body may carry one upload of UPLOAD_MAX_BYTES besides the form.
MULTIPART_SLACK_BYTES = BODY_BYTES


def search_term(value):
    """A page's search box text, stripped and cut to SEARCH characters (the box itself has maxlength)."""
    return (value or "").strip()[:SEARCH]


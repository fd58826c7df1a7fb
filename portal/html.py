"""HTML written in Python where a template would render one node per value of a long list."""

from functools import lru_cache
from html import escape as _html_escape

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise


def escaped(text):
    """What django.utils.html.conditional_escape writes for `text`, as a plain str (without the SafeString
    it makes of every value): lists of a few hundred values escape each."""
    if type(text) is str:  # the common case: plain text
        return _html_escape(text)
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return _html_escape(str(text))


def url_with_pk(name, pk):
    """reverse(name, args=[pk]) for a URL whose only argument is an id, from its pattern reversed once per
    site prefix (a list's rows each link to their page: some 60 µs a row through reverse())."""
    head, tail = _url_parts(name, get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


_MARK = 987654321


@lru_cache(maxsize=64)
def _url_parts(name, prefix, urlconf):
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))
    return head, tail

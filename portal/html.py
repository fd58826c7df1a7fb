"""HTML written in Python where a template would render one node per value of a long list."""

from html import escape as _html_escape

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

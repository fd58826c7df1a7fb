"""Texts stored as a message id with parameters and rendered in the reader's language.

A notification or an obligation title is written once but read by people who chose different
languages. The writer passes `Message(gettext_noop("答复提案《%(title)s》"), title=...)`; the row keeps
the message id and the parameters (JSON) next to a fallback rendered in settings.LANGUAGE_CODE, and
each page, API response or e-mail renders it with gettext in the reader's language. A parameter may
itself be a Message (e.g. a translated role name). Rows without a message id (older rows, free text
typed by staff) show their stored text.
"""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext, override


class Message:
    """A message id (Chinese source string with %(name)s placeholders) and its parameters."""

    def __init__(self, key, /, **params):
        self.key = str(key)
        self.params = params

    def as_params(self):
        """The parameters as JSON-storable values (dates as ISO text, nested messages as dicts)."""
        return {name: _to_json(value) for name, value in self.params.items()}

    def as_json(self):
        return {"key": self.key, "params": self.as_params()}

    def render(self, language=None):
        """The text in `language` (default: the active language)."""
        if language is None:
            return render_message(self.key, self.as_params(), "")
        with override(language):
            return render_message(self.key, self.as_params(), "")

    def stored(self, limit=None):
        """The fallback kept in the row: the text in the site's default language."""
        text = self.render(settings.LANGUAGE_CODE)
        return text[:limit] if limit else text

    def __str__(self):
        return self.render()

    def __repr__(self):
        return f"Message({self.key!r}, **{self.params!r})"


def _to_json(value):
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, dict) and "key" in value:  # a nested message already in its stored form
        return {"key": str(value["key"]), "params": {k: _to_json(v) for k, v in (value.get("params") or {}).items()}}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)


def _render_param(value):
    if isinstance(value, dict) and "key" in value:
        return render_message(value["key"], value.get("params") or {}, "")
    return value


def render_message(key, params, fallback):
    """gettext(key) % params in the active language; `fallback` when there is no key or it does not fit."""
    if not key:
        return fallback
    try:
        return gettext(key) % {name: _render_param(value) for name, value in (params or {}).items()}
    except (KeyError, TypeError, ValueError):
        return fallback or key


def split(text):
    """(stored text, key, params) for a str or a Message: what a row stores."""
    if isinstance(text, Message):
        return text.stored(), text.key, text.as_params()
    return str(text), "", {}

"""The API's JSON parser: a body nested deeper than any request of ours is refused with a 400.

Python's json module recurses once per level, so a body of a few thousand "[" exhausts the stack
(a 500). The depth is counted on the raw text first, outside strings, before anything is decoded;
malformed JSON gets a message in the user's language.
"""

import codecs
import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser

MAX_DEPTH = 20  # our deepest request body is 3 levels
STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKETS = re.compile(r"[\[\]{}]")


def depth_of(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped)."""
    depth = deepest = 0
    for match in BRACKETS.finditer(STRINGS.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class JSONParser(DRFJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("请求内容不是有效的 %(encoding)s 文本。") % {"encoding": encoding}) from exc
        if depth_of(text) > MAX_DEPTH:
            raise ParseError(_("JSON 嵌套超过 %(max)s 层。") % {"max": MAX_DEPTH})
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            where = {"line": getattr(exc, "lineno", "?"), "column": getattr(exc, "colno", "?")}
            raise ParseError(_("请求内容不是有效的 JSON（第 %(line)s 行第 %(column)s 列）。") % where) from exc


def _refuse_constant(name):
    raise ValueError(f"{name} is not valid JSON")

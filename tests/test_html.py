"""portal.html: the helpers of rows written in Python."""

from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from portal.html import escaped, url_with_pk


def test_url_with_pk_is_what_reverse_writes_with_or_without_a_site_prefix():
    try:
        for prefix in ("/", "/zx/"):
            set_script_prefix(prefix)
            for name in ("proposals:detail", "proposals:assignment", "supervision:obligation_detail"):
                for pk in (1, 42, 987654321):
                    assert url_with_pk(name, pk) == reverse(name, args=[pk])
    finally:
        clear_script_prefix()
    assert url_with_pk("proposals:detail", 7) == "/proposals/7/"


def test_escaped_writes_what_conditional_escape_does():
    assert escaped('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert escaped(mark_safe("<b>ok</b>")) == "<b>ok</b>"
    assert escaped(lazy(lambda: "<i>", str)()) == "&lt;i&gt;"
    assert escaped(3) == "3"

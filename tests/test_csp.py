"""A Content-Security-Policy on every page, and no inline script anywhere it could be needed.

The policy (portal/settings.py) allows only our own scripts and styles: a script injected into a page
(say through a proposal's text) does not run. These tests request every page of the access matrix
and check the header, check the HTML the pages really render, and scan every template, so a new page
or template with an inline script or handler fails here rather than silently in the browser.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.template import engines
from django.test import Client
from django.urls import reverse

from tests.matrix import MATRIX, ROLES

# Redoc, a third-party UI that writes its styles from script, allows inline styles (see portal/urls.py).
DOCS_PAGES = {"api-redoc"}


def _policy(response):
    header = response.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']}: no Content-Security-Policy header"
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


class InlineFinder(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts, event-handler attributes, javascript: URLs,
    and inline styles (style attributes and <style> elements)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.styles = [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}=javascript:…>")
        if "style" in attrs:
            self.styles.append(f"<{tag} style=…>")
        if tag == "style":
            self.styles.append("<style>")
        if tag == "script":
            executable = (attrs.get("type") or "text/javascript").lower() in (
                "text/javascript", "module", "application/javascript")
            self._in_script = "src" not in attrs and executable

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts.append(data.strip()[:60])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def inline_parts(html):
    finder = InlineFinder()
    finder.feed(html)
    return finder


# --------------------------------------------------------------------------- the header on every page


def _assert_strict(policy, name):
    script = policy.get("script-src") or policy.get("default-src")
    assert script == ["'self'"], f"{name}: script-src {script}"
    assert policy.get("default-src") == ["'self'"], name
    assert policy.get("frame-ancestors") == ["'none'"], name
    assert policy.get("form-action") == ["'self'"] and policy.get("base-uri") == ["'self'"], name
    assert policy.get("object-src") == ["'none'"], name
    if name not in DOCS_PAGES:
        assert policy.get("style-src") == ["'self'"], f"{name}: style-src {policy.get('style-src')}"


GET_CASES = [case for case in MATRIX if case.method == "get"]


@pytest.mark.parametrize("case", GET_CASES, ids=lambda case: case.id)
def test_every_page_has_a_strict_policy_and_renders_no_inline_script(case, org):
    """As the first role the matrix lets in (else as anyone): the header on whatever answers, and in
    the HTML no inline script, no on* handler and no inline style."""
    url = reverse(case.name, kwargs=case.kwargs(org) if case.kwargs else None)
    role = next((r for r, status in case.expect.items() if status == 200 or (isinstance(status, frozenset) and 200 in status)),
                "superuser")
    client = Client()
    if ROLES[role]:
        client.force_login(getattr(org, ROLES[role]))
    response = client.get(url)
    _assert_strict(_policy(response), case.name)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        found = inline_parts(response.content.decode())
        assert not found.scripts, f"{case.id}: inline scripts {found.scripts}"
        assert not found.handlers, f"{case.id}: inline handlers {found.handlers}"
        if case.name not in DOCS_PAGES:
            assert not found.styles, f"{case.id}: inline styles {found.styles}"


def test_error_and_refusal_answers_carry_the_policy_too(client, org):
    assert "script-src 'self'" in client.get("/no-such-page/")["Content-Security-Policy"]
    client.force_login(org.member_user)
    assert "script-src 'self'" in client.get(reverse("proposals:review_queue"))["Content-Security-Policy"]


def test_the_admin_pages_render_no_inline_script(client, org):
    """Django's admin has no inline script of its own; ours (templates/admin/) must not add any.
    (Its change list adds one <style> rule when a model has no actions: harmless if blocked.)"""
    client.force_login(org.superuser)
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls += [reverse(f"admin:{info[0]}_{info[1]}_changelist"), reverse(f"admin:{info[0]}_{info[1]}_add")]
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        checked += 1
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        found = inline_parts(response.content.decode())
        assert not found.scripts and not found.handlers, f"{url}: {found.scripts} {found.handlers}"
    assert checked > 10


def test_the_docs_pages_start_their_ui_from_files(client, db):
    swagger = client.get(reverse("api-docs")).content.decode()
    script = re.search(r'<script src="([^"]*script[^"]*)"', swagger)
    assert script, "Swagger UI's start-up script is not loaded from a URL"
    started = client.get(script.group(1).replace("&amp;", "&"))
    assert started.status_code == 200 and "SwaggerUIBundle" in started.content.decode()
    redoc = client.get(reverse("api-redoc")).content.decode()
    assert 'data-schema-url="/api/schema/"' in redoc and "js/redoc-init.js" in redoc


def test_htmx_is_configured_not_to_inject_styles_or_evaluate_code(client, org):
    client.force_login(org.member_user)
    page = client.get(reverse("home")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', page)
    assert config and '"includeIndicatorStyles": false' in config.group(1) and '"allowEval": false' in config.group(1)


# --------------------------------------------------------------------------- every template


def _template_files():
    base = Path(settings.BASE_DIR).resolve()
    dirs = [Path(d) for d in engines["django"].engine.dirs]
    for config in apps.get_app_configs():  # the project's own apps, any added later too
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            dirs.append(path / "templates")
    for folder in dirs:
        if folder.is_dir():
            yield from sorted(folder.rglob("*.html"))


COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.DOTALL)
STYLE = re.compile(r"<style\b|<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_no_template_has_an_inline_script_handler_or_style():
    files = list(_template_files())
    assert len(files) > 30
    problems = []
    for path in files:
        text = COMMENT.sub("", path.read_text())
        for attrs, body in SCRIPT_TAG.findall(text):
            if "src=" not in attrs and "application/json" not in attrs and body.strip():
                problems.append(f"{path}: inline <script>: {body.strip()[:60]!r}")
        for pattern, what in ((HANDLER, "on* handler attribute"), (STYLE, "inline style"), (JS_URL, "javascript: URL")):
            if pattern.search(text):
                problems.append(f"{path}: {what}")
    assert not problems, "move these to static/js or static/css (the CSP blocks them):\n" + "\n".join(problems)


def test_the_template_scan_finds_what_it_looks_for():
    bad = ('<button onclick="go()">x</button>', '<script>alert(1)</script>', '<p style="color:red">x</p>',
           '<a href="javascript:go()">x</a>')
    for html in bad:
        found = inline_parts(html)
        assert found.scripts or found.handlers or found.styles, html
    fine = inline_parts('<script src="/static/js/portal.js"></script><script type="application/json" id="d">{"a": 1}</script>'
                        '<button data-confirm="确定？">x</button>')
    assert not (fine.scripts or fine.handlers or fine.styles)
    assert SCRIPT_TAG.search('<script>\n  var a = 1;\n</script>') and HANDLER.search('<select name="x" onchange="f()">')

"""Every form of the consultation pages, sent junk: a clear refusal (a message, a 4xx or a redirect), never
a 500.

The test walks the pages as a user would (staff, a member, a unit): it opens the lists, follows the links
under /consult/, reads each <form method="post"> with its field names, and posts each form again with every
field set to one kind of junk (too long, negative, huge, an impossible date, markup, a NUL byte, …). New
pages are covered as they are linked; the walk is bounded."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from tests.consult import builders as b

JUNK = ["x" * 20000, "-1", "9" * 30, "2026-02-30T25:61", "a\x00b", ""]
START = ["consult:topics", "consult:plans", "consult:meetings", "consult:outcomes", "consult:calendar",
         "consult:sendings", "home"]
MAX_PAGES = 80
SKIP = (".docx", ".xlsx", ".ics", "/qr", "/logout", "/export")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": set()}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name"):
            if a.get("type") not in ("submit", "hidden") or a.get("name") not in ("csrfmiddlewaretoken",):
                self._form["fields"].add(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _walk(client):
    """The POST forms reachable from the start pages: {(action url, frozenset of field names)}."""
    seen, queue, forms = set(), [], set()
    for name in START:
        try:
            queue.append(reverse(name))
        except Exception:  # noqa: BLE001 - a page another issue has not built
            continue
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        for form in page.forms:
            if form["method"] == "post":
                forms.add((urljoin(url, form["action"]) if form["action"] else url, frozenset(form["fields"])))
        for href in page.links:
            target = urlsplit(urljoin(url, href))
            if target.netloc or not target.path.startswith("/consult/") or target.path.endswith(SKIP):
                continue
            if target.path not in seen:
                queue.append(target.path)
    return forms


@pytest.fixture
def records(org):
    out = b.sent(org)
    b.reply(org, out.sendings.get(unit=org.unit))
    b.notified(org)
    b.speech(org)
    b.researching(org)
    return org


@pytest.mark.parametrize("who", ["staff", "member_user", "unit_user"])
def test_every_consult_form_refuses_junk_without_a_server_error(client, records, who):
    client.raise_request_exception = True  # a 500 fails the test with its traceback
    client.force_login(getattr(records, who))
    forms = _walk(client)
    assert forms or who == "unit_user", "the walk found no form to try"
    for action, fields in sorted(forms):
        if action.endswith(SKIP) or not action.startswith("/consult/"):
            continue
        for junk in JUNK:
            response = client.post(action, {name: junk for name in fields})
            assert response.status_code < 500, (action, junk[:20])

"""Playwright (sync API) in Debian's chromium against pytest-django's live server.

Fixtures for every browser test: `browser` (one chromium for the session), `page` (a fresh context
per test, pointed at the live server) and `login(username, password=PASSWORD)` which goes through
the real login form. Without /usr/bin/chromium the tests are skipped with the reason shown, except
under CI (CI=true), where that is a failure.
"""

import os

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM in test code is still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"没有 {CHROMIUM}（Debian 的 chromium 软件包）：浏览器测试未运行"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "；CI 中必须运行浏览器测试。", pytrace=False)
        pytest.skip(message + "。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package", autouse=True)
def restore_seeded_rows(django_db_setup, django_db_blocker):
    """Live-server tests empty every table afterwards, also the rows data migrations seeded (holidays,
    proposal categories …). Save the contents before the browser tests and put them back after, so
    later tests and the next run on the kept database (--reuse-db) still have them.

    Saved before the first test starts Playwright: its event loop gives later code another connection."""
    with django_db_blocker.unblock():
        saved = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(saved)


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A new browser context (zh-CN, like an office PC) whose relative URLs go to the live server.

    Every test also checks that no page broke the Content-Security-Policy: chromium reports each
    blocked inline script, handler or style on the console ("Refused to …"), and any such report fails
    the test (tab.csp_violations holds them, for tests that look themselves)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.csp_violations = []
    tab.on("console", lambda message: tab.csp_violations.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    assert not tab.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(tab.csp_violations)


@pytest.fixture
def login(page):
    """login(username, password=PASSWORD): submit the login form and wait for the next page."""

    def do_login(username, password=PASSWORD):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        return page

    return do_login

"""Playwright (sync API) driving Debian's /usr/bin/chromium against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage, viewport) per test. Every request the page
makes to a host other than the live server is refused and recorded, and every Content-Security-Policy violation the
browser reports is recorded; each test ends by checking there was none of either.

Why DJANGO_ALLOW_ASYNC_UNSAFE: Playwright's sync API runs an asyncio event loop in this thread (in a greenlet)
for as long as the browser is open. Django then treats any ORM call from this thread, such as a factory in a test
or the database teardown, as a call from async code and raises SynchronousOnlyOperation. The tests and the live
server thread use the database one after the other, never concurrently, so the check is switched off; the
variable is read at each ORM call, so setting it here (before any test runs) is enough. It has to stay set for
the rest of the session, because the browser stays open until the session ends.
"""

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Session:
    """A fresh browser context on the live server, with the requests it refused to send elsewhere."""

    def __init__(self, browser, base_url: str, viewport: dict):
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.foreign_requests: list[str] = []
        self.csp_violations: list[str] = []
        self.context = browser.new_context(base_url=base_url, locale="zh-CN", viewport=viewport)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route("**/*", self._only_the_live_server)
        self.context.on("console", self._csp_violation)
        self.page = self.context.new_page()

    def _csp_violation(self, message):
        """Chromium reports every Content-Security-Policy violation on the console ("Refused to …")."""
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def _only_the_live_server(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.netloc == self.host:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, live_server, transactional_db):
    """``open_session(viewport=PHONE)`` → a ``Session``; the default viewport is a desktop's."""
    sessions = []

    def open_(viewport: dict = DESKTOP) -> Session:
        session = Session(browser, live_server.url, viewport)
        sessions.append(session)
        return session

    yield open_
    for session in sessions:
        session.close()
    assert [url for session in sessions for url in session.foreign_requests] == []
    assert [text for session in sessions for text in session.csp_violations] == []


@pytest.fixture
def page(open_session):
    """The page of a desktop-sized session."""
    return open_session().page


def log_in(page: Page, username: str, password: str) -> None:
    """Fill in and send the login form (the page is opened if it is not the current one), and wait for the answer's
    page to load: the next step then acts on it, not on the login page still in view (a busy machine showed that
    race: a click on the next page's link was lost)."""
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")

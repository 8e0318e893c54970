"""axe-core (vendored in ``vendor/axe.min.js``, MPL-2.0, see ``vendor/axe-core.LICENSE.txt``) over every page of the
authorization matrix, for every role that gets the page (200): no serious or critical violation (issue 9, item 9).

The pages are the matrix's GET cases (tests/authz/) in the matrix's own world and at its instants: the world is built
once for the module and every (page, role) runs in a savepoint rolled back at its end, as the matrix does, so a case
that creates what its page shows leaves nothing for the next one. Chromium renders the pages of a Django test client
that runs in this thread, inside that transaction: every request of the page (the document, its CSS and scripts, an
htmx request on load) is answered by the client through Playwright's routing, with the response's own headers, the
Content-Security-Policy included. No live server, so no database flush between pages. Downloads are left out (asked
for first, not shown), and so is Django's own admin (``admin:``), which is Django's markup, not ours. The failure
message names the page, the role, the rule and the elements, so a fix can start from it.
"""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client

from tests.authz.framework import Status, load_entries, roles_of
from tests.authz.world import instant_of

from .conftest import DESKTOP, TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("scratch_upload_dir")]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
ORIGIN = "http://psyboost.test"
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  const found = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  const dangling = Array.from(document.querySelectorAll("[aria-describedby]")).filter((element) =>
    element.getAttribute("aria-describedby").split(/\\s+/).some((id) => id && !document.getElementById(id)));
  if (dangling.length) {
    found.push({ id: "aria-describedby-missing", impact: "serious", help: "aria-describedby names no element",
      nodes: dangling.map((e) => `${e.tagName} ${e.id} -> ${e.getAttribute("aria-describedby")}`) });
  }
  return found;
}"""
# The request headers a page's scripts send that change Django's answer (htmx's, the CSRF token's, the language's).
FORWARDED = ("accept", "accept-language", "hx-request", "hx-target", "hx-trigger", "hx-current-url", "x-csrftoken")


def page_roles(case) -> list[str]:
    return [
        role for role in roles_of(case) if isinstance(case.answers[role], Status) and case.answers[role].code == 200
    ]


def page_params() -> list:
    return [
        pytest.param(item, case, role, id=f"{item.key}[{case.title}]-{role}")
        for item in load_entries()
        for case in item.cases
        if case.method == "GET" and not item.key.startswith("admin:")
        for role in page_roles(case)
    ]


class ClientBrowser:
    """One Chromium page whose every request is answered by ``self.client`` (a Django test client) in this thread.

    A request to any other origin is refused and recorded, and every Content-Security-Policy violation Chromium
    reports is recorded, as the live-server sessions of the other browser tests do (tests/browser/conftest.py)."""

    def __init__(self, browser):
        self.client = Client()
        # Playwright calls the route handler in a greenlet of its own, and Django's connections are per greenlet
        # there: the handler is handed the test's connection, so the page reads the test's transaction.
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.foreign_requests: list[str] = []
        self.csp_violations: list[str] = []
        self.context = browser.new_context(base_url=ORIGIN, locale="zh-CN", viewport=DESKTOP)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route("**/*", self._answer)
        self.context.on("console", self._csp_violation)
        self.page = self.context.new_page()

    def _csp_violation(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def _answer(self, route):
        request = route.request
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            route.continue_()
        elif f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            self.foreign_requests.append(request.url)
            route.abort()
        elif parts.path.startswith(settings.STATIC_URL):
            route.fulfill(**static_file(parts.path.removeprefix(settings.STATIC_URL)))
        else:
            connections[DEFAULT_DB_ALIAS] = self.connection  # the test's, in its transaction (see __init__)
            path = f"{parts.path}?{parts.query}" if parts.query else parts.path
            headers = {name: value for name, value in request.headers.items() if name.lower() in FORWARDED}
            content_type = request.headers.get("content-type", "application/octet-stream")
            body = request.post_data_buffer or b""
            response = self.client.generic(request.method, path, body, content_type=content_type, headers=headers)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            route.fulfill(status=response.status_code, headers=dict(response.items()), body=content)

    def close(self):
        self.context.close()


def static_file(name: str) -> dict:
    found = finders.find(name)
    if found is None:
        return {"status": 404, "body": b""}
    content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
    return {"status": 200, "headers": {"Content-Type": content_type}, "body": Path(found).read_bytes()}


@pytest.fixture(scope="module")
def client_browser(browser):
    opened = ClientBrowser(browser)
    yield opened
    opened.close()


def violations_of(page) -> list[dict]:
    page.evaluate(AXE)
    return page.evaluate(RUN_AXE)


@pytest.mark.django_db
@pytest.mark.parametrize(("item", "case", "role"), page_params())
def test_no_serious_or_critical_axe_violation(base_world, client_browser, item, case, role):
    world = base_world.for_role(role)
    with time_machine.travel(instant_of(item), tick=False):
        client_browser.client = Client()
        client_browser.connection = connections[DEFAULT_DB_ALIAS]
        if world.user is not None:
            client_browser.client.force_login(world.user)
        url = item.url(case, world)
        head = client_browser.client.get(url)
        assert head.status_code == 200
        if not head.get("Content-Type", "").startswith("text/html"):
            return  # a download, a thumbnail, a PDF, a feed: not a page (and the browser's own viewer is not ours)
        response = client_browser.page.goto(url)
        assert response is not None and response.status == 200
        problems = violations_of(client_browser.page)
        client_browser.page.goto("about:blank")
    assert (problems, client_browser.foreign_requests, client_browser.csp_violations) == ([], [], [])

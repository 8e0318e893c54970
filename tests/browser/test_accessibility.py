"""axe-core (vendored in ``vendor/axe.min.js``, MPL-2.0, see ``vendor/axe-core.LICENSE.txt``) over every page of the
authorization matrix, for every role that gets the page (200): no serious or critical violation (issue 9, item 9).

The pages are the matrix's GET cases (tests/authz/), each in a fresh world at the matrix's instant (the 2020 call
open), the role signed in through a session cookie; downloads are left out (asked for first, not shown), and so is
Django's own admin (``admin:``), which is Django's markup, not ours. The failure message names the page, the
role, the rule and the elements, so a fix can start from it.
"""

from pathlib import Path

import pytest
import time_machine
from django.test import Client

from tests.authz.framework import Status, load_entries, roles_of
from tests.authz.world import build_world
from tests.factories import IN_THE_2020_CALL

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("scratch_upload_dir")]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = ("serious", "critical")
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


def page_roles(case) -> list[str]:
    return [
        role for role in roles_of(case) if isinstance(case.answers[role], Status) and case.answers[role].code == 200
    ]


def page_params() -> list:
    return [
        pytest.param(item, case, id=f"{item.key}[{case.title}]")
        for item in load_entries()
        for case in item.cases
        if case.method == "GET" and page_roles(case) and not item.key.startswith("admin:")
    ]


def violations_of(page) -> list[dict]:
    if not page.evaluate("() => (document.contentType || '').startsWith('text/html')"):
        return []
    page.evaluate(AXE)
    return page.evaluate(RUN_AXE)


@time_machine.travel(IN_THE_2020_CALL, tick=False)
@pytest.mark.parametrize(("item", "case"), page_params())
def test_no_serious_or_critical_axe_violation(item, case, open_session, settings):
    world = build_world("anonymous")
    found = {}
    for role in page_roles(case):
        world.role = role
        session = open_session(DESKTOP)
        if world.users[role] is not None:
            client = Client()
            client.force_login(world.users[role])
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            session.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": session.base_url}])
        url = item.url(case, world)
        head = session.context.request.get(url)
        if head.status != 200 or not head.headers.get("content-type", "").startswith("text/html"):
            continue  # a download, a thumbnail, a PDF: not a page (and the browser's own viewer is not ours)
        response = session.page.goto(url)
        if response is None or response.status != 200:
            continue
        problems = violations_of(session.page)
        if problems:
            found[f"{role} {url}"] = problems
    assert found == {}

"""No page refers to another host: every asset is served by the platform itself (issue 2, item 8).

The pages are those of the authorization matrix (tests/authz/): every GET case, rendered for every role whose
expected answer is a page rather than a redirect. The stylesheets, our scripts and the templates are read from
disk as well, so a page the matrix cannot reach yet is covered by its template.
"""

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client, RequestFactory

from psyboost.core.errors import server_error
from tests.authz.framework import LoginRedirect, Redirect, load_entries, roles_of
from tests.authz.world import build_world
from tests.factories import IN_THE_2020_CALL

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "psyboost"
STATIC = PACKAGE / "static" / "psyboost"
OWN_HOSTS = {"testserver"}
ENTRIES = load_entries()

QUOTED = r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
ATTRIBUTE = re.compile(rf"\b(src|href|action|formaction|srcset|poster|data|background|xlink:href)\s*=\s*{QUOTED}", re.I)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)  # @import url(…) is a CSS_URL
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1>", re.I | re.S)
ABSOLUTE = re.compile(r"""(?:[a-z][a-z0-9+.-]*:)?//[^\s"'`)<>]+""", re.I)
# In vendored scripts: identifiers that are never fetched (XML namespaces) and licence links in comments.
VENDOR_IDENTIFIERS = {
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/XML/1998/namespace",
    "http://www.w3.org/1999/xhtml",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "https://github.com/ecomfe/zrender/blob/master/LICENSE.txt",
}


def is_external(url: str) -> bool:
    """True for an address with a host other than ours, including protocol-relative ``//host``."""
    url = html.unescape(url).strip()
    if url.startswith(("//", "\\\\", "/\\")):
        return True
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.hostname not in OWN_HOSTS


def first(match: re.Match, skip: int = 0) -> str:
    """The first alternative that matched of ``match``'s quoted value, after ``skip`` other groups."""
    return next((group for group in match.groups()[skip:] if group is not None), "")


def external_references(page: str) -> list[str]:
    """Every attribute, CSS ``url()``/``@import`` and inline script or style of ``page`` naming another host."""
    found = []
    for match in ATTRIBUTE.finditer(page):
        value = first(match, skip=1)
        candidates = (
            [part.strip().split(" ")[0] for part in value.split(",")] if match[1].lower() == "srcset" else [value]
        )
        if any(is_external(candidate) for candidate in candidates):
            found.append(match[0])
    for match in CSS_URL.finditer(page):
        if is_external(first(match)):
            found.append(match[0])
    for match in CSS_IMPORT.finditer(page):
        if is_external(first(match)):
            found.append(match[0])
    for _tag, body in SCRIPT_OR_STYLE.findall(page):
        found += [url for url in ABSOLUTE.findall(body) if is_external(url) and not any(url in item for item in found)]
    return found


# ---- the checker itself ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ('<script src="https://cdn.example.com/htmx.js"></script>', ['src="https://cdn.example.com/htmx.js"']),
        ("<link rel=stylesheet href=//fonts.example.com/css>", ["href=//fonts.example.com/css"]),
        ("<form action='http://evil.example/login'>", ["action='http://evil.example/login'"]),
        (
            '<img srcset="/static/a.png 1x, https://img.example.com/b.png 2x">',
            ['srcset="/static/a.png 1x, https://img.example.com/b.png 2x"'],
        ),
        ('<div style="background: url(https://img.example.com/bg.png)">', ["url(https://img.example.com/bg.png)"]),
        ("<style>@import 'https://fonts.example.com/css';</style>", ["@import 'https://fonts.example.com/css'"]),
        ('<style>@import url("//fonts.example.com/css");</style>', ['url("//fonts.example.com/css")']),
        ('<script>fetch("https://api.example.com/track")</script>', ["https://api.example.com/track"]),
        ('<a href="https:&#x2F;&#x2F;evil.example/">', ['href="https:&#x2F;&#x2F;evil.example/"']),
        ('<a href="http://testserver.example.com/">', ['href="http://testserver.example.com/"']),
    ],
)
def test_the_checker_finds_another_host(snippet, found):
    assert external_references(snippet) == found


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/psyboost/vendor/htmx-2.0.11.min.js" defer></script>',
        '<a href="http://testserver/accounts/login/">',
        '<a href="mailto:zgxlfwzt@163.com">',
        '<a download href="data:application/vnd.ms-excel;base64,UEsDBA==">',
        '<a href="?page=2&amp;q=x">',
        '<div style="background: url(/static/psyboost/bg.png)">',
        '<style>@import url("/static/psyboost/css/print.css");</style>',
        "<script>document.querySelectorAll('a[href]')</script>",
        "<p>https://example.com is only text here</p>",
    ],
)
def test_the_checker_accepts_our_own_addresses(snippet):
    assert external_references(snippet) == []


# ---- every page of the matrix -------------------------------------------------------------------------------------


def page_params() -> list:
    return [
        pytest.param(item, case, id=f"{item.key}[{case.title}]")
        for item in ENTRIES
        for case in item.cases
        if case.method == "GET"
        and any(not isinstance(case.answers[role], LoginRedirect | Redirect) for role in roles_of(case))
    ]


@pytest.mark.django_db
@time_machine.travel(IN_THE_2020_CALL, tick=False)  # as in the authorization matrix: the world's 2020 call is open
@pytest.mark.usefixtures("scratch_upload_dir")
@pytest.mark.parametrize(("item", "case"), page_params())
def test_no_page_refers_to_another_host(item, case):
    world = build_world("anonymous")
    found = {}
    for role in roles_of(case):
        if isinstance(case.answers[role], LoginRedirect | Redirect):
            continue
        world.role = role
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(item.url(case, world))
        if response.get("Content-Type", "").startswith("text/html"):
            references = external_references(response.content.decode())
            if references:
                found[role] = references
    assert found == {}


def test_the_server_error_page_refers_to_no_other_host():
    request = RequestFactory().get("/")
    request.user = None
    response = server_error(request)
    assert response.status_code == 500
    assert external_references(response.content.decode()) == []


# ---- files on disk ----------------------------------------------------------------------------------------------


def files(root: Path, pattern: str) -> list[Path]:
    found = sorted(root.glob(pattern))
    assert found, f"no {pattern} under {root}"
    return found


@pytest.mark.parametrize("path", files(STATIC / "css", "**/*.css"), ids=lambda path: path.name)
def test_our_stylesheets_load_nothing_from_another_host(path):
    css = path.read_text(encoding="utf-8")
    assert [match[0] for match in CSS_URL.finditer(css) if is_external(first(match))] == []
    assert [match[0] for match in CSS_IMPORT.finditer(css) if is_external(first(match))] == []
    assert ABSOLUTE.findall(css) == []


@pytest.mark.parametrize("path", files(STATIC / "js", "**/*.js"), ids=lambda path: path.name)
def test_our_scripts_name_no_other_host(path):
    assert [url for url in ABSOLUTE.findall(path.read_text(encoding="utf-8")) if is_external(url)] == []


@pytest.mark.parametrize("path", files(STATIC / "vendor", "*.js"), ids=lambda path: path.name)
def test_vendored_scripts_name_no_host_they_would_load_from(path):
    script = path.read_text(encoding="utf-8")
    addresses = set(re.findall(r"""https?://[^\s"'`)<>,;]+""", script))
    protocol_relative = re.findall(r"""["'`]//[a-z0-9-]+\.[a-z0-9.-]+""", script, re.I)
    assert (addresses - VENDOR_IDENTIFIERS, protocol_relative) == (set(), [])


def template_files() -> list[Path]:
    return [path for path in sorted(PACKAGE.glob("**/templates/**/*")) if path.is_file()]


@pytest.mark.parametrize("path", template_files(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_templates_name_no_other_host(path):
    text = path.read_text(encoding="utf-8")
    assert [url for url in ABSOLUTE.findall(text) if is_external(url)] == []

"""Content-Security-Policy: this site only, no inline script or style; the templates hold none."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src" / "psyboost"
# Rendered to PDF by WeasyPrint, never served as a page: their <style> is fine.
# Rendered only into PDFs (WeasyPrint), never served as pages; and the announcement's copy-paste fragment, which
# staff paste into another site's CMS, so it carries its own styles (our pages show it as text).
PRINT_TEMPLATES = {
    "documents/application.html",
    "review/results/score_sheets_pdf.html",
    "announcement/letter_pdf.html",
    "announcement/announcement_pdf.html",
    "announcement/_fragment.html",
    "projects/report_print.html",
}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=\"", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
]


def test_the_policy_allows_only_this_site_and_nothing_inline():
    policy = dict(part.strip().split(" ", 1) for part in settings.PSYBOOST_CONTENT_SECURITY_POLICY.split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in settings.PSYBOOST_CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in settings.PSYBOOST_CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_every_page_is_sent_with_the_policy(client):
    for url in ("/", "/accounts/login/", "/no-such-page/"):
        assert client.get(url)["Content-Security-Policy"] == settings.PSYBOOST_CONTENT_SECURITY_POLICY


def test_no_template_has_inline_script_or_style():
    found = []
    for path in sorted(SRC.rglob("templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        if name in PRINT_TEMPLATES:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert found == []

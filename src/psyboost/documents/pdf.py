"""The printed form as PDF, drawn by WeasyPrint from ``templates/documents/application.html``.

The vendored Noto Sans SC is loaded by a ``file://`` URL and embedded (subset) into every PDF, so Chinese renders on
any machine. No other URL is ever fetched: the url_fetcher refuses everything but that one font file.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .printing import PrintedForm

# WeasyPrint logs every layout step at INFO; only its warnings are worth a log line.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-Regular.otf"
FONT_URL = FONT.as_uri()


class ExternalResource(FatalURLFetchingError):
    """The template asked for something other than the vendored font: rendering stops."""


class FontOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url != FONT_URL:
            raise ExternalResource(f"refused to fetch {url!r}: the printed form loads nothing but its font")
        return super().fetch(url, headers)


def render_html(form: PrintedForm) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the paper form is Chinese, whatever the reader's language
        return render_to_string("documents/application.html", {"form": form, "font_url": FONT_URL})


def render_pdf(form: PrintedForm) -> bytes:
    """The PDF of ``form``, the CJK font embedded."""
    return HTML(string=render_html(form), url_fetcher=FontOnlyFetcher(), base_url=str(FONT.parent)).write_pdf()

"""HTML to PDF for every printed document of the platform (the application form, score sheets, notices, reports).

WeasyPrint draws the page; the vendored Noto Sans SC is loaded by a ``file://`` URL and embedded (subset) into every
PDF, so Chinese renders on any machine. No other URL is ever fetched: the url_fetcher refuses everything but that one
font file. Templates put ``font_url`` in their ``@font-face``.
"""

import logging
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

# WeasyPrint logs every layout step at INFO; only its warnings are worth a log line.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-Regular.otf"
FONT_URL = FONT.as_uri()


class ExternalResource(FatalURLFetchingError):
    """The template asked for something other than the vendored font: rendering stops."""


class FontOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url != FONT_URL:
            raise ExternalResource(f"refused to fetch {url!r}: a printed document loads nothing but its font")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (rendered with ``font_url`` = ``FONT_URL``), the CJK font embedded."""
    return HTML(string=html, url_fetcher=FontOnlyFetcher(), base_url=str(FONT.parent)).write_pdf()

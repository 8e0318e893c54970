"""The PDF engine embeds its font and fetches nothing else."""

import io

import pytest
from pypdf import PdfReader

from psyboost.core import pdf as core_pdf


def test_the_pdf_fetches_nothing_but_its_font():
    fetcher = core_pdf.FontOnlyFetcher()
    assert fetcher.fetch(core_pdf.FONT_URL).read(4) == b"OTTO"
    with pytest.raises(core_pdf.ExternalResource):
        fetcher.fetch("https://example.com/logo.png")
    with pytest.raises(core_pdf.ExternalResource):
        fetcher.fetch("file:///etc/passwd")


def test_a_page_becomes_a_pdf_with_the_font_embedded():
    style = f"@font-face {{font-family: f; src: url({core_pdf.FONT_URL});}} body {{font-family: f;}}"
    html = f"<style>{style}</style><p>公示</p>"
    page = PdfReader(io.BytesIO(core_pdf.html_to_pdf(html))).pages[0]
    assert page.extract_text().strip() == "公示"
    [font] = page["/Resources"]["/Font"].values()
    descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert "/FontFile3" in descriptor  # embedded, a subset of the vendored face

"""The printed form as PDF, drawn by WeasyPrint from ``templates/documents/application.html``.

The engine (``core.pdf``) embeds the vendored CJK font and fetches nothing else.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from psyboost.core.pdf import FONT_URL, html_to_pdf

from .printing import PrintedForm


def render_html(form: PrintedForm) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the paper form is Chinese, whatever the reader's language
        return render_to_string("documents/application.html", {"form": form, "font_url": FONT_URL})


def render_pdf(form: PrintedForm) -> bytes:
    """The PDF of ``form``, the CJK font embedded."""
    return html_to_pdf(render_html(form))

"""The blank form of a call (空白申报表), for the public notice: the printed form of an empty application, rendered by
the same engines (DOCX, PDF) as every application's, with no 编号 and no unit. Nothing is stored: an unsaved
application (its rows read as none) goes through ``printing.printed_form``; the bytes are kept per process, keyed by
the call's fields (what the blank form prints), so a busy notice page renders each once."""

import dataclasses

from psyboost.applications.models import Application
from psyboost.calls.models import Unit

from . import pdf, printing
from .docx import render_docx

NO_SUCH_APPLICATION = 0  # an unsaved application with this key reads its rows (none) without storing anything

_RENDERED: dict[tuple, bytes] = {}


def blank_form(call) -> printing.PrintedForm:
    application = Application(pk=NO_SUCH_APPLICATION, call=call, unit=Unit(name=""))
    form = printing.printed_form(application)
    return dataclasses.replace(form, number="", is_draft=False, unit_name="")


def render(call, extension: str) -> bytes:
    """The blank form as ``docx`` or ``pdf`` bytes."""
    form = blank_form(call)
    key = (call.pk, extension, form.fingerprint())
    if key not in _RENDERED:
        _RENDERED[key] = render_docx(form) if extension == "docx" else pdf.render_pdf(form)
    return _RENDERED[key]

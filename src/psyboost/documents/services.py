"""Rendering and keeping the printed form: the only place a ``RenderedDocument`` is written (with an audit record)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record

from . import docx, pdf, printing
from .models import RenderedDocument

RENDERERS = {
    RenderedDocument.Kind.PDF: (pdf.render_pdf, "form.pdf"),
    RenderedDocument.Kind.DOCX: (docx.render_docx, "form.docx"),
}


def current_document(
    application: Application, kind: str, form: printing.PrintedForm | None = None
) -> RenderedDocument | None:
    """The stored rendering of ``kind`` if it shows the application as it is now; None when missing or stale."""
    form = form or printing.printed_form(application)
    stored = RenderedDocument.objects.filter(application=application, kind=kind, fingerprint=form.fingerprint()).first()
    if stored is None or not default_storage.exists(stored.file.name):
        return None
    return stored


def render_document(
    application: Application, kind: str, actor=None, form: printing.PrintedForm | None = None
) -> RenderedDocument:
    """Render ``kind`` now and keep it in place of the previous one (whose file is deleted after the commit)."""
    renderer, filename = RENDERERS[kind]
    form = form or printing.printed_form(application)
    data = renderer(form)
    fingerprint = form.fingerprint()
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        stored = RenderedDocument.objects.filter(application=application, kind=kind).first()
        if stored is not None and stored.fingerprint == fingerprint and default_storage.exists(stored.file.name):
            return stored  # rendered meanwhile by another request or the worker
        stale_name = stored.file.name if stored is not None else ""
        stored = stored or RenderedDocument(application=application, kind=kind)
        stored.version, stored.fingerprint, stored.size = application.version, fingerprint, len(data)
        stored.file.save(filename, ContentFile(data), save=False)
        stored.save()
        if stale_name and stale_name != stored.file.name:
            transaction.on_commit(lambda: default_storage.delete(stale_name))
        record(actor, f"documents.{kind}_rendered", application, version=application.version, fingerprint=fingerprint)
    return stored


def ensure_document(
    application: Application, kind: str, actor=None, form: printing.PrintedForm | None = None
) -> RenderedDocument:
    """The current rendering of ``kind``, rendered first if there is none for the application as it is now."""
    form = form or printing.printed_form(application)
    return current_document(application, kind, form) or render_document(application, kind, actor, form)


def current_pdf(application: Application, form: printing.PrintedForm | None = None) -> RenderedDocument | None:
    return current_document(application, RenderedDocument.Kind.PDF, form)


def render_pdf(application: Application, actor=None, form: printing.PrintedForm | None = None) -> RenderedDocument:
    return render_document(application, RenderedDocument.Kind.PDF, actor, form)


def ensure_pdf(application: Application, actor=None, form: printing.PrintedForm | None = None) -> RenderedDocument:
    return ensure_document(application, RenderedDocument.Kind.PDF, actor, form)


def ensure_docx(application: Application, actor=None, form: printing.PrintedForm | None = None) -> RenderedDocument:
    """The DOCX, stored per content hash like the PDF: a download or a ZIP re-renders it only after a change."""
    return ensure_document(application, RenderedDocument.Kind.DOCX, actor, form)


def submitted_ids(call) -> list[int]:
    """The applications of ``call`` that have a 编号 (everything but drafts), in 编号 order."""
    return list(
        Application.objects.filter(call=call).exclude(state=State.DRAFT).order_by("number").values_list("pk", flat=True)
    )


def request_render_all(call, actor) -> int:
    """Queue background rendering of every submitted application's PDF of ``call``; returns how many were queued."""
    from .tasks import render_application_pdf

    ids = submitted_ids(call)
    record(actor, "documents.render_all_requested", call, count=len(ids))
    for pk in ids:
        render_application_pdf.enqueue(pk)
    return len(ids)

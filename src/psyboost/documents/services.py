"""Rendering and keeping the printed form: the only place a ``RenderedDocument`` is written (with an audit record)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record

from . import pdf, printing
from .models import RenderedDocument


def current_pdf(application: Application, form: printing.PrintedForm | None = None) -> RenderedDocument | None:
    """The stored PDF if it shows the application as it is now; None when missing or stale."""
    form = form or printing.printed_form(application)
    stored = RenderedDocument.objects.filter(
        application=application, kind=RenderedDocument.Kind.PDF, fingerprint=form.fingerprint()
    ).first()
    if stored is None or not default_storage.exists(stored.file.name):
        return None
    return stored


def render_pdf(application: Application, actor=None, form: printing.PrintedForm | None = None) -> RenderedDocument:
    """Render the PDF now and keep it in place of the previous one (whose file is deleted after the commit)."""
    form = form or printing.printed_form(application)
    data = pdf.render_pdf(form)
    fingerprint = form.fingerprint()
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        stored = RenderedDocument.objects.filter(application=application, kind=RenderedDocument.Kind.PDF).first()
        if stored is not None and stored.fingerprint == fingerprint and default_storage.exists(stored.file.name):
            return stored  # rendered meanwhile by another request or the worker
        stale_name = stored.file.name if stored is not None else ""
        stored = stored or RenderedDocument(application=application, kind=RenderedDocument.Kind.PDF)
        stored.version, stored.fingerprint, stored.size = application.version, fingerprint, len(data)
        stored.file.save("form.pdf", ContentFile(data), save=False)
        stored.save()
        if stale_name and stale_name != stored.file.name:
            transaction.on_commit(lambda: default_storage.delete(stale_name))
        record(actor, "documents.pdf_rendered", application, version=application.version, fingerprint=fingerprint)
    return stored


def ensure_pdf(application: Application, actor=None) -> RenderedDocument:
    """The current PDF, rendered first if there is none for the application as it is now."""
    form = printing.printed_form(application)
    return current_pdf(application, form) or render_pdf(application, actor, form)


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

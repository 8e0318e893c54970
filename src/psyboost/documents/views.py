"""Downloads of the printed form (DOCX, PDF) and of the whole 申报材料 (ZIP); the staff's batch rendering.

Permissions: ``documents.download_application`` (the unit, staff, later assigned experts). Signed out: to the login
page; signed in without the right: 403, like every application page; an unknown application: 404.

A package whose attachments are large is built once in the background (``packages``): until it is ready the
download address shows its progress (and refreshes itself), then it serves the stored ZIP.

The PDF of a single request is rendered on the spot when none is stored for the application as it is now (about
half a second), so it works without the task worker (``make run``); a batch is rendered by the worker beforehand.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from psyboost.applications.getters import application_of as application_for
from psyboost.applications.models import Application
from psyboost.audit.services import record
from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required
from psyboost.uploads.downloads import serve_file

from . import package, packages, pdf, printing, services
from .docx import render_docx
from .models import BuiltPackage

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def application_of(request, pk, **_kwargs):
    return application_for(request, pk, load=printing.load)


def _masked(request, application) -> bool:
    """Whether the printed form hides the contacts' phones and e-mail from this reader (assigned experts)."""
    return not request.user.has_perm("applications.view_contact_details", application)


def _download_name(application: Application, extension: str) -> str:
    return f"{package.safe_name(application.unit.name)}{package.form_stem(application)}.{extension}"


@require_GET
@permission_required("documents.download_application", fn=application_of)
def application_docx(request, pk):
    application = request.application
    record(request.user, "documents.downloaded", application, format="docx")
    name = _download_name(application, "docx")
    if _masked(request, application):  # an expert's copy: contacts masked, rendered for them and never kept
        form = printing.printed_form(application, masked=True)
        response = HttpResponse(render_docx(form), content_type=DOCX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, name)
        response["Cache-Control"] = "private, no-store"
        return response
    document = services.ensure_docx(application, request.user)
    return serve_file(request, document.file.name, name, DOCX_TYPE, cache_control="private, no-store")


@require_GET
@permission_required("documents.download_application", fn=application_of)
def application_pdf(request, pk):
    application = request.application
    inline = request.GET.get("inline") == "1"
    if request.headers.get("Range", "bytes=0-").startswith("bytes=0-"):  # a viewer's later ranges: one download
        record(request.user, "documents.downloaded", application, format="pdf")
    name = _download_name(application, "pdf")
    if _masked(request, application):  # an expert's copy: contacts masked, rendered for them and never kept
        data = pdf.render_pdf(printing.printed_form(application, masked=True))
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(not inline, name)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
    document = services.ensure_pdf(application, request.user)
    return serve_file(request, document.file.name, name, "application/pdf", inline, cache_control="private, no-store")


@require_GET
@permission_required("documents.download_application", fn=application_of)
def application_package(request, pk):
    application = request.application
    if _masked(request, application):  # an expert's copy: contacts masked, rendered for them and never kept
        form = printing.printed_form(application, masked=True)
        members = package.package_members(
            application, None, None, pdf_data=pdf.render_pdf(form), docx_data=render_docx(form)
        )
    else:
        form = printing.printed_form(application)
        if packages.needs_background(application):
            build = packages.request_build(application, request.user, form)
            if build.state == BuiltPackage.State.READY:
                record(request.user, "documents.downloaded", application, format="zip")
                name = package.package_name(application)
                return serve_file(request, build.file.name, name, "application/zip", cache_control="private, no-store")
            context = {"application": application, "build": build, "name": package.package_name(application)}
            return render(request, "documents/package_progress.html", context)
        document = services.ensure_pdf(application, request.user, form)
        docx = services.ensure_docx(application, request.user, form)
        members = package.package_members(application, document, docx)
    record(request.user, "documents.downloaded", application, format="zip")
    response = StreamingHttpResponse(package.stream_zip(members), content_type="application/zip")
    # The exact length: a download cut short (a closed connection, a killed worker) is an error in the browser.
    response["Content-Length"] = str(package.zip_length(members))
    response["Content-Disposition"] = content_disposition_header(True, package.package_name(application))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@permission_required("documents.render_all")
def render_all(request, year):
    call = get_object_or_404(Call, year=year)
    count = services.request_render_all(call, request.user)
    messages.success(request, _("已安排在后台生成 %(count)d 份已提交申报的 PDF 申报表。") % {"count": count})
    return redirect("calls:staff_detail", year=call.year)


@require_GET
def blank_form(request, year: int, extension: str):
    """The call's blank form (public, linked from its notice): DOCX or PDF, named after the call."""
    from .blank import render

    if extension not in ("docx", "pdf"):
        raise Http404
    call = get_object_or_404(Call, year=year)
    content_type = DOCX_TYPE if extension == "docx" else "application/pdf"
    response = HttpResponse(render(call, extension), content_type=content_type)
    name = _("%(year)s年职工心理服务助推项目申报表（空白）.%(extension)s") % {"year": call.year, "extension": extension}
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "public, max-age=3600"
    return response

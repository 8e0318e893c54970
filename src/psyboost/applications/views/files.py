"""The application's files: download (``?inline=1`` shows images, videos and PDFs in the page), thumbnail, delete,
and the plain multipart upload the attachments panel falls back to without JavaScript.

Whoever may view the application (``applications.view_application``) may read its files; only the unit, while the
application is editable (``applications.change_application``), adds or deletes them. A signed-in user without the
right gets 403, an unknown file 404 (see docs/capabilities/application-workflow.md).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.audit.services import record
from psyboost.core.permissions import permission_required
from psyboost.uploads.downloads import serve_file
from psyboost.uploads.errors import UploadRefused
from psyboost.uploads.services import store_uploaded_file
from psyboost.uploads.thumbnails import thumbnail

from .. import attachments
from ..errors import ApplicationError
from ..getters import application_of
from ..models import Attachment
from ..rules import hide_from_other_units


def attachment_of(request, pk):
    if not request.user.is_authenticated:
        return None  # signed out: to the login page, whether the file exists or not
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    hide_from_other_units(request.user, attachment.application)
    request.attachment = attachment
    return attachment.application


def _back(request, application) -> str:
    """Where to go after a plain POST: the page it came from (same host only), else the application's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return f"{redirect('applications:detail', application.pk).url}#attachments"


@permission_required("applications.view_application", fn=attachment_of)
def download(request, pk):
    attachment = request.attachment
    inline = request.GET.get("inline") == "1"
    if request.headers.get("Range", "bytes=0-").startswith("bytes=0-"):  # a video's later ranges: one download
        record(request.user, "applications.attachment_downloaded", attachment, application=attachment.application_id)
    return serve_file(request, attachment.file.name, attachment.original_name, attachment.content_type, inline)


@permission_required("applications.view_application", fn=attachment_of)
def thumbnail_view(request, pk):
    attachment = request.attachment
    if not attachment.content_type.startswith("image/"):
        raise Http404
    name = thumbnail(attachment.file.name, attachments.THUMBNAIL_SIZE)
    if name is None:
        raise Http404
    stem = attachment.original_name.rsplit(".", 1)[0]
    return serve_file(request, name, f"{stem}-thumbnail.jpg", "image/jpeg", inline=True)


@require_POST
@permission_required("applications.view_application", fn=attachment_of)
def delete(request, pk):
    attachment = request.attachment
    application = attachment.application
    if not request.user.has_perm("applications.change_application", application):
        raise PermissionDenied
    try:
        attachments.delete_attachment(attachment, request.user)
    except ApplicationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已删除附件“%(name)s”。") % {"name": attachment.original_name})
    return redirect(_back(request, application))


@require_POST
@permission_required("applications.change_application", fn=application_of)
def upload(request, pk):
    """Without JavaScript: the attachments panel's form posts the file here (same checks as a tus upload)."""
    application = request.application
    kind = request.POST.get("kind", "")
    uploaded = request.FILES.get("file")
    if kind not in attachments.KINDS:
        problem = _("不支持的附件类别。")
    elif uploaded is None:
        problem = _("请选择要上传的文件。")
    else:
        try:
            added = store_uploaded_file(uploaded, request.user, attachments.PURPOSE, kind, application.pk)
        except UploadRefused as refusal:
            problem = f"{uploaded.name}：{refusal.message}"
        else:
            problem = ""
            messages.success(request, _("已上传“%(name)s”。") % {"name": added.original_name})
    if problem:
        remember_problem(request, application, kind, problem)
    return redirect(_back(request, application))


@require_POST
@permission_required("applications.upload_paper_scan", fn=application_of)
def paper_scan_upload(request, pk):
    """After submission: the scan of the signed and sealed paper copy (not part of the frozen content)."""
    application = request.application
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("请选择要上传的文件。"))
    else:
        try:
            added = store_uploaded_file(
                uploaded,
                request.user,
                attachments.PAPER_PURPOSE,
                attachments.AttachmentKind.SIGNED_SCAN,
                application.pk,
            )
        except UploadRefused as refusal:
            messages.error(request, f"{uploaded.name}：{refusal.message}")
        else:
            messages.success(request, _("已上传纸质版扫描件“%(name)s”。") % {"name": added.original_name})
    return redirect(f"{redirect('applications:detail', application.pk).url}#paper-copy")


ERRORS_KEY = "psyboost.attachment_errors"


def remember_problem(request, application, kind: str, message: str) -> None:
    """A refused plain upload's message, for the panel to show next to the field on the next page (once)."""
    errors = request.session.get(ERRORS_KEY, {})
    errors[f"{application.pk}:{kind}"] = message
    request.session[ERRORS_KEY] = errors

"""The application's files: the upload purpose ``application_attachment`` and what finishing or deleting one does.

Uploading itself is the upload engine's (tus, checked by magic bytes, size per family, streamed to storage under a
generated name). Here: who may add files (the unit, while its application is editable), the ``Attachment`` created
when a file is in, and its deletion. Both write the audit trail; both are refused once the application is frozen.
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.uploads.errors import CONFLICT, UploadRefused
from psyboost.uploads.registry import IMAGE, SCAN, VIDEO, Kind, register_purpose
from psyboost.uploads.thumbnails import thumbnail_name

from .choices import AttachmentKind
from .errors import NotEditable
from .models import Application, Attachment, Version
from .services import why_not_open
from .workflow import State

PURPOSE = "application_attachment"
THUMBNAIL_SIZE = 320

# The family (allowed types, size limit in ``UPLOADS_MAX_BYTES``) of each kind of file.
FAMILIES = {
    AttachmentKind.SITE_PHOTO: IMAGE,
    AttachmentKind.EQUIPMENT_PHOTO: IMAGE,
    AttachmentKind.ACTIVITY_VIDEO: VIDEO,
    AttachmentKind.SCREENSHOT: IMAGE,
    AttachmentKind.SIGNED_SCAN: SCAN,
}
KINDS = {kind.value: Kind(kind.value, FAMILIES[kind], kind.label) for kind in AttachmentKind}


def _application(target_id) -> Application | None:
    if not str(target_id).isdigit():
        return None
    return Application.objects.filter(pk=int(target_id)).first()


def can_upload(user, target_id: str) -> bool:
    """The unit's own users, while the application is a draft or returned (``applications.change_application``)."""
    application = _application(target_id)
    return application is not None and user.has_perm("applications.change_application", application)


@transaction.atomic
def create_attachment(upload) -> Attachment:
    """The finisher: the checked file is already in storage under ``upload.storage_name``; record it."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "unit")
        .filter(pk=int(upload.target_id))
        .first()
    )
    if application is None or not application.is_editable:
        raise UploadRefused(_("申报已提交，不能再添加附件；如需修改，请联系市总工会工作人员退回。"), CONFLICT)
    closed = why_not_open(application.call, application.unit)
    if closed:
        raise UploadRefused(closed[0], CONFLICT)
    _refuse_a_second_copy(application, upload)
    attachment = Attachment(
        application=application,
        kind=upload.kind,
        original_name=upload.original_name,
        size=upload.length,
        content_type=upload.content_type,
        sha256=upload.sha256,
        uploaded_by=upload.user,
    )
    attachment.file.name = upload.storage_name  # already stored: no second copy
    attachment.save()
    record(
        upload.user,
        "applications.attachment_added",
        application,
        attachment=attachment.pk,
        kind=attachment.kind,
        name=attachment.original_name,
        size=attachment.size,
        sha256=attachment.sha256,
    )
    return attachment


def _refuse_a_second_copy(application, upload) -> None:
    """The same file (same checksum) already among this kind of the application's files is not stored twice."""
    same = Attachment.objects.filter(application=application, kind=upload.kind, sha256=upload.sha256).first()
    if same is not None:
        raise UploadRefused(
            _("“%(name)s”与已上传的“%(existing)s”是同一个文件，无需重复上传。")
            % {"name": upload.original_name, "existing": same.original_name},
            CONFLICT,
        )


def describe(attachment: Attachment) -> dict:
    """What the page's script receives once a file is in."""
    download = reverse("applications:attachment_download", args=[attachment.pk])
    data = {
        "id": attachment.pk,
        "kind": attachment.kind,
        "name": attachment.original_name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "url": download,
        "inline_url": f"{download}?inline=1",
        "delete_url": reverse("applications:attachment_delete", args=[attachment.pk]),
    }
    if attachment.content_type.startswith("image/"):
        data["thumbnail_url"] = reverse("applications:attachment_thumbnail", args=[attachment.pk])
    return data


def _kept_by_a_version(attachment: Attachment) -> bool:
    """Whether a submitted version lists this file: then its bytes stay in storage for that version."""
    for data in Version.objects.filter(application_id=attachment.application_id).values_list("data", flat=True):
        if any(item.get("sha256") == attachment.sha256 for item in data.get("attachments", [])):
            return True
    return False


@transaction.atomic
def delete_attachment(attachment: Attachment, actor) -> None:
    """Remove a file from an editable application. The stored bytes go too, unless a submitted version lists them."""
    application = Application.objects.select_for_update().get(pk=attachment.application_id)
    if not application.is_editable:
        raise NotEditable(
            _("此申报“%(state)s”，不能删除附件；如需修改，请联系市总工会工作人员退回。")
            % {"state": application.get_state_display()}
        )
    name, keep = attachment.file.name, _kept_by_a_version(attachment)
    record(
        actor,
        "applications.attachment_deleted",
        application,
        attachment=attachment.pk,
        kind=attachment.kind,
        name=attachment.original_name,
        sha256=attachment.sha256,
    )
    attachment.delete()
    if not keep and not Attachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: _delete_stored(name))


def _delete_stored(name: str) -> None:
    default_storage.delete(name)
    default_storage.delete(thumbnail_name(name, THUMBNAIL_SIZE))


# The scan of the signed and sealed paper copy, after submission: it is printed with the real 编号, so it can only
# exist then. Not part of the frozen content (no new version); staff see it beside the paper copy's record.
PAPER_PURPOSE = "application_paper_scan"
PAPER_STATES = frozenset({State.SUBMITTED, State.RETURNED, State.WITHDRAWN, State.ACCEPTED, State.SELECTED})


def can_upload_paper_scan(user, target_id: str) -> bool:
    application = _application(target_id)
    return (
        application is not None
        and application.state in PAPER_STATES
        and user.has_perm("applications.upload_paper_scan", application)
    )


@transaction.atomic
def create_paper_scan(upload) -> Attachment:
    application = Application.objects.select_for_update().filter(pk=int(upload.target_id)).first()
    if application is None or application.state not in PAPER_STATES:
        raise UploadRefused(_("只有已提交的申报可以上传签字盖章的纸质版扫描件。"), CONFLICT)
    _refuse_a_second_copy(application, upload)
    attachment = Attachment(
        application=application,
        kind=AttachmentKind.SIGNED_SCAN,
        original_name=upload.original_name,
        size=upload.length,
        content_type=upload.content_type,
        sha256=upload.sha256,
        uploaded_by=upload.user,
    )
    attachment.file.name = upload.storage_name
    attachment.save()
    record(
        upload.user,
        "applications.paper_scan_added",
        application,
        attachment=attachment.pk,
        name=attachment.original_name,
        size=attachment.size,
        sha256=attachment.sha256,
    )
    return attachment


def paper_scans(application) -> list[Attachment]:
    """The signed scans uploaded after the last submission (not in any frozen version)."""
    last = application.submitted_at
    scans = Attachment.objects.filter(application=application, kind=AttachmentKind.SIGNED_SCAN)
    return list(scans.filter(uploaded_at__gte=last)) if last else []


def register() -> None:
    """Called once from ``ApplicationsConfig.ready``."""
    register_purpose(PURPOSE, kinds=KINDS.values(), can_upload=can_upload, finish=create_attachment, describe=describe)
    register_purpose(
        PAPER_PURPOSE,
        kinds=[KINDS[AttachmentKind.SIGNED_SCAN]],
        can_upload=can_upload_paper_scan,
        finish=create_paper_scan,
        describe=describe,
    )

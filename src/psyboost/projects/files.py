"""The project's files through the upload engine: purpose ``project_file``. The target is ``<project id>`` or
``<project id>.<activity id>`` for an activity's photos, videos and sign-in sheets.

With JavaScript the pages send each file as it is chosen (tus, resumable) to the project: an activity's files and
an expense's invoice arrive before their record exists, and the record's form then names them by id
(``<field>_uploaded``); ``uploaded()`` finds those still unclaimed. Without JavaScript the same files come with the
form (``store_uploaded_file``, same checks)."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.uploads.errors import CONFLICT, UploadRefused
from psyboost.uploads.registry import IMAGE, SCAN, VIDEO, Kind, register_purpose

from .models import Activity, Expense, FileKind, Grant, Project, ProjectFile
from .workflow import Stage

PURPOSE = "project_file"
FAMILIES = {
    FileKind.ACTIVITY_PHOTO: IMAGE,
    FileKind.ACTIVITY_VIDEO: VIDEO,
    FileKind.SIGN_IN_SHEET: SCAN,
    FileKind.RECEIPT_SCAN: SCAN,
    FileKind.INVOICE_SCAN: SCAN,
    FileKind.CLOSING_PHOTO: IMAGE,
    FileKind.CLOSING_VIDEO: VIDEO,
    FileKind.CLOSING_FORM: SCAN,
}
KINDS = {kind.value: Kind(kind.value, FAMILIES[kind], kind.label) for kind in FileKind}
ACTIVITY_KINDS = {FileKind.ACTIVITY_PHOTO, FileKind.ACTIVITY_VIDEO, FileKind.SIGN_IN_SHEET}
UPLOAD_STAGES = (Stage.AWAITING_GRANT, Stage.IMPLEMENTING, Stage.RECTIFICATION)


def target(project: Project, activity: Activity | None = None) -> str:
    return f"{project.pk}.{activity.pk}" if activity is not None else str(project.pk)


def _parse(target_id) -> tuple[Project | None, Activity | None]:
    head, _sep, tail = str(target_id).partition(".")
    if not head.isdigit() or (tail and not tail.isdigit()):
        return None, None
    project = Project.objects.filter(pk=int(head)).first()
    activity = Activity.objects.filter(pk=int(tail), project=project).first() if tail and project else None
    if tail and activity is None:
        return None, None
    return project, activity


def can_upload(user, target_id: str) -> bool:
    project, _activity = _parse(target_id)
    return project is not None and user.has_perm("projects.change_project", project)


@transaction.atomic
def create_file(upload) -> ProjectFile:
    project, activity = _parse(upload.target_id)
    if project is None or project.stage not in UPLOAD_STAGES:
        raise UploadRefused(_("项目当前阶段不能再上传文件。"), CONFLICT)
    if activity is not None and upload.kind not in ACTIVITY_KINDS:
        raise UploadRefused(_("活动照片、视频和签到表请在活动记录中上传。"), CONFLICT)
    if upload.kind == FileKind.RECEIPT_SCAN and project.files.filter(kind=FileKind.RECEIPT_SCAN).exists():
        raise UploadRefused(_("收款收据已上传，不能重复上传。"), CONFLICT)
    item = ProjectFile(
        project=project,
        activity=activity,
        kind=upload.kind,
        original_name=upload.original_name,
        size=upload.length,
        content_type=upload.content_type,
        sha256=upload.sha256,
        uploaded_by=upload.user,
    )
    item.file.name = upload.storage_name
    item.save()
    record(
        upload.user,
        "projects.file_added",
        project,
        file=item.pk,
        kind=item.kind,
        name=item.original_name,
        size=item.size,
    )
    return item


def uploaded(project: Project, kind: str, ids) -> list[ProjectFile]:
    """The project's files of ``kind`` named by ``ids`` (as posted) that no record has claimed yet: an activity's
    files not attached to an activity, an invoice no expense holds, a receipt no grant holds."""
    wanted = [int(i) for i in ids if str(i).isdigit()]
    if not wanted:
        return []
    found = ProjectFile.objects.filter(project=project, kind=kind, pk__in=wanted, activity__isnull=True)
    if kind == FileKind.INVOICE_SCAN:
        found = found.exclude(pk__in=Expense.objects.filter(invoice__isnull=False).values("invoice"))
    if kind == FileKind.RECEIPT_SCAN:
        found = found.exclude(pk__in=Grant.objects.filter(receipt__isnull=False).values("receipt"))
    return list(found.order_by("pk"))


def describe(item: ProjectFile) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "name": item.original_name,
        "size": item.size,
        "url": reverse("projects:file", args=[item.pk]),
    }


def register() -> None:
    register_purpose(PURPOSE, kinds=KINDS.values(), can_upload=can_upload, finish=create_file, describe=describe)

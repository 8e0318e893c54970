"""What happens when the last byte of an upload has arrived: checks, storage, the purpose's finisher — once."""

import logging
from datetime import UTC
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from . import conf
from .content import inspect_file, sha256_of
from .errors import BAD_REQUEST, FORBIDDEN, LOCKED, UploadRefused
from .models import State, Upload
from .registry import Kind, Purpose, get_purpose

logger = logging.getLogger(__name__)


def temp_path(upload: Upload) -> Path:
    return conf.temp_dir() / f"{upload.id.hex}.part"


def purpose_and_kind(purpose_name: str, kind_name: str) -> tuple[Purpose, Kind]:
    purpose = get_purpose(purpose_name)
    if purpose is None:
        raise UploadRefused(_("不支持的上传用途。"), BAD_REQUEST)
    kind = purpose.kind(kind_name)
    if kind is None:
        raise UploadRefused(_("不支持的附件类别。"), BAD_REQUEST)
    return purpose, kind


def check_permission(purpose: Purpose, user, target_id: str) -> None:
    if not purpose.can_upload(user, target_id):
        raise UploadRefused(_("您无权为此对象上传文件。"), FORBIDDEN)


class _TempFile(File):
    """The temporary file, offered to the storage: FileSystemStorage moves it into place instead of copying."""

    def __init__(self, path: Path):
        super().__init__(open(path, "rb"), name=path.name)  # noqa: SIM115 (closed by the caller)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)


def storage_name_for(upload: Upload, extension: str) -> str:
    """A generated name, never the user's: ``uploads/<year>/<month>/<upload id><extension>``, the month the upload
    began in UTC: a name must not depend on the zone of the process that finishes it."""
    begun = upload.created_at.astimezone(UTC)
    return f"uploads/{begun:%Y}/{begun:%m}/{upload.id.hex}{extension}"


def complete(upload: Upload) -> Upload:
    """Check the finished upload, store it and call its purpose's finisher. Exactly once per upload: whoever moves
    it from receiving to checking does the work; anyone else gets the upload as it stands (or a wait)."""
    claimed = Upload.objects.filter(pk=upload.pk, state=State.RECEIVING).update(
        state=State.CHECKING, updated_at=timezone.now()
    )
    if not claimed:
        upload.refresh_from_db()
        if upload.state == State.CHECKING:
            raise UploadRefused(_("正在检查文件，请稍候。"), LOCKED)
        return upload
    upload.state = State.CHECKING
    path = temp_path(upload)
    stored = ""
    try:
        purpose, kind = purpose_and_kind(upload.purpose, upload.kind)
        check_permission(purpose, upload.user, upload.target_id)
        checked = inspect_file(path, kind)
        upload.content_type = checked.content_type
        upload.sha256 = sha256_of(path)
        content = _TempFile(path)
        try:
            stored = default_storage.save(storage_name_for(upload, checked.extension), content)
        finally:
            content.close()
        upload.storage_name = stored
        with transaction.atomic():
            finished = purpose.finish(upload)
            upload.result = {
                "upload": str(upload.id),
                "name": upload.original_name,
                "size": upload.length,
                "kind": upload.kind,
                "content_type": upload.content_type,
                "sha256": upload.sha256,
                "object": purpose.as_json(finished),
            }
            upload.state = State.DONE
            upload.offset = upload.length
            upload.save()
            record(
                upload.user,
                "uploads.finished",
                upload,
                purpose=upload.purpose,
                kind=upload.kind,
                target_id=upload.target_id,
                size=upload.length,
                sha256=upload.sha256,
                storage_name=stored,
            )
    except UploadRefused as refusal:
        _discard(stored)
        fail(upload, refusal.message)
        raise
    except Exception:
        logger.exception("upload %s could not be finished", upload.pk)
        _discard(stored)
        if path.exists():  # nothing lost: a retry (an empty PATCH at the end) finishes it
            Upload.objects.filter(pk=upload.pk).update(
                state=State.RECEIVING, storage_name="", updated_at=timezone.now()
            )
            upload.state = State.RECEIVING
        else:
            fail(upload, _("服务器处理文件时出错，请重新上传。"))
        raise
    path.unlink(missing_ok=True)  # the storage copied it rather than moved it
    upload.finished_object = finished
    return upload


def fail(upload: Upload, message: str) -> None:
    """The upload is refused for good: its temporary file goes, the reason stays for the page to show."""
    temp_path(upload).unlink(missing_ok=True)
    upload.state = State.FAILED
    upload.error = message
    upload.storage_name = ""
    upload.result = {}
    upload.save(update_fields=["state", "error", "storage_name", "result", "updated_at"])
    record(upload.user, "uploads.refused", upload, reason=message, purpose=upload.purpose, kind=upload.kind)


def _discard(storage_name: str) -> None:
    if storage_name:
        try:
            default_storage.delete(storage_name)
        except OSError:
            logger.exception("could not delete %s after a refused upload", storage_name)

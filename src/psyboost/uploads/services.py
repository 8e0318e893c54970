"""Every change to an upload: start, receive bytes, cancel, expire; and the plain-form fallback.

Plain arguments, never the request: the PATCH body arrives as a ``read(size) -> bytes`` callable. Starting,
finishing, refusing, cancelling and purging are recorded in the audit trail; each PATCH is not (too many).
"""

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from . import conf
from .content import check_size
from .errors import (
    BAD_REQUEST,
    CONFLICT,
    GONE,
    INSUFFICIENT_STORAGE,
    LENGTH_REQUIRED,
    LOCKED,
    TOO_LARGE,
    TOO_MANY,
    UploadRefused,
)
from .finishing import check_permission, complete, fail, purpose_and_kind, temp_path
from .metadata import clean_filename
from .models import State, Upload

__all__ = ["cancel", "complete", "current_offset", "purge_expired", "receive", "start_upload", "store_uploaded_file"]

# Kept free on the temporary disk beyond the upload itself, so that a full disk never breaks everything else.
DISK_MARGIN = 256 * 1024 * 1024


def start_upload(user, *, purpose: str, kind: str, target_id: str, length: int, filename: str) -> Upload:
    """Open an upload of ``length`` bytes, or refuse it before any byte is sent (size, kind, permission)."""
    purpose_entry, kind_entry = purpose_and_kind(purpose, kind)
    target_id = str(target_id or "")[:64]
    check_permission(purpose_entry, user, target_id)
    check_size(kind_entry, length)
    now = timezone.now()
    active = Upload.objects.filter(user=user, state=State.RECEIVING, expires_at__gt=now).count()
    if active >= conf.max_active_per_user():
        raise UploadRefused(_("您同时进行的上传过多，请等已有的上传完成后再试。"), TOO_MANY)
    folder = conf.temp_dir()
    if shutil.disk_usage(folder).free < length + DISK_MARGIN:
        raise UploadRefused(_("服务器存储空间不足，请稍后再试或联系工作人员。"), INSUFFICIENT_STORAGE)
    with transaction.atomic():
        upload = Upload.objects.create(
            user=user,
            purpose=purpose,
            target_id=target_id,
            kind=kind,
            length=length,
            original_name=clean_filename(filename),
            expires_at=now + conf.expiry(),
        )
        temp_path(upload).touch(mode=0o600, exist_ok=False)
        record(user, "uploads.started", upload, purpose=purpose, kind=kind, target_id=target_id, length=length)
    return upload


def _require_receiving(upload: Upload) -> None:
    """Refuse anything but an unexpired upload still receiving bytes (an expired one is dropped on the spot)."""
    if upload.state == State.RECEIVING and upload.expires_at <= timezone.now():
        expire(upload)
    if upload.state == State.RECEIVING:
        return
    if upload.state == State.CHECKING:
        raise UploadRefused(_("正在检查文件，请稍候。"), LOCKED)
    if upload.state == State.DONE:
        raise UploadRefused(_("此文件已上传完成。"), CONFLICT)
    raise UploadRefused(gone_message(upload), GONE)


def gone_message(upload: Upload) -> str:
    if upload.state == State.FAILED:
        return upload.error or _("此次上传未通过检查，请重新选择文件。")
    if upload.state == State.EXPIRED:
        return _("上传已过期（超过 24 小时未完成），请重新选择文件上传。")
    return _("此次上传已取消，请重新选择文件。")


@contextlib.contextmanager
def _locked(upload: Upload) -> Iterator[int]:
    """The temporary file, open and locked against every other request of this upload (on this host)."""
    try:
        fd = os.open(temp_path(upload), os.O_RDWR)
    except FileNotFoundError:
        fail(upload, _("服务器上的临时文件已不存在，请重新上传。"))
        raise UploadRefused(upload.error, GONE) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UploadRefused(_("此文件正在上传中，请稍候。"), LOCKED) from None
        yield fd
    finally:
        os.close(fd)


def current_offset(upload: Upload) -> int:
    """How many bytes the server holds. The temporary file is the truth (it survives a worker killed mid-PATCH);
    while another request holds it, the last recorded offset is answered."""
    _require_receiving(upload)
    try:
        with _locked(upload) as fd:
            size = os.fstat(fd).st_size
    except UploadRefused as refusal:
        if refusal.status != LOCKED:
            raise
        return upload.offset
    if size != upload.offset:
        Upload.objects.filter(pk=upload.pk).update(offset=size, updated_at=timezone.now())
        upload.offset = size
    return size


def receive(
    upload: Upload, *, offset: int, copy: Callable[[int, int, int], tuple[int, bool]], content_length: int | None
) -> Upload:
    """Append ``content_length`` bytes at ``offset``, copied by ``copy(fd, position, length)`` (answers the bytes
    copied and whether all came: ``uploads.body.copier_of``); finish the upload when it is whole. Bytes received
    before an interruption are kept, and the client resumes after them."""
    if upload.state == State.DONE and offset == upload.length and not content_length:
        return upload  # the last PATCH repeated: nothing to do
    _require_receiving(upload)
    if content_length is None:
        raise UploadRefused(_("请求缺少 Content-Length。"), LENGTH_REQUIRED)
    with _locked(upload) as fd:
        upload.refresh_from_db()
        _require_receiving(upload)
        held = os.fstat(fd).st_size
        if offset != held:
            raise UploadRefused(
                _("上传进度不一致：服务器已收到 %(held)s 字节，而不是 %(offset)s 字节，请从服务器的进度继续。")
                % {"held": held, "offset": offset},
                CONFLICT,
            )
        if content_length > upload.length - held:
            raise UploadRefused(_("上传的数据超出了声明的文件大小。"), TOO_LARGE)
        received, whole = copy(fd, held, content_length)
        upload.offset = held + received
        Upload.objects.filter(pk=upload.pk).update(offset=upload.offset, updated_at=timezone.now())
        if not whole:
            raise UploadRefused(
                _("上传中断，已保存 %(saved)s，可继续上传。") % {"saved": filesizeformat(upload.offset)}, BAD_REQUEST
            )
        if upload.offset == upload.length:
            return complete(upload)
    return upload


def cancel(upload: Upload, actor) -> None:
    """Stop an unfinished upload and delete what was received (tus termination)."""
    _require_receiving(upload)
    with _locked(upload):
        temp_path(upload).unlink(missing_ok=True)
        Upload.objects.filter(pk=upload.pk).update(state=State.CANCELLED, updated_at=timezone.now())
        upload.state = State.CANCELLED
    record(actor, "uploads.cancelled", upload, received=upload.offset)


def expire(upload: Upload) -> None:
    temp_path(upload).unlink(missing_ok=True)
    Upload.objects.filter(pk=upload.pk).update(state=State.EXPIRED, updated_at=timezone.now())
    upload.state = State.EXPIRED


def purge_expired(now=None) -> int:
    """Drop every upload past its expiry (deleting its temporary file), and temporary files nobody owns any more.
    Answers how many temporary files were deleted."""
    now = now or timezone.now()
    deleted = 0
    stale = Upload.objects.filter(state__in=[State.RECEIVING, State.CHECKING], expires_at__lte=now)
    for upload in stale.iterator():
        if temp_path(upload).exists():
            deleted += 1
        expire(upload)
    cutoff = (now - conf.expiry()).timestamp()
    live = {upload_id.hex for upload_id in Upload.objects.filter(state=State.RECEIVING).values_list("id", flat=True)}
    for path in Path(conf.temp_dir()).glob("*.part"):
        if path.stem not in live and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            deleted += 1
    if deleted:
        record(None, "uploads.purged", None, deleted=deleted)
    return deleted


def store_uploaded_file(uploaded_file, user, purpose: str, kind: str, target_id) -> object:
    """The plain-form fallback (no JavaScript): the same checks and finisher as a tus upload, for a Django
    ``UploadedFile``. Answers what the finisher returned; raises ``UploadRefused`` with the message to show."""
    upload = start_upload(
        user,
        purpose=purpose,
        kind=kind,
        target_id=str(target_id),
        length=uploaded_file.size,
        filename=uploaded_file.name or "",
    )
    with _locked(upload) as fd:
        with open(fd, "r+b", closefd=False) as out:
            for chunk in uploaded_file.chunks():
                out.write(chunk)
            out.truncate()
            written = out.tell()
        if written != upload.length:  # the UploadedFile's size did not match its content
            fail(upload, _("文件不完整，请重新选择文件。"))
            raise UploadRefused(upload.error, CONFLICT)
        upload.offset = written
        Upload.objects.filter(pk=upload.pk).update(offset=written, updated_at=timezone.now())
        return complete(upload).finished_object

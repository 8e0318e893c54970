"""What may be uploaded, for what, by whom, and what happens when a file has arrived: the purpose registry.

The engine knows nothing of applications or any other model. An app registers a *purpose* once, when Django starts
(in its ``AppConfig.ready``)::

    from psyboost.uploads.registry import IMAGE, SCAN, VIDEO, Kind, register_purpose

    register_purpose(
        "application_attachment",
        kinds=[Kind("site_photo", IMAGE, _("场地照片")), Kind("activity_video", VIDEO, _("活动短视频")), ...],
        can_upload=lambda user, target_id: ...,  # may ``user`` add files to the object ``target_id``?
        finish=create_attachment,                  # Upload -> the object it created (called once, in a transaction)
        describe=lambda attachment: {"id": attachment.pk, "url": ...},  # optional: the JSON the page receives
    )

``can_upload`` is asked when the upload starts and again when it completes (the object may have been frozen in
between). ``finish`` receives the finished :class:`~psyboost.uploads.models.Upload`: its ``storage_name`` (the file,
already in Django's default storage), ``original_name``, ``length``, ``content_type``, ``sha256``, ``kind``,
``target_id`` and ``user``. It may raise ``UploadRefused("中文消息")``; the stored file is then deleted and the
message shown to the user.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from . import conf

JPEG, PNG, GIF, WEBP = "image/jpeg", "image/png", "image/gif", "image/webp"
MP4, QUICKTIME, PDF = "video/mp4", "video/quicktime", "application/pdf"


@dataclass(frozen=True)
class Family:
    """A group of file types sharing a size limit: ``image``, ``video`` or ``scan``."""

    name: str
    content_types: tuple[str, ...]
    label: Any  # shown in messages: what this family accepts

    @property
    def accept(self) -> str:
        """For ``<input type=file accept=...>``: a hint to the file picker, never a check."""
        return ",".join(self.content_types)


IMAGE = Family("image", (JPEG, PNG, GIF, WEBP), _("图片（JPEG、PNG、GIF、WebP）"))
VIDEO = Family("video", (MP4, QUICKTIME), _("视频（MP4、MOV）"))
SCAN = Family("scan", (PDF, JPEG, PNG), _("扫描件（PDF、JPEG、PNG）"))


@dataclass(frozen=True)
class Kind:
    """One kind of file a purpose accepts, e.g. ``site_photo``: its family decides the allowed types and size."""

    name: str
    family: Family
    label: Any

    @property
    def max_bytes(self) -> int:
        return conf.max_bytes(self.name, self.family.name)


@dataclass(frozen=True)
class Purpose:
    name: str
    kinds: dict[str, Kind]
    can_upload: Callable[[Any, str], bool]
    finish: Callable[[Any], Any]
    describe: Callable[[Any], dict] | None = field(default=None)

    def kind(self, name: str) -> Kind | None:
        return self.kinds.get(name)

    def as_json(self, obj) -> dict:
        """What the page receives about the object ``finish`` returned."""
        if self.describe is not None:
            return self.describe(obj)
        if isinstance(obj, dict):
            return obj
        return {"id": getattr(obj, "pk", None), "label": str(obj)}


_purposes: dict[str, Purpose] = {}


def register_purpose(
    name: str,
    *,
    kinds: Iterable[Kind],
    can_upload: Callable[[Any, str], bool],
    finish: Callable[[Any], Any],
    describe: Callable[[Any], dict] | None = None,
    replace: bool = False,
) -> Purpose:
    """Register what uploads for ``name`` accept and what happens to them (see the module's docstring)."""
    if name in _purposes and not replace:
        raise ImproperlyConfigured(f"Upload purpose {name!r} is already registered.")
    kinds = {kind.name: kind for kind in kinds}
    if not kinds:
        raise ImproperlyConfigured(f"Upload purpose {name!r} accepts no kind of file.")
    purpose = Purpose(name, kinds, can_upload, finish, describe)
    _purposes[name] = purpose
    return purpose


def unregister_purpose(name: str) -> None:
    _purposes.pop(name, None)


def get_purpose(name: str) -> Purpose | None:
    return _purposes.get(name)


def largest_accepted() -> int:
    """The largest file any registered purpose accepts (the ``Tus-Max-Size`` the server announces)."""
    sizes = [kind.max_bytes for purpose in _purposes.values() for kind in purpose.kinds.values()]
    return max(sizes, default=0)

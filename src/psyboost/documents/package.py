"""申报材料 as one ZIP, ``<单位名称>心理助推申报.zip``: the printed form (PDF and DOCX) and every attachment.

The ZIP is written into a generator: ``zipfile`` writes to a sink that is drained after every chunk, and each file
is read from storage (local disk or S3) in 1 MiB pieces, so the serving process holds one chunk, never the archive.
Every entry is stored uncompressed: photos, videos, PDFs and DOCX are compressed already. Entries carry data
descriptors (the sink cannot seek back), and ZIP64 when a file passes 4 GiB.
"""

import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

from psyboost.applications.choices import AttachmentKind
from psyboost.applications.models import Application, Attachment
from psyboost.uploads.metadata import WINDOWS_RESERVED, safe_download_name

CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_name(name: str, default: str = "文件") -> str:
    """A name fit for a ZIP entry on any system: no folders, no characters Windows refuses, no leading dots."""
    name = "".join(char for char in name or "" if unicodedata.category(char) not in ("Cc", "Cf"))  # bidi too
    name = " ".join(_UNSAFE.sub("_", name).split()).lstrip(". ")[:150].rstrip(". ")
    if name.split(".", 1)[0].strip().upper() in WINDOWS_RESERVED:
        name = f"_{name}"
    return name or default


def package_name(application: Application) -> str:
    return f"{safe_name(application.unit.name)}心理助推申报.zip"


def form_stem(application: Application) -> str:
    """申报表（2020-007）, or 申报表（草稿） before submission."""
    return f"申报表（{application.display_number or '草稿'}）"


@dataclass(frozen=True)
class Member:
    """One file of the package: its path inside the ZIP, and either bytes or a storage name to stream."""

    path: str
    data: bytes | None = None
    storage_name: str = ""
    size: int = 0
    when: datetime | None = None


def attachment_members(application: Application, root: str) -> list[Member]:
    """Every attachment as ``附件/<kind>/<NN>-<original name>``, in the form's order of kinds then upload order."""
    by_kind = defaultdict(list)
    for attachment in Attachment.objects.filter(application=application).order_by("uploaded_at", "id"):
        by_kind[attachment.kind].append(attachment)
    members = []
    for kind in AttachmentKind:
        for index, attachment in enumerate(by_kind[kind.value], start=1):
            name = safe_download_name(attachment.original_name, attachment.content_type, default="文件")
            path = f"{root}附件/{safe_name(str(kind.label))}/{index:02d}-{name}"
            members.append(
                Member(path, storage_name=attachment.file.name, size=attachment.size, when=attachment.uploaded_at)
            )
    return members


class _Sink:
    """A write-only, forward-only file for ``zipfile``: keeps what was written until ``drain``."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def open_for_streaming(name: str):
    """A stored file to read in pieces. On S3 the object's body is read as it arrives: ``storage.open`` would first
    download the whole object into a temporary file (django-storages' S3File)."""
    storage = default_storage
    bucket = getattr(storage, "bucket", None)
    if bucket is not None and hasattr(storage, "_normalize_name"):
        from storages.utils import clean_name

        return closing(bucket.Object(storage._normalize_name(clean_name(name))).get()["Body"])
    return storage.open(name, "rb")


def _info(member: Member, default_when: datetime) -> zipfile.ZipInfo:
    when = timezone.localtime(member.when or default_when)
    info = zipfile.ZipInfo(member.path, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = member.size or len(member.data or b"")  # lets zipfile choose ZIP64 ahead for huge files
    info.external_attr = 0o644 << 16
    return info


def stream_zip(members: list[Member], chunk_size: int = CHUNK) -> Iterator[bytes]:
    """The ZIP of ``members``, chunk by chunk."""
    sink = _Sink()
    now = timezone.now()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for member in members:
            with archive.open(_info(member, now), mode="w") as entry:
                if member.data is not None:
                    entry.write(member.data)
                else:
                    with open_for_streaming(member.storage_name) as source:
                        while chunk := source.read(chunk_size):
                            entry.write(chunk)
                            yield sink.drain()
            yield sink.drain()
    yield sink.drain()


def zip_length(members: list[Member]) -> int:
    """The exact size of ``stream_zip(members)``, known before the first byte (sent as Content-Length, so that a
    download cut short is an error in the browser, never a complete-looking truncated file). The archive is
    written without the stored files' bytes, whose sizes are then added: every header depends on the sizes only
    (``_info`` sets them), not on the bytes. Exact for archives below 4 GiB (larger ones are built in the
    background and served as a file, ``packages``)."""
    sink = _Sink()
    now = timezone.now()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for member in members:
            with archive.open(_info(member, now), mode="w") as entry:
                if member.data is not None:
                    entry.write(member.data)
            sink.drain()
    return sink.tell() + sum(member.size for member in members if member.data is None)


def package_members(
    application: Application, pdf_document, docx_document, *, pdf_data: bytes | None = None, docx_data=None
) -> list[Member]:
    """The package's files in order: the PDF, the DOCX, then every attachment, all in one folder. The printed forms
    are the stored ones, or ``pdf_data``/``docx_data`` rendered for this reader (contacts masked for experts)."""
    root = package_name(application).removesuffix(".zip") + "/"
    stem = form_stem(application)

    def printed(extension, data, document):
        if data is not None:
            return Member(f"{root}{stem}.{extension}", data=data)
        return Member(
            f"{root}{stem}.{extension}",
            storage_name=document.file.name,
            size=document.size,
            when=document.rendered_at,
        )

    return [
        printed("pdf", pdf_data, pdf_document),
        printed("docx", docx_data, docx_document),
        *attachment_members(application, root),
    ]

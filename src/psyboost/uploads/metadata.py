"""The tus ``Upload-Metadata`` header and the user's file name: parsing and cleaning, no I/O.

The header is ``key base64value,key2 base64value2,flag``: comma-separated pairs, the key printable ASCII without
space or comma, the value base64 (here: of UTF-8 text), the value and its space may be left out.
"""

import base64
import binascii
import re
import unicodedata

from django.utils.translation import gettext as _

from .errors import BAD_REQUEST, UploadRefused

MAX_HEADER_LENGTH = 8 * 1024
MAX_NAME_LENGTH = 200
KEY = re.compile(r"[\x21-\x2b\x2d-\x7e]+")


class MetadataError(UploadRefused):
    def __init__(self, detail):
        super().__init__(_("上传信息（Upload-Metadata）格式错误：%(detail)s") % {"detail": detail}, BAD_REQUEST)


def parse_metadata(header: str) -> dict[str, str]:
    """The pairs of an ``Upload-Metadata`` header, values decoded to text; ``MetadataError`` if malformed."""
    if len(header) > MAX_HEADER_LENGTH:
        raise MetadataError(_("内容过长。"))
    pairs: dict[str, str] = {}
    if not header.strip(" \t"):
        return pairs
    for item in header.split(","):
        parts = item.strip(" \t").split(" ")
        if len(parts) > 2:
            raise MetadataError(_("键与值之间只能有一个空格。"))
        key = parts[0]
        if not KEY.fullmatch(key):
            raise MetadataError(_("键名无效。"))
        if key in pairs:
            raise MetadataError(_("键名“%(key)s”重复。") % {"key": key})
        pairs[key] = _decode(parts[1] if len(parts) == 2 else "", key)
    return pairs


def _decode(value: str, key: str) -> str:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (UnicodeError, binascii.Error, ValueError):
        raise MetadataError(_("“%(key)s”的值不是 UTF-8 文本的 base64 编码。") % {"key": key}) from None


def encode_metadata(pairs: dict[str, str]) -> str:
    """The header for ``pairs`` (what a client sends); an empty value is sent as the key alone."""
    items = []
    for key, value in pairs.items():
        if not KEY.fullmatch(key):
            raise ValueError(f"invalid Upload-Metadata key: {key!r}")
        items.append(f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}" if value else key)
    return ",".join(items)


def clean_filename(name: str, default: str = "file") -> str:
    """The user's file name fit to keep and to offer back on download: no folders (``C:\\fakepath\\``), no control
    or format characters, no leading dots or spaces, at most 200 characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(char) == "Zs" else char for char in name)
    name = "".join(char for char in name if unicodedata.category(char)[0] not in "CZ" or char == " ")
    name = " ".join(name.split()).lstrip(". ").rstrip(" ")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH]
    return name or default


# Names Windows reserves for devices, with or without an extension (``CON.jpg`` opens the console).
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}
_WINDOWS_REFUSED = re.compile(r'[\\/:*?"<>|]')
# The extension a download gets from the type its content was detected as: never the one the user wrote.
TYPE_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


def safe_download_name(name: str, content_type: str, default: str = "file") -> str:
    """``name`` fit to download or to put in a ZIP on any system: cleaned (``clean_filename``: no folders, control or
    bidi characters), no character Windows refuses, no reserved device name, and the extension of ``content_type``
    (``readme.html`` holding a JPEG is ``readme.jpg``, ``setup.exe`` is ``setup.jpg``; an unknown type ``.bin``)."""
    name = _WINDOWS_REFUSED.sub("_", clean_filename(name, default=default))
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10 or " " in extension:
        stem = name
    stem = stem.rstrip(". ") or default
    if stem.split(".", 1)[0].strip().upper() in WINDOWS_RESERVED:
        stem = f"_{stem}"
    suffix = TYPE_EXTENSIONS.get(content_type, ".bin")
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix

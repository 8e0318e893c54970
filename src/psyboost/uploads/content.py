"""What a file really is, by its content (magic bytes), never by its name; and whether it is whole.

``inspect_file`` is the one entry: it answers the content type and the extension the stored file gets, or refuses
with a message for the user. Images are opened with Pillow (truncated or corrupt ones are refused); PDFs must end
with ``%%EOF``; MP4/MOV files must consist of whole ISO boxes starting with ``ftyp`` and holding a ``moov``.
Nothing here reads a whole file into memory.
"""

import hashlib
import os
import struct
import warnings
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile

from . import conf, pdfs
from .errors import TOO_LARGE, UNPROCESSABLE, UNSUPPORTED_TYPE, UploadRefused
from .registry import GIF, JPEG, MP4, PDF, PNG, QUICKTIME, WEBP, Kind

HEIF = "image/heif"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", GIF: ".gif", WEBP: ".webp", MP4: ".mp4", QUICKTIME: ".mov", PDF: ".pdf"}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", GIF: "GIF", WEBP: "WEBP"}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1", b"avif"}
HEIF_BRANDS |= {b"avis"}
MP4_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VP"}
MP4_BRANDS |= {b"MSNV", b"dash", b"mmp4", b"f4v ", b"XAVC", b"NDAS"}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!")
MAX_BOXES = 100_000
BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str


def describe(content_type: str) -> str:
    return {
        JPEG: _("JPEG 图片"),
        PNG: _("PNG 图片"),
        GIF: _("GIF 图片"),
        WEBP: _("WebP 图片"),
        MP4: _("MP4 视频"),
        QUICKTIME: _("MOV 视频"),
        PDF: _("PDF 文档"),
        HEIF: _("HEIC/HEIF 图片"),
    }.get(content_type, content_type)


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file announce, or None if none this site knows."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head[4:8] == b"ftyp" and len(head) >= 12:
        return _iso_media_type(head)
    return None


def _iso_media_type(head: bytes) -> str | None:
    box_size = struct.unpack(">I", head[:4])[0]
    brands = [head[8:12]]
    compatible = head[16 : min(box_size, len(head))]
    brands += [compatible[i : i + 4] for i in range(0, len(compatible) - 3, 4)]
    if brands[0] == b"qt  ":
        return QUICKTIME
    if brands[0] in HEIF_BRANDS:
        return HEIF
    if any(brand in MP4_BRANDS for brand in brands):
        return MP4
    return None


def check_size(kind: Kind, size: int) -> None:
    """Refuse an empty file, or one larger than the kind allows (checked before any byte is sent)."""
    if size <= 0:
        raise UploadRefused(_("文件为空（0 字节），请重新选择文件。"), UNPROCESSABLE)
    if size > kind.max_bytes:
        raise UploadRefused(
            _("“%(kind)s”的文件不能超过 %(limit)s，所选文件为 %(size)s。")
            % {"kind": kind.label, "limit": filesizeformat(kind.max_bytes), "size": filesizeformat(size)},
            TOO_LARGE,
        )


def inspect_file(path, kind: Kind) -> Checked:
    """Check the file at ``path`` for ``kind``: size, type by content, and that it is whole."""
    size = os.path.getsize(path)
    check_size(kind, size)
    with open(path, "rb") as fileobj:
        head = fileobj.read(64)
    content_type = sniff(head)
    if content_type not in kind.family.content_types:
        raise UploadRefused(_wrong_type_message(kind, head, content_type), UNSUPPORTED_TYPE)
    if content_type in PILLOW_FORMATS:
        _check_image(path, content_type)
    elif content_type == PDF:
        _check_pdf(path, size)
    else:
        _check_iso_media(path, size, content_type)
    return Checked(content_type, EXTENSIONS[content_type])


def _wrong_type_message(kind: Kind, head: bytes, content_type: str | None) -> str:
    accepts = {"kind": kind.label, "accepted": kind.family.label}
    if content_type == HEIF:
        message = _("“%(kind)s”暂不支持 HEIC/HEIF 格式。请转换为 JPEG 后上传")
        return (message + _("（iPhone 可在“设置 › 相机 › 格式”中选择“兼容性最佳”）。")) % accepts
    if content_type is not None:
        return _("“%(kind)s”只接受%(accepted)s，所选文件的内容是%(found)s。") % {
            **accepts,
            "found": describe(content_type),
        }
    if head.startswith(EXECUTABLE_MAGIC):
        return _("所选文件实际是可执行程序，不能上传（与文件名无关）。“%(kind)s”只接受%(accepted)s。") % accepts
    return _("无法识别所选文件的格式（按文件内容判断，与文件名无关）。“%(kind)s”只接受%(accepted)s。") % accepts


def _broken(content_type: str) -> UploadRefused:
    return UploadRefused(
        _("%(type)s文件不完整或已损坏，请重新导出或保存后再上传。") % {"type": describe(content_type)}, UNPROCESSABLE
    )


def _check_image(path, content_type: str) -> None:
    """Pillow must open it as the sniffed format and read it to the end. Every format is refused above the pixel
    limit before anything is decoded; then JPEGs are decoded at 1/8 scale and PNGs only checksummed, so memory stays
    small; GIF and WebP are decoded."""
    pillow_format = PILLOW_FORMATS[content_type]
    # WeasyPrint (the printed forms) sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when imported:
    # a truncated image must still be refused here.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=[pillow_format]) as image:
                pixels = image.width * image.height  # from the header: nothing is decoded yet, for any format
                if pixels > conf.max_image_pixels():
                    raise UploadRefused(
                        _("图片尺寸过大（%(width)d×%(height)d 像素），请缩小后上传。")
                        % {"width": image.width, "height": image.height},
                        UNPROCESSABLE,
                    )
                image.verify()
            if content_type != PNG:  # PNG's verify already read every chunk to IEND and checked its CRC
                with Image.open(path, formats=[pillow_format]) as image:
                    if content_type == JPEG:
                        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
    except Image.DecompressionBombError:
        raise UploadRefused(_("图片尺寸过大，请缩小后上传。"), UNPROCESSABLE) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError):
        raise _broken(content_type) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def _check_pdf(path, size: int) -> None:
    with open(path, "rb") as fileobj:
        fileobj.seek(max(0, size - 1024))
        if b"%%EOF" not in fileobj.read():
            raise _broken(PDF)
        fileobj.seek(0)
        data = fileobj.read()
    try:
        found = pdfs.active_content(data)
    except pdfs.TooComplex:
        found = "streams"
    if found is not None:
        raise UploadRefused(
            _(
                "PDF 文件含有脚本、启动程序、嵌入文件等主动内容（%(found)s），不能上传。"
                "请用“打印”→“另存为 PDF”重新生成后再上传。"
            )
            % {"found": found},
            UNPROCESSABLE,
        )


def _check_iso_media(path, size: int, content_type: str) -> None:
    """The top-level boxes must tile the file exactly, start with ``ftyp`` and include ``moov``."""
    types = set()
    offset = count = 0
    with open(path, "rb") as fileobj:
        while offset < size:
            count += 1
            if count > MAX_BOXES:
                raise _broken(content_type)
            fileobj.seek(offset)
            header = fileobj.read(16)
            if len(header) < 8:
                raise _broken(content_type)
            box_size, box_type = struct.unpack(">I4s", header[:8])
            if box_size == 1:
                if len(header) < 16:
                    raise _broken(content_type)
                box_size = struct.unpack(">Q", header[8:16])[0]
            elif box_size == 0:
                box_size = size - offset
            if box_size < 8 or offset + box_size > size or not all(32 <= byte < 127 for byte in box_type):
                raise _broken(content_type)
            if offset == 0 and box_type != b"ftyp":
                raise _broken(content_type)
            types.add(box_type)
            offset += box_size
    if b"moov" not in types:
        raise _broken(content_type)


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fileobj:
        while block := fileobj.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()

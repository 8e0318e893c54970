"""JPEG thumbnails of stored images, made once and kept in the default storage next to nothing the user named."""

import io
import logging
import struct
import warnings

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from . import conf

logger = logging.getLogger(__name__)

MIN_SIZE, MAX_SIZE = 16, 2048
QUALITY = 85


def thumbnail_name(storage_name: str, size: int) -> str:
    stem = storage_name.rsplit(".", 1)[0] if "." in storage_name.rsplit("/", 1)[-1] else storage_name
    return f"thumbnails/{size}/{stem}.jpg"


def thumbnail(storage_name: str, size: int = 320) -> str | None:
    """The storage name of a JPEG at most ``size`` pixels wide and high showing the image ``storage_name``, upright
    as its EXIF orientation says; made on the first call, then read from the storage. None if the file is not an
    image Pillow can read (a PDF, a video). Serve it with ``serve_file(..., "image/jpeg", inline=True)``."""
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"thumbnail size must be between {MIN_SIZE} and {MAX_SIZE}, not {size}")
    name = thumbnail_name(storage_name, size)
    if default_storage.exists(name):
        return name
    data = _render(storage_name, size)
    if data is None:
        return None
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another request made it at the same moment: keep theirs
        default_storage.delete(saved)
    return name


def _render(storage_name: str, size: int) -> bytes | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with default_storage.open(storage_name, "rb") as source, Image.open(source) as image:
                if image.format not in ("JPEG", "PNG", "GIF", "WEBP"):
                    return None
                if image.format != "JPEG" and image.width * image.height > conf.max_image_pixels():
                    return None
                image.draft("RGB", (size, size))  # JPEG: decode at a reduced scale, at least ``size`` wide
                image = ImageOps.exif_transpose(image)
                image.thumbnail((size, size), Image.Resampling.LANCZOS)
                picture = _flatten(image)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, Image.DecompressionBombError):
        logger.warning("no thumbnail for %s", storage_name, exc_info=True)
        return None
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=QUALITY, optimize=True)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")

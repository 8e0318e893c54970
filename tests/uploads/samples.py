"""Small real files of every type the engine knows, built in memory."""

import io
import struct
import zlib

from PIL import Image


def image_bytes(fmt: str = "JPEG", size=(40, 20), color=(200, 30, 30), mode: str = "RGB", exif_orientation=None):
    image = Image.new(mode, size, color)
    buffer = io.BytesIO()
    options = {}
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        options["exif"] = exif.tobytes()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(**kwargs) -> bytes:
    return image_bytes("JPEG", **kwargs)


def png(**kwargs) -> bytes:
    return image_bytes("PNG", **kwargs)


def gif() -> bytes:
    return image_bytes("GIF", mode="P", color=1)


def webp() -> bytes:
    return image_bytes("WEBP")


def noisy_jpeg(size=(300, 200)) -> bytes:
    """A JPEG with enough entropy that cutting it short leaves a truncated scan."""
    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def ftyp(major: bytes = b"isom", compatible=(b"isom", b"mp42")) -> bytes:
    return box(b"ftyp", major + struct.pack(">I", 512) + b"".join(compatible))


def mp4(payload: int = 1000, major: bytes = b"isom") -> bytes:
    """ftyp, a small moov and an mdat of ``payload`` zero bytes: whole boxes, as the checks want them."""
    compatible = (b"qt  ",) if major == b"qt  " else (b"isom", b"mp42")
    return ftyp(major, compatible) + box(b"moov", box(b"mvhd", bytes(100))) + box(b"mdat", bytes(payload))


def mov(payload: int = 1000) -> bytes:
    return mp4(payload, major=b"qt  ")


def heic() -> bytes:
    return ftyp(b"heic", (b"mif1", b"heic")) + box(b"meta", bytes(40))


def exe() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(500) + b"This program cannot be run in DOS mode."
    )


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` pixels in its header (its data is a few bytes: never decode it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    """A baseline JPEG frame header of ``width``×``height`` pixels with an empty scan."""
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"".join(bytes([i, 0x11, 0]) for i in (1, 2, 3))
    scan = struct.pack(">B", 3) + b"".join(bytes([i, 0]) for i in (1, 2, 3)) + b"\x00\x3f\x00"
    return (
        b"\xff\xd8\xff\xc0"
        + struct.pack(">H", len(frame) + 2)
        + frame
        + b"\xff\xda"
        + struct.pack(">H", len(scan) + 2)
        + scan
        + b"\x00" * 10
        + b"\xff\xd9"
    )


def pdf_with(body: bytes) -> bytes:
    """A small PDF whose catalog carries ``body`` (e.g. an ``/OpenAction``)."""
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + body + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def pdf_with_object_stream(body: bytes) -> bytes:
    """The same, with the catalog hidden in a Flate-compressed object stream."""
    packed = zlib.compress(b"1 0 << /Type /Catalog " + body + b" >>")
    return (
        b"%PDF-1.5\n3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )

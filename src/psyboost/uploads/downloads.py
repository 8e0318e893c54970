"""Serving a stored file: streamed from the default storage, with byte ranges (so MP4 videos seek in the browser).

Who sends the bytes is a setting (``PSYBOOST_FILE_DELIVERY``), decided after the view's permission check:
``django`` (the default: this process streams the file, fine without a proxy), ``nginx`` (an empty response with
``X-Accel-Redirect: PSYBOOST_X_ACCEL_PREFIX + name``: nginx sends the file from its ``internal`` location, with
ranges and Content-Length, and the gunicorn worker is free at once, whatever the client's line), ``s3`` (a 302 to
a presigned URL valid ``PSYBOOST_PRESIGNED_SECONDS``, naming the download and its type).

``serve_file`` checks NO permission: the calling view must decide first whether ``request.user`` may see the file
(e.g. ``@permission_required("applications.view_application", fn=...)``), and must pass a storage name it read from
its own record, never one taken from the URL.
"""

import hashlib
import re
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from .metadata import safe_download_name
from .registry import GIF, JPEG, MP4, PDF, PNG, QUICKTIME, WEBP

# Only these are ever shown inline; anything else is always a download, so no stored file can act as a web page.
INLINE_TYPES = {JPEG, PNG, GIF, WEBP, MP4, QUICKTIME, PDF}
BLOCK_SIZE = 64 * 1024
RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class _RangeReader:
    """Reads ``length`` bytes of ``fileobj`` from ``start``; closes it when done (FileResponse calls close)."""

    def __init__(self, fileobj, start: int, length: int):
        self._file = fileobj
        self._left = length
        fileobj.seek(start)

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._file.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._file.close()


def parse_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """The byte range ``(first, last)`` a ``Range`` header asks for; None to send the whole file (a syntax not
    served here, e.g. several ranges, or an invalid one); False when the range lies outside the file (416)."""
    match = RANGE.fullmatch(header.replace(" ", ""))
    if not match:
        return None
    first_text, last_text = match.groups()
    if not first_text:
        if not last_text:
            return None
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            return False
        return max(0, size - suffix), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        return False
    return first, min(int(last_text), size - 1) if last_text else size - 1


def serve_file(
    request,
    storage_name: str,
    download_name: str,
    content_type: str,
    inline: bool = False,
    cache_control: str = "private, no-store",  # personal data: never kept in a browser's cache
):
    """Stream ``storage_name`` from the default storage as ``download_name``; 206 for a byte range.

    The caller has checked permission (see the module's docstring). ``inline`` shows images, videos and PDFs in the
    browser; any other type is always sent as a download. Nothing is kept in the browser's cache by default
    (``cache_control``): the files carry personal data."""
    delivery = getattr(settings, "PSYBOOST_FILE_DELIVERY", "django")
    if delivery == "s3":
        return _presigned(
            storage_name, content_type, safe_download_name(download_name, content_type, default="download"), inline
        )
    try:
        size = default_storage.size(storage_name)
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    etag = '"' + hashlib.sha256(f"{storage_name}:{size}".encode()).hexdigest()[:32] + '"'
    inline = inline and content_type in INLINE_TYPES
    filename = safe_download_name(download_name, content_type, default="download")
    if request.headers.get("If-None-Match") == etag:
        return _finish(HttpResponse(status=304), etag, filename, inline, cache_control)
    if delivery == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PSYBOOST_X_ACCEL_PREFIX + quote(storage_name)
        return _finish(response, etag, filename, inline, cache_control)
    wanted = parse_range(request.headers.get("Range", ""), size) if request.headers.get("Range") else None
    if wanted is not None and request.headers.get("If-Range") not in (None, etag):
        wanted = None  # the client's copy is of another file: send the whole
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _finish(response, etag, filename, inline, cache_control)
    first, last = wanted if wanted else (0, size - 1)
    length = last - first + 1 if size else 0
    reader = _RangeReader(default_storage.open(storage_name, "rb"), first, length)
    response = FileResponse(reader, content_type=content_type, status=206 if wanted else 200)
    response.block_size = BLOCK_SIZE
    response["Content-Length"] = str(length)
    if wanted:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return _finish(response, etag, filename, inline, cache_control)


def _presigned(storage_name: str, content_type: str, filename: str, inline: bool) -> HttpResponse:
    """A redirect to a short-lived presigned URL of the object (S3 sends the bytes, ranges included)."""
    inline = inline and content_type in INLINE_TYPES
    disposition = content_disposition_header(as_attachment=not inline, filename=filename)
    url = default_storage.url(
        storage_name,
        parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
        expire=settings.PSYBOOST_PRESIGNED_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def _finish(response: HttpResponse, etag: str, filename: str, inline: bool, cache_control: str) -> HttpResponse:
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response

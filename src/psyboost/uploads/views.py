"""The tus 1.0 endpoints (core, creation, termination, expiration), plus GET for the result as JSON.

``/uploads/``: OPTIONS (what the server supports), POST (start an upload; headers Upload-Length and
Upload-Metadata with filename, kind, purpose and target). ``/uploads/<id>/``: HEAD (the offset), PATCH (append
bytes, ``Content-Type: application/offset+octet-stream``), DELETE (cancel), GET (state and, once done, the JSON the
purpose's finisher returned). Errors answer ``{"error": "<message>"}`` with a 4xx status. CSRF protection stays on:
the page's script sends X-CSRFToken. Only the user who started an upload can see or touch it (404 for anyone else).
"""

import re
from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _

from . import body, services
from .errors import BAD_REQUEST, FORBIDDEN, GONE, NOT_FOUND, PRECONDITION_FAILED, UNSUPPORTED_TYPE, UploadRefused
from .metadata import encode_metadata, parse_metadata
from .models import State, Upload
from .registry import largest_accepted

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,expiration"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
NUMBER = re.compile(r"\d{1,19}")


def _tus_headers(response: HttpResponse) -> HttpResponse:
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    return response


def error_response(message: str, status: int) -> HttpResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == PRECONDITION_FAILED:
        response["Tus-Version"] = TUS_VERSION
    return _tus_headers(response)


def tus_endpoint(view):
    """Sign-in and the Tus-Resumable header checked, refusals turned into JSON errors, tus headers added."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "OPTIONS":
            if not request.user.has_perm("uploads.upload"):
                return error_response(_("登录已失效，请重新登录后再上传。"), FORBIDDEN)
            if request.method != "GET" and request.headers.get("Tus-Resumable") != TUS_VERSION:
                return error_response(_("不支持的上传协议版本，请刷新页面后重试。"), PRECONDITION_FAILED)
        try:
            response = view(request, *args, **kwargs)
        except UploadRefused as refusal:
            return error_response(refusal.message, refusal.status)
        return _tus_headers(response)

    return wrapped


def _options() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = TUS_EXTENSIONS
    if largest := largest_accepted():
        response["Tus-Max-Size"] = str(largest)
    return response


def _number(request, header: str) -> int:
    value = request.headers.get(header, "")
    if not NUMBER.fullmatch(value):
        raise UploadRefused(_("请求头 %(header)s 缺失或无效。") % {"header": header}, BAD_REQUEST)
    return int(value)


@tus_endpoint
def collection(request):
    if request.method == "OPTIONS":
        return _options()
    if request.method != "POST":
        return HttpResponseNotAllowed(["OPTIONS", "POST"])
    if "Upload-Defer-Length" in request.headers:
        raise UploadRefused(_("上传前须告知文件大小。"), BAD_REQUEST)
    length = _number(request, "Upload-Length")
    metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
    upload = services.start_upload(
        request.user,
        purpose=metadata.get("purpose", ""),
        kind=metadata.get("kind", ""),
        target_id=metadata.get("target", ""),
        length=length,
        filename=metadata.get("filename") or metadata.get("name", ""),
    )
    response = HttpResponse(status=201)
    response["Location"] = reverse("uploads:upload", args=[upload.id])
    response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    return response


@tus_endpoint
def resource(request, upload_id):
    if request.method == "OPTIONS":
        return _options()
    upload = Upload.objects.filter(pk=upload_id, user=request.user).first()
    if upload is None:
        raise UploadRefused(_("找不到这次上传，请重新选择文件。"), NOT_FOUND)
    if request.method == "HEAD":
        return _head(upload)
    if request.method == "PATCH":
        return _patch(request, upload)
    if request.method == "DELETE":
        services.cancel(upload, request.user)
        return HttpResponse(status=204)
    if request.method == "GET":
        return _status(upload)
    return HttpResponseNotAllowed(["OPTIONS", "HEAD", "PATCH", "DELETE", "GET"])


def _head(upload: Upload) -> HttpResponse:
    offset = upload.length if upload.state == State.DONE else services.current_offset(upload)
    response = HttpResponse(status=200)
    response["Upload-Offset"] = str(offset)
    response["Upload-Length"] = str(upload.length)
    response["Upload-Metadata"] = encode_metadata(
        {"filename": upload.original_name, "kind": upload.kind, "purpose": upload.purpose, "target": upload.target_id}
    )
    if upload.state == State.RECEIVING:
        response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    return response


def _patch(request, upload: Upload) -> HttpResponse:
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != OFFSET_CONTENT_TYPE:
        raise UploadRefused(_("请求格式错误（Content-Type）。"), UNSUPPORTED_TYPE)
    offset = _number(request, "Upload-Offset")
    length_header = request.META.get("CONTENT_LENGTH") or ""
    content_length = int(length_header) if NUMBER.fullmatch(length_header) else None
    copy = body.copier_of(request.META, request.read, content_length or 0)
    upload = services.receive(upload, offset=offset, copy=copy, content_length=content_length)
    response = HttpResponse(status=204)
    response["Upload-Offset"] = str(upload.offset)
    if upload.state == State.RECEIVING:
        response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    return response


def _status(upload: Upload) -> HttpResponse:
    data = {
        "id": str(upload.id),
        "state": upload.state,
        "name": upload.original_name,
        "kind": upload.kind,
        "offset": upload.length if upload.state == State.DONE else upload.offset,
        "length": upload.length,
    }
    if upload.state == State.DONE:
        data["result"] = upload.result
    if upload.state in (State.FAILED, State.CANCELLED, State.EXPIRED):
        return JsonResponse(
            {**data, "error": services.gone_message(upload)}, status=GONE, json_dumps_params={"ensure_ascii": False}
        )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})

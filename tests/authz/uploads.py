"""Entries for ``uploads:*``, the tus upload endpoints: JSON answers, never a login page.

Any signed-in user may start an upload (whether it may go to a given object is the purpose's ``can_upload``; the
purposes' own cases belong to the app that registers them). An upload is its starter's alone: anybody else, staff
included, is told it does not exist.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from psyboost.uploads.finishing import temp_path
from psyboost.uploads.metadata import encode_metadata
from psyboost.uploads.models import Upload

from .framework import FORBIDDEN, NO_CONTENT, NOT_ALLOWED, NOT_FOUND, OK, Status, answers, entry, everyone, get, post
from .framework import request as call

TUS = {"Tus-Resumable": "1.0.0"}
BAD_REQUEST = Status(400)
# Signed-out requests are refused with a JSON 403 (the page's script shows its message), not sent to log in.
SIGNED_IN = {"anonymous": FORBIDDEN}


def unit_users_upload(w) -> dict:
    """An unfinished upload (2 of 8 bytes in) started by the role ``unit`` (unit A's user), with its temporary file."""
    upload = Upload.objects.create(
        user=w.users["unit"],
        purpose="unit_document",
        target_id=str(w.unit_a.pk),
        kind="photo",
        length=8,
        offset=2,
        original_name="场地照片.jpg",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    temp_path(upload).write_bytes(b"\xff\xd8")
    return {"upload_id": upload.pk}


def missing_upload(w) -> dict:
    return {"upload_id": uuid.UUID(int=1)}


def owner_only(answer) -> dict:
    return answers(NOT_FOUND, anonymous=FORBIDDEN, unit=answer)


def start_headers(w) -> dict:
    metadata = encode_metadata({"filename": "照片.jpg", "kind": "photo", "purpose": "no_such_purpose", "target": "1"})
    return {**TUS, "Upload-Length": "4", "Upload-Metadata": metadata}


ENTRIES = [
    entry(
        "uploads:collection",
        call("OPTIONS", everyone(NO_CONTENT)),
        get(everyone(NOT_ALLOWED, **SIGNED_IN)),
        post(everyone(BAD_REQUEST, **SIGNED_IN), "unknown purpose", headers=start_headers),
    ),
    entry(
        "uploads:upload",
        get(owner_only(OK), kwargs=unit_users_upload, headers=lambda w: TUS),
        call("HEAD", owner_only(OK), kwargs=unit_users_upload, headers=lambda w: TUS),
        call(
            "PATCH",
            owner_only(NO_CONTENT),
            kwargs=unit_users_upload,
            data=lambda w: b"\xff\xd9",
            headers=lambda w: {**TUS, "Upload-Offset": "2", "Content-Type": "application/offset+octet-stream"},
        ),
        call("DELETE", owner_only(NO_CONTENT), kwargs=unit_users_upload, headers=lambda w: TUS),
        get(answers(NOT_FOUND, **SIGNED_IN), "missing upload", kwargs=missing_upload, headers=lambda w: TUS),
    ),
]

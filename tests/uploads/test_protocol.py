"""The tus 1.0 protocol: create, HEAD, PATCH in chunks, offsets, resume, completion, termination."""

import fcntl
import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from psyboost.audit.models import AuditEntry
from psyboost.uploads.models import State, Upload
from psyboost.uploads.registry import largest_accepted

from . import samples
from .tus import TUS, BrokenStream, create, head, patch, upload_all

pytestmark = pytest.mark.django_db


def test_options_announce_the_protocol(client):
    response = client.options("/uploads/")

    assert response.status_code == 204
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,expiration"
    assert response["Tus-Max-Size"] == str(largest_accepted()) == str(500 * 1024 * 1024)


def test_create_opens_an_upload(unit_client, unit_user, temp_dir):
    response = create(unit_client, 1234, filename="C:\\fakepath\\场地 照片.jpg", target=unit_user.unit_id)

    upload = Upload.objects.get()
    assert response.status_code == 201
    assert response["Location"] == f"/uploads/{upload.id}/"
    assert response["Tus-Resumable"] == "1.0.0"
    assert (upload.user, upload.purpose, upload.kind) == (unit_user, "unit_document", "photo")
    assert (upload.target_id, upload.length, upload.offset) == (str(unit_user.unit_id), 1234, 0)
    assert upload.original_name == "场地 照片.jpg"
    assert upload.state == State.RECEIVING
    assert upload.expires_at - upload.created_at == pytest.approx(timedelta(hours=24), abs=timedelta(seconds=1))
    assert (temp_dir / f"{upload.id.hex}.part").read_bytes() == b""
    entry = AuditEntry.objects.get(action="uploads.started")
    assert (entry.actor, entry.target_id, entry.data["length"]) == (unit_user, str(upload.id), 1234)


def test_head_answers_the_offset(unit_client, unit_user):
    url = create(unit_client, 1000, target=unit_user.unit_id)["Location"]

    response = head(unit_client, url)

    assert response.status_code == 200
    assert (response["Upload-Offset"], response["Upload-Length"]) == ("0", "1000")
    assert response["Cache-Control"] == "no-store"
    assert response["Tus-Resumable"] == "1.0.0"


def test_patch_in_several_chunks_then_finish(unit_client, unit_user, finisher, temp_dir):
    data = samples.noisy_jpeg()
    url = create(unit_client, len(data), filename="场地.jpg", target=unit_user.unit_id)["Location"]
    upload = Upload.objects.get()
    third = len(data) // 3

    offsets = []
    for start, end in [(0, third), (third, 2 * third), (2 * third, len(data))]:
        response = patch(unit_client, url, start, data[start:end])
        assert response.status_code == 204, response.content
        offsets.append(int(response["Upload-Offset"]))
        if end < len(data):
            assert int(head(unit_client, url)["Upload-Offset"]) == end
            assert finisher.uploads == []

    upload.refresh_from_db()
    assert offsets == [third, 2 * third, len(data)]
    assert finisher.uploads == [upload.pk]
    assert upload.state == State.DONE
    assert upload.content_type == "image/jpeg"
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert re.fullmatch(rf"uploads/\d{{4}}/\d{{2}}/{upload.id.hex}\.jpg", upload.storage_name)
    with default_storage.open(upload.storage_name, "rb") as stored:
        assert stored.read() == data
    assert not (temp_dir / f"{upload.id.hex}.part").exists()
    status = unit_client.get(url).json()
    assert status == {
        "id": str(upload.id),
        "state": "done",
        "name": "场地.jpg",
        "kind": "photo",
        "offset": len(data),
        "length": len(data),
        "result": {
            "upload": str(upload.id),
            "name": "场地.jpg",
            "size": len(data),
            "kind": "photo",
            "content_type": "image/jpeg",
            "sha256": hashlib.sha256(data).hexdigest(),
            "object": {"unit": unit_user.unit.name, "stored": upload.storage_name, "name": "场地.jpg"},
        },
    }
    finished = AuditEntry.objects.get(action="uploads.finished")
    assert finished.data["sha256"] == upload.sha256


def test_a_wrong_offset_is_a_conflict(unit_client, unit_user):
    data = samples.jpeg()
    url = create(unit_client, len(data), target=unit_user.unit_id)["Location"]
    assert patch(unit_client, url, 0, data[:10]).status_code == 204

    response = patch(unit_client, url, 5, data[5:20])

    assert response.status_code == 409
    assert response.json() == {"error": "上传进度不一致：服务器已收到 10 字节，而不是 5 字节，请从服务器的进度继续。"}
    assert head(unit_client, url)["Upload-Offset"] == "10"


@pytest.mark.parametrize("error", [False, True], ids=["eof", "reset"])
def test_resume_after_a_partial_patch(unit_client, unit_user, finisher, error):
    data = samples.noisy_jpeg()
    url = create(unit_client, len(data), target=unit_user.unit_id)["Location"]
    arrived = 3000
    stream = BrokenStream(data[:arrived], error=error)

    response = patch(unit_client, url, 0, b"", CONTENT_LENGTH=str(len(data)), **{"wsgi.input": stream})

    assert response.status_code == 400
    assert response.json() == {"error": "上传中断，已保存 2.9\xa0KB，可继续上传。"}
    assert head(unit_client, url)["Upload-Offset"] == str(arrived)
    assert finisher.uploads == []

    resumed = patch(unit_client, url, arrived, data[arrived:])

    assert resumed.status_code == 204
    assert resumed["Upload-Offset"] == str(len(data))
    upload = Upload.objects.get()
    assert upload.state == State.DONE
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert finisher.uploads == [upload.pk]


def test_the_body_is_read_in_small_pieces(unit_client, unit_user, settings):
    settings.UPLOADS_READ_SIZE = 64 * 1024  # 1 MiB by default; smaller here to see the pieces on a small file
    data = samples.mp4(payload=300_000)
    url = create(unit_client, len(data), kind="video", target=unit_user.unit_id)["Location"]
    stream = BrokenStream(data)

    response = patch(unit_client, url, 0, b"", CONTENT_LENGTH=str(len(data)), **{"wsgi.input": stream})

    assert response.status_code == 204
    assert len(data) == 300_148
    assert stream.requested == [64 * 1024] * 4 + [300_148 - 4 * 64 * 1024]
    assert Upload.objects.get().state == State.DONE


def test_the_finisher_is_called_exactly_once(unit_client, unit_user, finisher):
    data = samples.png()
    response, url = upload_all(unit_client, data, target=unit_user.unit_id)
    assert response.status_code == 204

    repeated = patch(unit_client, url, len(data), b"")
    more = patch(unit_client, url, len(data), b"x")
    again = patch(unit_client, url, 0, data)

    assert repeated.status_code == 204
    assert repeated["Upload-Offset"] == str(len(data))
    assert more.status_code == 409
    assert again.status_code == 409
    assert again.json() == {"error": "此文件已上传完成。"}
    assert head(unit_client, url)["Upload-Offset"] == str(len(data))
    assert finisher.uploads == [Upload.objects.get().pk]
    assert AuditEntry.objects.filter(action="uploads.finished").count() == 1


def test_an_empty_patch_at_the_end_finishes_a_complete_upload(unit_client, unit_user, finisher, temp_dir):
    """A worker killed after the last byte was written but before the checks: the client's retry finishes it."""
    data = samples.pdf()
    url = create(unit_client, len(data), kind="scan", target=unit_user.unit_id)["Location"]
    upload = Upload.objects.get()
    (temp_dir / f"{upload.id.hex}.part").write_bytes(data)

    assert head(unit_client, url)["Upload-Offset"] == str(len(data))
    response = patch(unit_client, url, len(data), b"")

    assert response.status_code == 204
    upload.refresh_from_db()
    assert (upload.state, upload.content_type) == (State.DONE, "application/pdf")
    assert upload.storage_name.endswith(".pdf")
    assert finisher.uploads == [upload.pk]


def test_head_trusts_the_bytes_on_disk(unit_client, unit_user, temp_dir):
    """A worker killed mid-PATCH wrote bytes but never recorded the offset: HEAD answers what is on disk."""
    url = create(unit_client, 5000, target=unit_user.unit_id)["Location"]
    upload = Upload.objects.get()
    (temp_dir / f"{upload.id.hex}.part").write_bytes(bytes(1200))

    assert head(unit_client, url)["Upload-Offset"] == "1200"
    upload.refresh_from_db()
    assert upload.offset == 1200


def test_a_request_during_another_gets_locked(unit_client, unit_user, temp_dir):
    url = create(unit_client, 5000, target=unit_user.unit_id)["Location"]
    upload = Upload.objects.get()
    with open(temp_dir / f"{upload.id.hex}.part", "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        response = patch(unit_client, url, 0, b"abc")
        offset = head(unit_client, url)["Upload-Offset"]

    assert response.status_code == 423
    assert response.json() == {"error": "此文件正在上传中，请稍候。"}
    assert offset == "0"
    assert patch(unit_client, url, 0, b"abc").status_code == 204


def test_patch_refusals(unit_client, unit_user):
    url = create(unit_client, 100, target=unit_user.unit_id)["Location"]

    wrong_type = unit_client.generic(
        "PATCH", url, b"abc", content_type="application/octet-stream", headers={**TUS, "Upload-Offset": "0"}
    )
    no_version = unit_client.generic(
        "PATCH", url, b"abc", content_type="application/offset+octet-stream", headers={"Upload-Offset": "0"}
    )
    no_offset = unit_client.generic("PATCH", url, b"abc", content_type="application/offset+octet-stream", headers=TUS)
    too_much = patch(unit_client, url, 0, bytes(101))

    assert (wrong_type.status_code, wrong_type.json()) == (415, {"error": "请求格式错误（Content-Type）。"})
    assert no_version.status_code == 412
    assert no_version["Tus-Version"] == "1.0.0"
    assert no_version.json() == {"error": "不支持的上传协议版本，请刷新页面后重试。"}
    assert (no_offset.status_code, no_offset.json()) == (400, {"error": "请求头 Upload-Offset 缺失或无效。"})
    assert (too_much.status_code, too_much.json()) == (413, {"error": "上传的数据超出了声明的文件大小。"})
    assert head(unit_client, url)["Upload-Offset"] == "0"


def test_create_refusals(unit_client, unit_user):
    no_length = unit_client.post("/uploads/", headers=TUS)
    bad_metadata = unit_client.post(
        "/uploads/", headers={**TUS, "Upload-Length": "10", "Upload-Metadata": "filename 5Zy6*"}
    )
    deferred = unit_client.post("/uploads/", headers={**TUS, "Upload-Defer-Length": "1"})

    assert (no_length.status_code, no_length.json()) == (400, {"error": "请求头 Upload-Length 缺失或无效。"})
    assert bad_metadata.status_code == 400
    assert bad_metadata.json() == {
        "error": "上传信息（Upload-Metadata）格式错误：“filename”的值不是 UTF-8 文本的 base64 编码。"
    }
    assert (deferred.status_code, deferred.json()) == (400, {"error": "上传前须告知文件大小。"})
    assert not Upload.objects.exists()


def test_delete_cancels(unit_client, unit_user, temp_dir):
    url = create(unit_client, 100, target=unit_user.unit_id)["Location"]
    patch(unit_client, url, 0, bytes(40))
    upload = Upload.objects.get()

    response = unit_client.delete(url, headers=TUS)

    assert response.status_code == 204
    upload.refresh_from_db()
    assert upload.state == State.CANCELLED
    assert not (temp_dir / f"{upload.id.hex}.part").exists()
    assert head(unit_client, url).status_code == 410
    assert unit_client.get(url).json()["error"] == "此次上传已取消，请重新选择文件。"
    assert AuditEntry.objects.get(action="uploads.cancelled").data == {"received": 40}


def test_an_expired_upload_is_gone(unit_client, unit_user, temp_dir):
    url = create(unit_client, 100, target=unit_user.unit_id)["Location"]
    upload = Upload.objects.get()
    Upload.objects.filter(pk=upload.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = patch(unit_client, url, 0, bytes(10))

    assert response.status_code == 410
    assert response.json() == {"error": "上传已过期（超过 24 小时未完成），请重新选择文件上传。"}
    upload.refresh_from_db()
    assert upload.state == State.EXPIRED
    assert not (temp_dir / f"{upload.id.hex}.part").exists()


def test_too_many_unfinished_uploads(unit_client, unit_user, settings):
    settings.UPLOADS_MAX_ACTIVE_PER_USER = 2
    for _ in range(2):
        assert create(unit_client, 100, target=unit_user.unit_id).status_code == 201

    response = create(unit_client, 100, target=unit_user.unit_id)

    assert response.status_code == 429
    assert response.json() == {"error": "您同时进行的上传过多，请等已有的上传完成后再试。"}


def test_csrf_protection_stays_on(unit_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_user)
    token = "a" * 32
    client.cookies["csrftoken"] = token

    refused = create(client, 100, target=unit_user.unit_id)
    accepted = create(client, 100, target=unit_user.unit_id, **{"X-CSRFToken": token})
    url = accepted["Location"]
    patch_refused = patch(client, url, 0, bytes(10))
    patch_accepted = client.generic(
        "PATCH",
        url,
        bytes(10),
        content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": "0", "X-CSRFToken": token},
    )

    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert patch_refused.status_code == 403
    assert patch_accepted.status_code == 204


def test_the_default_piece_is_one_mebibyte(unit_client, unit_user):
    data = samples.mp4(payload=2_500_000)
    url = create(unit_client, len(data), kind="video", target=unit_user.unit_id)["Location"]
    stream = BrokenStream(data)

    response = patch(unit_client, url, 0, b"", CONTENT_LENGTH=str(len(data)), **{"wsgi.input": stream})

    assert response.status_code == 204
    assert stream.requested == [1024 * 1024] * 2 + [len(data) - 2 * 1024 * 1024]
    upload = Upload.objects.get()
    assert (upload.state, upload.sha256) == (State.DONE, hashlib.sha256(data).hexdigest())

"""store_uploaded_file: the plain multipart form's path runs the same checks and the same finisher."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from psyboost.uploads.errors import UploadRefused
from psyboost.uploads.models import State, Upload
from psyboost.uploads.services import store_uploaded_file

from . import samples

pytestmark = pytest.mark.django_db


def test_a_small_file_from_a_form(unit_user, finisher):
    data = samples.jpeg()
    uploaded = SimpleUploadedFile("设备照片.jpg", data, content_type="text/plain")

    result = store_uploaded_file(uploaded, unit_user, "unit_document", "photo", unit_user.unit_id)

    upload = Upload.objects.get()
    assert result == {"unit": unit_user.unit.name, "stored": upload.storage_name, "name": "设备照片.jpg"}
    assert finisher.uploads == [upload.pk]
    assert (upload.state, upload.content_type, upload.length) == (State.DONE, "image/jpeg", len(data))
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    with default_storage.open(upload.storage_name, "rb") as stored:
        assert stored.read() == data


def test_a_large_file_spooled_to_disk(unit_user, finisher):
    data = samples.mp4(payload=3 * 1024 * 1024)
    uploaded = TemporaryUploadedFile("活动.mp4", "video/mp4", len(data), None)
    uploaded.write(data)
    uploaded.seek(0)

    store_uploaded_file(uploaded, unit_user, "unit_document", "video", unit_user.unit_id)

    upload = Upload.objects.get()
    assert (upload.state, upload.content_type) == (State.DONE, "video/mp4")
    assert upload.storage_name.endswith(".mp4")
    assert default_storage.size(upload.storage_name) == len(data)


@pytest.mark.parametrize(
    ("data", "kind", "status", "message"),
    [
        (
            samples.exe(),
            "photo",
            415,
            "所选文件实际是可执行程序，不能上传（与文件名无关）。“照片”只接受图片（JPEG、PNG、GIF、WebP）。",
        ),
        (b"", "photo", 422, "文件为空（0 字节），请重新选择文件。"),
        (samples.noisy_jpeg()[:3000], "photo", 422, "JPEG 图片文件不完整或已损坏，请重新导出或保存后再上传。"),
        (samples.jpeg(), "resume", 400, "不支持的附件类别。"),
    ],
    ids=["exe", "empty", "truncated", "wrong-kind"],
)
def test_the_same_refusals(unit_user, finisher, data, kind, status, message):
    uploaded = SimpleUploadedFile("照片.jpg", data)

    with pytest.raises(UploadRefused) as refused:
        store_uploaded_file(uploaded, unit_user, "unit_document", kind, unit_user.unit_id)

    assert (refused.value.status, refused.value.message) == (status, message)
    assert finisher.uploads == []


def test_the_same_permission_check(unit_user, other_unit_user, finisher):
    uploaded = SimpleUploadedFile("照片.jpg", samples.jpeg())

    with pytest.raises(UploadRefused) as refused:
        store_uploaded_file(uploaded, unit_user, "unit_document", "photo", other_unit_user.unit_id)

    assert (refused.value.status, refused.value.message) == (403, "您无权为此对象上传文件。")
    assert not Upload.objects.exists()

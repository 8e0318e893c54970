"""The application's files through the upload purpose (tus): checked by content, sizes per kind, truncated uploads,
generated stored names; and who may upload to which application."""

import hashlib
from datetime import UTC

import pytest
from django.core.files.storage import default_storage

from psyboost.applications.attachments import PURPOSE
from psyboost.applications.models import Attachment
from psyboost.audit.models import AuditEntry
from psyboost.uploads.models import State, Upload
from tests.factories import StaffFactory, UnitUserFactory
from tests.uploads import samples, tus
from tests.uploads.tus import BrokenStream

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture(autouse=True)
def _temp(scratch_upload_dir):
    return scratch_upload_dir


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def send(client, application, data: bytes, kind="site_photo", filename="场地照片.jpg", chunk=0):
    return tus.upload_all(
        client, data, chunk=chunk, filename=filename, kind=kind, purpose=PURPOSE, target=application.pk
    )


def test_a_photo_becomes_an_attachment_under_a_generated_name(unit_client, application, owner):
    data = samples.jpeg()
    before = set(application.attachments.values_list("pk", flat=True))

    response, url = send(unit_client, application, data, filename="../../etc/场地 照片.jpg")

    assert response.status_code == 204
    attachment = application.attachments.exclude(pk__in=before).get()
    assert attachment.kind == "site_photo"
    assert attachment.original_name == "场地 照片.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == owner
    upload = Upload.objects.get()
    assert attachment.file.name == upload.storage_name
    assert attachment.file.name == f"uploads/{upload.created_at.astimezone(UTC):%Y/%m}/{upload.id.hex}.jpg"
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == data
    result = unit_client.get(url).json()["result"]["object"]
    assert result == {
        "id": attachment.pk,
        "kind": "site_photo",
        "name": "场地 照片.jpg",
        "size": len(data),
        "content_type": "image/jpeg",
        "url": f"/applications/attachments/{attachment.pk}/",
        "inline_url": f"/applications/attachments/{attachment.pk}/?inline=1",
        "delete_url": f"/applications/attachments/{attachment.pk}/delete/",
        "thumbnail_url": f"/applications/attachments/{attachment.pk}/thumbnail/",
    }
    entry = AuditEntry.objects.get(action="applications.attachment_added")
    assert (entry.actor, entry.target_id) == (owner, str(application.pk))
    assert entry.data["name"] == "场地 照片.jpg"


def test_an_mp4_in_chunks_for_the_activity_video(unit_client, application):
    data = samples.mp4(payload=200_000)

    response, _url = send(unit_client, application, data, kind="activity_video", filename="活动.mp4", chunk=65536)

    assert response.status_code == 204
    video = application.attachments.get(kind="activity_video")
    assert (video.content_type, video.size, video.file.name[-4:]) == ("video/mp4", len(data), ".mp4")


def test_a_renamed_exe_is_refused_by_content(unit_client, application):
    count = Attachment.objects.count()

    response, _url = send(unit_client, application, samples.exe(), filename="场地照片.jpg")

    assert response.status_code == 415
    assert response.json()["error"] == (
        "所选文件实际是可执行程序，不能上传（与文件名无关）。“场地照片”只接受图片（JPEG、PNG、GIF、WebP）。"
    )
    assert Attachment.objects.count() == count


def test_a_pdf_is_not_a_photo_but_is_a_scan(unit_client, application):
    refused, _url = send(unit_client, application, samples.pdf(), filename="照片.jpg")
    accepted, _url = send(unit_client, application, samples.pdf(), kind="signed_scan", filename="盖章页.pdf")

    assert refused.status_code == 415
    assert refused.json()["error"] == "“场地照片”只接受图片（JPEG、PNG、GIF、WebP），所选文件的内容是PDF 文档。"
    assert accepted.status_code == 204
    assert application.attachments.get(kind="signed_scan").content_type == "application/pdf"


def test_a_zero_byte_file_is_refused_before_any_byte(unit_client, application):
    response = tus.create(unit_client, 0, filename="空.jpg", kind="site_photo", purpose=PURPOSE, target=application.pk)

    assert response.status_code == 422
    assert response.json()["error"] == "文件为空（0 字节），请重新选择文件。"
    assert Upload.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("site_photo", "“场地照片”的文件不能超过 20.0\xa0MB，所选文件为 2.0\xa0GB。"),
        ("activity_video", "“活动短视频”的文件不能超过 500.0\xa0MB，所选文件为 2.0\xa0GB。"),
        ("signed_scan", "“签字盖章页扫描件”的文件不能超过 20.0\xa0MB，所选文件为 2.0\xa0GB。"),
    ],
)
def test_a_2_gb_file_is_refused_by_the_kinds_limit(unit_client, application, kind, message):
    response = tus.create(
        unit_client, 2 * 1024**3, filename="大.mp4", kind=kind, purpose=PURPOSE, target=application.pk
    )

    assert response.status_code == 413
    assert response.json()["error"] == message


def test_the_limits_are_configurable(unit_client, application, settings):
    settings.UPLOADS_MAX_BYTES = {"image": 1000}

    response = tus.create(unit_client, 1001, kind="site_photo", purpose=PURPOSE, target=application.pk)

    assert response.status_code == 413
    assert response.json()["error"] == "“场地照片”的文件不能超过 1000\xa0字节，所选文件为 1001\xa0字节。"


def test_a_truncated_upload_keeps_what_arrived_and_resumes(unit_client, application):
    data = samples.mp4(payload=100_000)
    created = tus.create(unit_client, len(data), kind="activity_video", purpose=PURPOSE, target=application.pk)
    url = created["Location"]

    cut = tus.patch(unit_client, url, 0, b"", **{"wsgi.input": BrokenStream(data[:30_000]), "CONTENT_LENGTH": "60000"})

    assert cut.status_code == 400
    assert cut.json()["error"] == "上传中断，已保存 29.3\xa0KB，可继续上传。"
    assert tus.head(unit_client, url)["Upload-Offset"] == "30000"
    assert not application.attachments.filter(kind="activity_video").exists()
    rest = tus.patch(unit_client, url, 30_000, data[30_000:])
    assert rest.status_code == 204
    assert application.attachments.get(kind="activity_video").size == len(data)


@pytest.mark.parametrize("lenient_pillow", [False, True])
def test_a_whole_upload_of_a_truncated_image_is_refused(unit_client, application, monkeypatch, lenient_pillow):
    from PIL import ImageFile

    # WeasyPrint, once imported (the printed forms), sets this for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient_pillow)
    data = samples.noisy_jpeg()[:-4000]

    response, _url = send(unit_client, application, data)

    assert response.status_code == 422
    assert response.json()["error"] == "JPEG 图片文件不完整或已损坏，请重新导出或保存后再上传。"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is lenient_pillow


def test_another_units_user_cannot_upload_to_the_application(client, application):
    client.force_login(UnitUserFactory())

    response = tus.create(client, 100, kind="site_photo", purpose=PURPOSE, target=application.pk)

    assert response.status_code == 403
    assert response.json()["error"] == "您无权为此对象上传文件。"


@pytest.mark.parametrize("target", ["999999", "abc", ""])
def test_an_unknown_target_is_refused(unit_client, target):
    response = tus.create(unit_client, 100, kind="site_photo", purpose=PURPOSE, target=target)

    assert response.status_code == 403


def test_staff_cannot_add_files_to_a_units_application(client, application):
    client.force_login(StaffFactory())

    response = tus.create(client, 100, kind="site_photo", purpose=PURPOSE, target=application.pk)

    assert response.status_code == 403


def test_a_submitted_application_takes_no_more_files(unit_client, application):
    application.state, application.number = "submitted", 1
    application.submitted_at = application.created_at
    application.save()

    response = tus.create(unit_client, 100, kind="site_photo", purpose=PURPOSE, target=application.pk)

    assert response.status_code == 403


def test_a_file_finishing_after_the_application_was_frozen_is_refused(unit_client, application):
    data = samples.jpeg()
    created = tus.create(unit_client, len(data), kind="site_photo", purpose=PURPOSE, target=application.pk)
    type(application).objects.filter(pk=application.pk).update(
        state="submitted", number=1, submitted_at=application.created_at
    )

    response = tus.patch(unit_client, created["Location"], 0, data)

    assert response.status_code == 403
    assert Upload.objects.get().state == State.FAILED

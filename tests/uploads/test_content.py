"""Content checks: the type by magic bytes, whole files only, size limits per kind, refusals before any byte."""

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.uploads.content import inspect_file, sniff
from psyboost.uploads.errors import UploadRefused
from psyboost.uploads.models import State, Upload
from psyboost.uploads.registry import IMAGE, SCAN, VIDEO, Kind

from . import samples
from .tus import create, upload_all

PHOTO, VIDEO_KIND, SCAN_KIND = Kind("photo", IMAGE, "照片"), Kind("video", VIDEO, "视频"), Kind("scan", SCAN, "扫描件")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (samples.jpeg(), "image/jpeg"),
        (samples.png(), "image/png"),
        (samples.gif(), "image/gif"),
        (samples.webp(), "image/webp"),
        (samples.pdf(), "application/pdf"),
        (samples.mp4(), "video/mp4"),
        (samples.mov(), "video/quicktime"),
        (samples.heic(), "image/heif"),
        (samples.exe(), None),
        (b"<html><script>alert(1)</script></html>", None),
        (b"", None),
    ],
    ids=["jpeg", "png", "gif", "webp", "pdf", "mp4", "mov", "heic", "exe", "html", "empty"],
)
def test_sniff_by_magic_bytes(data, content_type):
    assert sniff(data[:64]) == content_type


@pytest.mark.parametrize(
    ("data", "kind", "content_type", "extension"),
    [
        (samples.jpeg(), PHOTO, "image/jpeg", ".jpg"),
        (samples.png(), PHOTO, "image/png", ".png"),
        (samples.gif(), PHOTO, "image/gif", ".gif"),
        (samples.webp(), PHOTO, "image/webp", ".webp"),
        (samples.mp4(), VIDEO_KIND, "video/mp4", ".mp4"),
        (samples.mov(), VIDEO_KIND, "video/quicktime", ".mov"),
        (samples.pdf(), SCAN_KIND, "application/pdf", ".pdf"),
        (samples.jpeg(), SCAN_KIND, "image/jpeg", ".jpg"),
    ],
    ids=["jpeg", "png", "gif", "webp", "mp4", "mov", "pdf-scan", "jpeg-scan"],
)
def test_whole_files_of_the_right_type_pass(tmp_path, data, kind, content_type, extension):
    path = tmp_path / "file"
    path.write_bytes(data)

    checked = inspect_file(path, kind)

    assert (checked.content_type, checked.extension) == (content_type, extension)


def refusal(tmp_path, data: bytes, kind: Kind) -> tuple[int, str]:
    path = tmp_path / "file"
    path.write_bytes(data)
    with pytest.raises(UploadRefused) as refused:
        inspect_file(path, kind)
    return refused.value.status, refused.value.message


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (samples.noisy_jpeg()[:4000], PHOTO, "JPEG 图片文件不完整或已损坏，请重新导出或保存后再上传。"),
        (samples.png(size=(200, 200))[:-20], PHOTO, "PNG 图片文件不完整或已损坏，请重新导出或保存后再上传。"),
        (samples.webp()[:30], PHOTO, "WebP 图片文件不完整或已损坏，请重新导出或保存后再上传。"),
        (samples.pdf()[:-8], SCAN_KIND, "PDF 文档文件不完整或已损坏，请重新导出或保存后再上传。"),
        (samples.mp4()[:-10], VIDEO_KIND, "MP4 视频文件不完整或已损坏，请重新导出或保存后再上传。"),
        (
            samples.ftyp() + samples.box(b"mdat", bytes(50)),
            VIDEO_KIND,
            "MP4 视频文件不完整或已损坏，请重新导出或保存后再上传。",
        ),
        (samples.mov() + b"\x00\x00", VIDEO_KIND, "MOV 视频文件不完整或已损坏，请重新导出或保存后再上传。"),
    ],
    ids=[
        "jpeg-truncated",
        "png-truncated",
        "webp-truncated",
        "pdf-no-eof",
        "mp4-truncated",
        "mp4-no-moov",
        "mov-trail",
    ],
)
def test_broken_files_are_refused(tmp_path, data, kind, message):
    assert refusal(tmp_path, data, kind) == (422, message)


def test_type_mismatches_name_what_the_file_is(tmp_path):
    assert refusal(tmp_path, samples.pdf(), PHOTO) == (
        415,
        "“照片”只接受图片（JPEG、PNG、GIF、WebP），所选文件的内容是PDF 文档。",
    )
    assert refusal(tmp_path, samples.exe(), PHOTO) == (
        415,
        "所选文件实际是可执行程序，不能上传（与文件名无关）。“照片”只接受图片（JPEG、PNG、GIF、WebP）。",
    )
    assert refusal(tmp_path, b"<svg onload=alert(1)>", SCAN_KIND) == (
        415,
        "无法识别所选文件的格式（按文件内容判断，与文件名无关）。“扫描件”只接受扫描件（PDF、JPEG、PNG）。",
    )
    assert refusal(tmp_path, samples.heic(), PHOTO) == (
        415,
        "“照片”暂不支持 HEIC/HEIF 格式。请转换为 JPEG 后上传（iPhone 可在“设置 › 相机 › 格式”中选择“兼容性最佳”）。",
    )
    assert refusal(tmp_path, samples.gif(), VIDEO_KIND)[0] == 415


def test_an_image_over_the_pixel_limit_is_refused(tmp_path, settings):
    settings.UPLOADS_MAX_IMAGE_PIXELS = 799
    assert refusal(tmp_path, samples.webp(), PHOTO) == (422, "图片尺寸过大（40×20 像素），请缩小后上传。")


@pytest.mark.django_db
def test_an_exe_renamed_jpg_is_refused_after_upload(unit_client, unit_user, finisher, temp_dir, media_dir):
    response, url = upload_all(unit_client, samples.exe(), filename="场地照片.jpg", target=unit_user.unit_id)

    upload = Upload.objects.get()
    assert response.status_code == 415
    assert response.json() == {
        "error": "所选文件实际是可执行程序，不能上传（与文件名无关）。“照片”只接受图片（JPEG、PNG、GIF、WebP）。"
    }
    assert (upload.state, upload.storage_name) == (State.FAILED, "")
    assert upload.error == response.json()["error"]
    assert finisher.uploads == []
    assert list(temp_dir.iterdir()) == []
    assert not (media_dir / "uploads").exists()
    assert AuditEntry.objects.get(action="uploads.refused").reason == upload.error
    gone = unit_client.get(url)
    assert (gone.status_code, gone.json()["error"]) == (410, upload.error)


@pytest.mark.django_db
def test_a_truncated_jpeg_is_refused_after_upload(unit_client, unit_user, finisher):
    response, _url = upload_all(unit_client, samples.noisy_jpeg()[:5000], chunk=2000, target=unit_user.unit_id)

    assert response.status_code == 422
    assert response.json() == {"error": "JPEG 图片文件不完整或已损坏，请重新导出或保存后再上传。"}
    assert finisher.uploads == []


@pytest.mark.django_db
def test_a_zero_byte_file_is_refused_at_creation(unit_client, unit_user):
    response = create(unit_client, 0, target=unit_user.unit_id)

    assert response.status_code == 422
    assert response.json() == {"error": "文件为空（0 字节），请重新选择文件。"}
    assert not Upload.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("photo", "“照片”的文件不能超过 20.0\xa0MB，所选文件为 2.0\xa0GB。"),
        ("video", "“视频”的文件不能超过 500.0\xa0MB，所选文件为 2.0\xa0GB。"),
        ("scan", "“扫描件”的文件不能超过 20.0\xa0MB，所选文件为 2.0\xa0GB。"),
    ],
)
def test_a_2_gb_file_is_refused_before_a_byte_is_sent(unit_client, unit_user, temp_dir, kind, message):
    response = create(unit_client, 2 * 1024**3, kind=kind, target=unit_user.unit_id)

    assert response.status_code == 413
    assert response.json() == {"error": message}
    assert not Upload.objects.exists()
    assert not temp_dir.exists() or list(temp_dir.iterdir()) == []


@pytest.mark.django_db
def test_size_limits_are_configurable_per_kind_and_family(unit_client, unit_user, settings):
    settings.UPLOADS_MAX_BYTES = {"photo": 1000, "video": 2 * 1024**3}

    photo = create(unit_client, 1001, kind="photo", target=unit_user.unit_id)
    scan = create(unit_client, 1001, kind="scan", target=unit_user.unit_id)
    video = create(unit_client, 2 * 1024**3, kind="video", target=unit_user.unit_id)

    assert (photo.status_code, photo.json()) == (
        413,
        {"error": "“照片”的文件不能超过 1000\xa0字节，所选文件为 1001\xa0字节。"},
    )
    assert scan.status_code == 201
    assert video.status_code == 201


@pytest.mark.django_db
def test_a_kind_the_purpose_does_not_accept(unit_client, unit_user):
    unknown_kind = create(unit_client, 100, kind="resume", target=unit_user.unit_id)
    unknown_purpose = create(unit_client, 100, purpose="payroll", target=unit_user.unit_id)

    assert (unknown_kind.status_code, unknown_kind.json()) == (400, {"error": "不支持的附件类别。"})
    assert (unknown_purpose.status_code, unknown_purpose.json()) == (400, {"error": "不支持的上传用途。"})
    assert not Upload.objects.exists()


@pytest.mark.django_db
def test_a_pdf_sent_as_a_photo_is_refused(unit_client, unit_user, finisher):
    response, _url = upload_all(unit_client, samples.pdf(), filename="photo.jpg", target=unit_user.unit_id)

    assert response.status_code == 415
    assert response.json() == {"error": "“照片”只接受图片（JPEG、PNG、GIF、WebP），所选文件的内容是PDF 文档。"}
    assert finisher.uploads == []


@pytest.mark.django_db
def test_a_finisher_refusal_reaches_the_user_and_drops_the_file(unit_client, unit_user, media_dir):
    response, _url = upload_all(unit_client, samples.jpeg(), purpose="frozen_document", target=unit_user.unit_id)

    upload = Upload.objects.get()
    assert response.status_code == 409
    assert response.json() == {"error": "申报书已提交，不能再添加附件。"}
    assert upload.state == State.FAILED
    assert [path for path in media_dir.rglob("*") if path.is_file()] == []


@pytest.mark.parametrize("make", [samples.png_header, samples.jpeg_header])
@pytest.mark.parametrize(("width", "height"), [(10_000, 9_000), (13_000, 13_000)])  # 90 and 169 megapixels
def test_png_and_jpeg_over_the_pixel_limit_are_refused_before_decoding(tmp_path, make, width, height):
    assert refusal(tmp_path, make(width, height), PHOTO) == (
        422,
        f"图片尺寸过大（{width}×{height} 像素），请缩小后上传。",
    )


@pytest.mark.parametrize("data", [samples.png(), samples.jpeg(), samples.gif(), samples.webp()])
def test_every_image_format_meets_the_pixel_limit(tmp_path, settings, data):
    settings.UPLOADS_MAX_IMAGE_PIXELS = 799
    assert refusal(tmp_path, data, PHOTO) == (422, "图片尺寸过大（40×20 像素），请缩小后上传。")


ACTIVE = "PDF 文件含有脚本、启动程序、嵌入文件等主动内容（%s），不能上传。请用“打印”→“另存为 PDF”重新生成后再上传。"


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "JavaScript"),
        (b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>", "JavaScript"),
        (b"/OpenAction << /S /Launch /F (cmd.exe) >>", "Launch"),
        (b"/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>", "EmbeddedFile"),
        (b"/AcroForm << /XFA 6 0 R >>", "XFA"),
    ],
)
def test_a_pdf_with_active_content_is_refused(tmp_path, body, found):
    assert refusal(tmp_path, samples.pdf_with(body), SCAN_KIND) == (422, ACTIVE % found)
    assert refusal(tmp_path, samples.pdf_with_object_stream(body), SCAN_KIND) == (422, ACTIVE % found)


def test_a_plain_pdf_passes(tmp_path):
    path = tmp_path / "file"
    path.write_bytes(samples.pdf_with(b"/PageMode /UseNone"))
    assert inspect_file(path, SCAN_KIND).content_type == "application/pdf"

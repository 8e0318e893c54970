"""uploads.js in Chromium: chunks with a progress bar, the finisher's JSON as an event, the server's message next
to the field, and resuming after the page was left mid-upload. The page is a bare one (tests/uploads/browser_urls)
with the upload engine's test purpose; the application pages test their own fields."""

import pytest
from playwright.sync_api import expect

from psyboost.uploads.models import State, Upload
from tests.conftest import PASSWORD
from tests.uploads import samples
from tests.uploads.conftest import finisher, temp_dir, upload_places  # noqa: F401 (fixtures)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.uploads.browser_urls")]

CHUNK = 64 * 1024


@pytest.fixture
def upload_page(page, unit_user, upload_places, finisher):  # noqa: F811
    log_in(page, "unituser", PASSWORD)
    expect(page.locator(".account .who")).to_contain_text("unituser")
    page.goto("/test-upload-page/")
    return page


def patches(page) -> list[int]:
    """The Upload-Offset of every PATCH the page sends from now on."""
    offsets: list[int] = []

    def seen(request):
        if request.method == "PATCH":
            offsets.append(int(request.headers["upload-offset"]))

    page.on("request", seen)
    return offsets


def test_a_video_in_chunks_with_progress(upload_page, tmp_path, finisher, unit_user):  # noqa: F811
    page = upload_page
    video = tmp_path / "活动视频.mp4"
    video.write_bytes(samples.mp4(payload=5 * CHUNK))
    sent = patches(page)

    page.set_input_files("#video", str(video))
    page.wait_for_function("() => window.uploaded.length === 1")

    upload = Upload.objects.get()
    assert sent == [0, CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK, 5 * CHUNK]
    assert upload.state == State.DONE
    assert upload.length == 5 * CHUNK + 148
    assert finisher.uploads == [upload.pk]
    detail = page.evaluate("window.uploaded[0]")
    assert detail["name"] == "活动视频.mp4"
    assert detail["object"] == {"unit": unit_user.unit.name, "stored": upload.storage_name, "name": "活动视频.mp4"}
    row = page.locator("#video-field .upload-item")
    assert row.locator("progress").evaluate("bar => bar.value") == 100
    expect(row.locator(".upload-percent")).to_have_text("100%")
    expect(row.locator(".upload-message")).to_have_text("上传完成")
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_the_servers_message_appears_next_to_the_field(upload_page, tmp_path, finisher):  # noqa: F811
    page = upload_page
    fake = tmp_path / "场地照片.jpg"
    fake.write_bytes(samples.exe())

    page.set_input_files("#photo", str(fake))

    expect(page.locator("#photo-field .errorlist li")).to_have_text(
        "场地照片.jpg：所选文件实际是可执行程序，不能上传（与文件名无关）。“照片”只接受图片（JPEG、PNG、GIF、WebP）。"
    )
    expect(page.locator("#photo-field")).to_have_class("field has-error")
    assert finisher.uploads == []


def test_an_interrupted_upload_resumes_where_it_stopped(upload_page, tmp_path, finisher):  # noqa: F811
    page = upload_page
    video = tmp_path / "长视频.mp4"
    video.write_bytes(samples.mp4(payload=6 * CHUNK))
    allowed = {"patches": 2}

    def drop_later_chunks(route):
        if route.request.method == "PATCH":
            if allowed["patches"] <= 0:
                route.abort("connectionreset")
                return
            allowed["patches"] -= 1
        route.fallback()

    page.route("**/uploads/**", drop_later_chunks)
    page.set_input_files("#video", str(video))
    expect(page.locator("#video-field .upload-message")).to_have_text("网络中断，正在重试…")
    assert Upload.objects.get().offset == 2 * CHUNK

    page.unroute("**/uploads/**")
    page.goto("/test-upload-page/")  # the user comes back later and picks the same file again
    sent = patches(page)
    page.set_input_files("#video", str(video))
    page.wait_for_function("() => window.uploaded.length === 1")

    assert sent == [2 * CHUNK, 3 * CHUNK, 4 * CHUNK, 5 * CHUNK, 6 * CHUNK]
    upload = Upload.objects.get()
    assert upload.state == State.DONE
    assert finisher.uploads == [upload.pk]


def test_cancel_drops_the_upload_on_the_server(upload_page, tmp_path, finisher, temp_dir):  # noqa: F811
    page = upload_page
    video = tmp_path / "取消.mp4"
    video.write_bytes(samples.mp4(payload=4 * CHUNK))
    held = []

    def hold_chunks(route):
        if route.request.method == "PATCH":
            held.append(route)  # never answered: the chunk is still "on its way" when the user cancels
            return
        route.fallback()

    page.route("**/uploads/**", hold_chunks)
    page.set_input_files("#video", str(video))
    page.wait_for_function("() => document.querySelector('#video-field .upload-message').textContent === '上传中'")
    with page.expect_request_finished(lambda request: request.method == "DELETE"):
        page.click("#video-field .upload-cancel")

    expect(page.locator("#video-field .upload-message")).to_have_text("已取消")
    upload = Upload.objects.get()
    assert upload.state == State.CANCELLED
    assert list(temp_dir.iterdir()) == []
    assert len(held) == 1
    assert finisher.uploads == []
    assert page.evaluate("Object.keys(localStorage).length") == 0

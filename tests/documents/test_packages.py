"""Large packages built once in the background, and the exact length of a streamed one."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from psyboost.applications.choices import AttachmentKind
from psyboost.audit.models import AuditEntry
from psyboost.documents import package, packages, printing, services
from psyboost.documents.models import BuiltPackage
from psyboost.documents.tasks import build_application_package
from tests.factories import AttachmentFactory

VIDEO = b"".join(bytes([n]) * 1000 for n in range(256)) * 4  # about 1 MB


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_the_length_known_in_advance_is_the_archives_length(submitted, owner):
    AttachmentFactory(
        application=submitted,
        kind=AttachmentKind.ACTIVITY_VIDEO,
        data=VIDEO,
        original_name="v.mp4",
        content_type="video/mp4",
    )
    AttachmentFactory(application=submitted, original_name="场地照片.jpg")
    form = printing.printed_form(submitted)
    members = package.package_members(
        submitted, services.ensure_pdf(submitted, owner, form), services.ensure_docx(submitted, owner, form)
    )
    members.append(package.Member("包/说明.txt", data="说明".encode()))
    assert package.zip_length(members) == len(b"".join(package.stream_zip(members)))


def test_a_streamed_package_carries_its_exact_content_length(owner_client, submitted):
    AttachmentFactory(
        application=submitted,
        kind=AttachmentKind.ACTIVITY_VIDEO,
        data=VIDEO,
        original_name="v.mp4",
        content_type="video/mp4",
    )
    response = owner_client.get(reverse("documents:application_package", args=[submitted.pk]))
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(body)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


def test_a_large_package_is_built_once_in_the_background_then_served_as_a_file(
    settings, owner_client, submitted, django_capture_on_commit_callbacks
):
    settings.PSYBOOST_PACKAGE_BACKGROUND_BYTES = 500_000
    AttachmentFactory(
        application=submitted,
        kind=AttachmentKind.ACTIVITY_VIDEO,
        data=VIDEO,
        original_name="v.mp4",
        content_type="video/mp4",
    )
    url = reverse("documents:application_package", args=[submitted.pk])

    with django_capture_on_commit_callbacks() as callbacks:
        waiting = owner_client.get(url)
    html = waiting.content.decode()
    assert waiting.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "压缩包正在后台生成" in html and "已完成 0%" in html
    build = BuiltPackage.objects.get(application=submitted)
    # until the worker measures the archive, the total is the attachments' size (the video and the two photos)
    photos = sum(a.size for a in submitted.attachments.exclude(kind=AttachmentKind.ACTIVITY_VIDEO))
    assert (build.state, build.done_bytes, build.total_bytes) == ("building", 0, len(VIDEO) + photos)
    assert len(callbacks) == 1  # the task, queued once the request's transaction commits
    assert owner_client.get(url).content.decode().count("已完成 0%") == 1  # still building: not queued again
    assert AuditEntry.objects.filter(action="documents.package_requested").count() == 1

    callbacks[0]()  # the worker runs the task (the test settings' backend runs it at once)
    build.refresh_from_db()
    assert build.state == "ready" and build.done_bytes == build.total_bytes == default_storage.size(build.file.name)

    ready = owner_client.get(url)
    body = b"".join(ready.streaming_content)
    assert ready.status_code == 200
    assert ready["Content-Type"] == "application/zip"
    assert int(ready["Content-Length"]) == len(body) == build.total_bytes
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.read(f"{submitted.unit.name}心理助推申报/附件/活动短视频/01-v.mp4") == VIDEO
    assert AuditEntry.objects.filter(action="documents.package_requested").count() == 1  # served, not rebuilt


def test_a_changed_content_builds_the_package_again_and_drops_the_old_file(
    settings, submitted, owner, django_capture_on_commit_callbacks
):
    settings.PSYBOOST_PACKAGE_BACKGROUND_BYTES = 500_000
    AttachmentFactory(
        application=submitted,
        kind=AttachmentKind.ACTIVITY_VIDEO,
        data=VIDEO,
        original_name="v.mp4",
        content_type="video/mp4",
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = packages.request_build(submitted, owner)
    first.refresh_from_db()
    old_name = first.file.name
    assert first.state == "ready" and default_storage.exists(old_name)

    AttachmentFactory(application=submitted, original_name="新照片.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        second = packages.request_build(submitted, owner)
    second.refresh_from_db()
    assert second.pk == first.pk and second.state == "ready"
    assert second.fingerprint != first.fingerprint and second.file.name != old_name
    assert not default_storage.exists(old_name)
    names = zipfile.ZipFile(default_storage.open(second.file.name)).namelist()
    assert f"{submitted.unit.name}心理助推申报/附件/场地照片/02-新照片.jpg" in names


def test_a_build_for_content_that_changed_meanwhile_keeps_nothing(settings, submitted, owner):
    settings.PSYBOOST_PACKAGE_BACKGROUND_BYTES = 500_000
    AttachmentFactory(
        application=submitted,
        kind=AttachmentKind.ACTIVITY_VIDEO,
        data=VIDEO,
        original_name="v.mp4",
        content_type="video/mp4",
    )
    build = packages.request_build(submitted, owner)  # the task is not run: on_commit never fires here
    AttachmentFactory(application=submitted, original_name="新照片.jpg")
    assert build_application_package.call(submitted.pk, build.fingerprint) is False
    build.refresh_from_db()
    assert (build.state, build.file.name) == ("building", "")


def test_a_failed_build_is_shown_as_failed_then_tried_again(settings, rf, submitted, owner):
    from datetime import timedelta

    from django.template.loader import render_to_string

    from .conftest import IN_TIME

    settings.PSYBOOST_PACKAGE_BACKGROUND_BYTES = 500_000
    AttachmentFactory(
        application=submitted,
        kind=AttachmentKind.ACTIVITY_VIDEO,
        data=VIDEO,
        original_name="v.mp4",
        content_type="video/mp4",
    )
    build = packages.request_build(submitted, owner, now=IN_TIME)
    failed_at = IN_TIME + timedelta(seconds=5)
    BuiltPackage.objects.filter(pk=build.pk).update(state="failed", finished_at=failed_at)

    again = packages.request_build(submitted, owner, now=failed_at + timedelta(seconds=30))
    assert again.state == "failed"
    request = rf.get("/documents/")
    request.user = owner
    page = render_to_string("documents/package_progress.html", {"build": again, "name": "x.zip"}, request)
    assert "压缩包生成失败" in page and 'http-equiv="refresh"' not in page

    retried = packages.request_build(submitted, owner, now=failed_at + packages.RETRY_AFTER + timedelta(seconds=1))
    assert (retried.state, retried.done_bytes) == ("building", 0)
    assert AuditEntry.objects.filter(action="documents.package_requested").count() == 2

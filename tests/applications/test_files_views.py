"""Downloading, thumbnails, deleting and the plain (no JavaScript) upload of the application's files; the
attachments panel and the read-only include."""

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from psyboost.applications import readonly, services
from psyboost.applications.models import Attachment
from psyboost.audit.models import AuditEntry
from tests.applications.conftest import IN_TIME
from tests.factories import AttachmentFactory, ExpertFactory, StaffFactory, UnitUserFactory
from tests.uploads import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture(autouse=True)
def _temp(scratch_upload_dir):
    return scratch_upload_dir


@pytest.fixture
def photo(application):
    return application.attachments.get(kind="site_photo")


@pytest.fixture
def video(application):
    return AttachmentFactory(
        application=application,
        kind="activity_video",
        data=samples.mp4(payload=5000),
        original_name="活动 视频\r\n.mp4",
        content_type="video/mp4",
    )


def as_user(client, user):
    client.force_login(user)
    return client


def test_the_owner_downloads_under_the_original_name(client, owner, photo):
    response = as_user(client, owner).get(f"/applications/attachments/{photo.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%9C%BA%E5%9C%B0%E7%85%A7%E7%89%87.jpg"
    assert b"".join(response.streaming_content) == photo.file.open("rb").read()


def test_inline_shows_an_mp4_with_byte_ranges(client, owner, video):
    response = as_user(client, owner).get(
        f"/applications/attachments/{video.pk}/?inline=1", headers={"Range": "bytes=0-99"}
    )

    assert response.status_code == 206
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Range"] == f"bytes 0-99/{video.size}"
    assert response["Content-Disposition"].startswith("inline;")
    assert "\r" not in response["Content-Disposition"] and "\n" not in response["Content-Disposition"]


def test_staff_read_every_units_files(client, photo):
    response = as_user(client, StaffFactory()).get(f"/applications/attachments/{photo.pk}/")

    assert response.status_code == 200


@pytest.mark.parametrize("suffix", ["", "thumbnail/"])
def test_another_unit_cannot_read_the_files_by_url(client, photo, suffix):
    response = as_user(client, UnitUserFactory()).get(f"/applications/attachments/{photo.pk}/{suffix}")

    assert response.status_code == 404  # as for a file that does not exist


def test_an_unassigned_expert_cannot_read_the_files(client, photo):
    response = as_user(client, ExpertFactory()).get(f"/applications/attachments/{photo.pk}/")

    assert response.status_code == 403


def test_signed_out_visitors_go_to_the_login_page(client, photo):
    response = client.get(f"/applications/attachments/{photo.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/applications/attachments/{photo.pk}/"


def test_an_unknown_file_is_404(client, owner):
    assert as_user(client, owner).get("/applications/attachments/999999/").status_code == 404


def test_a_thumbnail_of_a_photo(client, owner, application):
    photo = AttachmentFactory(application=application, data=samples.jpeg(size=(1200, 800)), original_name="大图.jpg")

    response = as_user(client, owner).get(f"/applications/attachments/{photo.pk}/thumbnail/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert image.size == (320, 213)


def test_no_thumbnail_for_a_video(client, owner, video):
    assert as_user(client, owner).get(f"/applications/attachments/{video.pk}/thumbnail/").status_code == 404


def test_the_owner_deletes_a_file_of_a_draft(client, owner, application, photo, django_capture_on_commit_callbacks):
    name = photo.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, owner).post(f"/applications/attachments/{photo.pk}/delete/", {"next": "/somewhere/"})

    assert response.status_code == 302
    assert response["Location"] == "/somewhere/"
    assert not Attachment.objects.filter(pk=photo.pk).exists()
    assert not default_storage.exists(name)
    entry = AuditEntry.objects.get(action="applications.attachment_deleted")
    assert (entry.actor, entry.data["name"]) == (owner, "场地照片.jpg")


def test_delete_goes_back_to_the_application_without_a_safe_next(client, owner, application, photo):
    response = as_user(client, owner).post(
        f"/applications/attachments/{photo.pk}/delete/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == f"/applications/{application.pk}/#attachments"


def test_delete_needs_post(client, owner, photo):
    assert as_user(client, owner).get(f"/applications/attachments/{photo.pk}/delete/").status_code == 405


def test_another_unit_cannot_delete(client, photo):
    response = as_user(client, UnitUserFactory()).post(f"/applications/attachments/{photo.pk}/delete/")

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=photo.pk).exists()


def test_staff_cannot_delete_a_units_file(client, photo):
    response = as_user(client, StaffFactory()).post(f"/applications/attachments/{photo.pk}/delete/")

    assert response.status_code == 403


def test_a_frozen_application_keeps_its_files(client, owner, application, photo):
    services.submit(application, owner, now=IN_TIME)

    response = as_user(client, owner).post(f"/applications/attachments/{photo.pk}/delete/")

    assert response.status_code == 403
    assert Attachment.objects.filter(pk=photo.pk).exists()
    assert not AuditEntry.objects.filter(action="applications.attachment_deleted").exists()


def test_a_file_of_a_submitted_version_keeps_its_bytes_after_a_return(
    client, owner, application, photo, django_capture_on_commit_callbacks
):
    services.submit(application, owner, now=IN_TIME)
    services.return_for_revision(application, StaffFactory(), "请补充场地照片")

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(client, owner).post(f"/applications/attachments/{photo.pk}/delete/")

    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=photo.pk).exists()
    assert default_storage.exists(photo.file.name)


def test_the_plain_form_uploads_a_file(client, owner, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = samples.jpeg()
    response = as_user(client, owner).post(
        f"/applications/{application.pk}/attachments/upload/",
        {"kind": "equipment_photo", "file": SimpleUploadedFile("设备.jpg", data), "next": "/back/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/back/"
    added = application.attachments.get(original_name="设备.jpg")
    assert (added.kind, added.size) == ("equipment_photo", len(data))


def test_the_same_file_twice_is_recognised_and_stored_once(client, owner, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = samples.jpeg(size=(50, 30))
    for name in ("设备.jpg", "设备（副本）.jpg"):
        as_user(client, owner).post(
            f"/applications/{application.pk}/attachments/upload/",
            {"kind": "equipment_photo", "file": SimpleUploadedFile(name, data), "next": "/back/"},
        )

    added = application.attachments.filter(kind="equipment_photo", size=len(data))
    assert list(added.values_list("original_name", flat=True)) == ["设备.jpg"]
    assert client.session["psyboost.attachment_errors"][f"{application.pk}:equipment_photo"] == (
        "设备（副本）.jpg：“设备（副本）.jpg”与已上传的“设备.jpg”是同一个文件，无需重复上传。"
    )


def test_the_plain_forms_refusal_shows_next_to_the_field_once(client, owner, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    as_user(client, owner).post(
        f"/applications/{application.pk}/attachments/upload/",
        {"kind": "site_photo", "file": SimpleUploadedFile("照片.jpg", samples.exe())},
    )
    request = RequestFactory().get("/")
    request.user, request.session = owner, client.session

    kinds = ["site_photo", "equipment_photo"]
    html = panel({"application": application, "kinds": kinds, "request": request, "user": owner})

    assert '<div class="field has-error" id="field-site_photo">' in html
    assert (
        "<li>照片.jpg：所选文件实际是可执行程序，不能上传（与文件名无关）。“场地照片”只接受图片（JPEG、PNG、GIF、WebP）。</li>"
        in html
    )
    assert '<div class="field" id="field-equipment_photo">' in html
    again = panel({"application": application, "kinds": ["site_photo"], "request": request, "user": owner})
    assert "has-error" not in again


def test_the_plain_form_refuses_an_empty_file(client, owner, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    as_user(client, owner).post(
        f"/applications/{application.pk}/attachments/upload/",
        {"kind": "site_photo", "file": SimpleUploadedFile("空.jpg", b"")},
    )

    assert client.session["psyboost.attachment_errors"] == {
        f"{application.pk}:site_photo": "空.jpg：文件为空（0 字节），请重新选择文件。"
    }


def test_another_unit_cannot_use_the_plain_form(client, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_user(client, UnitUserFactory()).post(
        f"/applications/{application.pk}/attachments/upload/",
        {"kind": "site_photo", "file": SimpleUploadedFile("照片.jpg", samples.jpeg())},
    )

    assert response.status_code == 404


def test_the_panel_for_a_frozen_application_has_no_upload_or_delete(application, owner):
    services.submit(application, owner, now=IN_TIME)
    request = RequestFactory().get("/")
    request.user = owner

    html = panel({"application": application, "kinds": ["site_photo"], "request": request, "user": owner})

    assert "场地照片.jpg" in html
    assert 'type="file"' not in html
    assert "/delete/" not in html


def test_the_readonly_view_masks_staff_for_an_unassigned_viewer(application, owner):
    expert = ExpertFactory()

    shown = readonly.context(application, owner)["readonly"]
    masked = readonly.context(application, expert)["readonly"]

    def staff_rows(ro):
        section = next(s for s in ro.sections if s["key"] == "foundation")
        return next(item for item in section["items"] if item.name == "psych_workers").rows

    assert [row[1:3] for row in staff_rows(shown)] == [["张三丰", "1980-05"], ["刘芳", "1990-10"]]
    assert [row[1:3] for row in staff_rows(masked)] == [["张**", "****-**"], ["刘*", "****-**"]]


def test_the_readonly_include_renders_the_whole_form_in_few_queries(
    application, owner, video, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = owner
    application = type(application).objects.select_related("call", "unit").get(pk=application.pk)

    with django_assert_num_queries(6):  # five tables and the files
        html = render_to_string(
            "applications/includes/readonly.html", {"application": application, "request": request, "user": owner}
        )

    assert html.index("一、申报单位基本信息") < html.index("二、职工心理服务工作基础") < html.index("三、2019年")
    assert html.index("三、2019年") < html.index("四、2020年职工心理服务项目申报") < html.index("申报单位意见")
    assert "张三丰" in html
    player = f'<video class="attachment-video" controls preload="metadata" src="/applications/attachments/{video.pk}/'
    assert f'{player}?inline=1">' in html
    photo = application.attachments.get(kind="site_photo")
    assert f'src="/applications/attachments/{photo.pk}/thumbnail/"' in html
    assert '总计（元）</th><td class="num">20,000.00</td>' in html


def test_an_assigned_expert_sees_the_staff_asking_once(application, owner, django_assert_num_queries):
    from psyboost.applications.models import Application
    from tests.factories import AssignmentFactory, ExpertProfileFactory

    Application.objects.filter(pk=application.pk).update(
        state="accepted", number=1, submitted_at=application.created_at
    )
    application = Application.objects.select_related("call", "unit").get(pk=application.pk)
    expert = ExpertProfileFactory()
    AssignmentFactory(application=application, expert=expert)

    with django_assert_num_queries(9):  # five tables, the files, the expert's profile, assignment, conflict
        ro = readonly.context(application, expert.user)["readonly"]

    section = next(s for s in ro.sections if s["key"] == "foundation")
    rows = next(item for item in section["items"] if item.name == "psych_workers").rows
    assert [row[1:3] for row in rows] == [["张三丰", "1980-05"], ["刘芳", "1990-10"]]


def test_an_assigned_expert_sees_the_contacts_phones_and_email_masked(application, owner):
    from psyboost.applications.models import Application
    from tests.factories import AssignmentFactory, ExpertProfileFactory

    Application.objects.filter(pk=application.pk).update(
        state="accepted", number=1, submitted_at=application.created_at
    )
    application = Application.objects.select_related("call", "unit").get(pk=application.pk)
    expert = ExpertProfileFactory()
    AssignmentFactory(application=application, expert=expert)
    names = ("union_leader_mobile", "union_leader_landline", "contact_mobile", "contact_landline", "contact_email")

    def contacts(user):
        section = next(s for s in readonly.context(application, user)["readonly"].sections if s["key"] == "basic")
        return {item.name: item.value for item in section["items"] if item.name in names}

    assert contacts(expert.user) == {name: "******" if getattr(application, name) else "" for name in names}
    assert contacts(owner) == {name: getattr(application, name) for name in names}
    assert contacts(StaffFactory()) == contacts(owner)
    assert contacts(expert.user)["contact_email"] == "******"


def test_a_download_is_audited_once_not_per_range(client, photo, owner):
    from psyboost.audit.models import AuditEntry

    as_user(client, owner)
    client.get(f"/applications/attachments/{photo.pk}/")
    client.get(f"/applications/attachments/{photo.pk}/", headers={"Range": "bytes=0-99"})
    client.get(f"/applications/attachments/{photo.pk}/", headers={"Range": "bytes=100-199"})
    client.get(f"/applications/attachments/{photo.pk}/thumbnail/")
    entries = AuditEntry.objects.filter(action="applications.attachment_downloaded")
    assert [(e.actor_id, e.target_id) for e in entries] == [(owner.pk, str(photo.pk))] * 2


def panel(context: dict) -> str:
    """The attachments panel as the section pages render it."""
    return Template("{% load application_files %}{% attachments_panel application kinds %}").render(Context(context))

"""From files to a 编号 and back, in Chromium: the unit uploads a photo and an MP4 on section 三 with progress bars
(the attachments panel), the pre-submit check lists a problem, once fixed the unit submits; staff return it with a
reason; the unit sees the reason and resubmits, keeping its 编号. Both on a 375 px phone.

Until the form pages exist, section 三 is a bare page of this module's URLconf holding the attachments panel, as
the form pages include it.
"""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from playwright.sync_api import expect

from psyboost.applications import services
from psyboost.applications.models import Application
from psyboost.urls import urlpatterns as site_urlpatterns
from tests.clock import DEFAULT_INSTANT
from tests.conftest import PASSWORD
from tests.factories import ApplicationFactory, AttachmentFactory, CallFactory, StaffFactory, UnitUserFactory
from tests.uploads import samples

from .conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.urls(__name__)]

SECTION = """{% extends "base.html" %}{% load static application_files %}
{% block head %}<link rel="stylesheet" href="{% static 'psyboost/css/application-staff.css' %}">{% endblock %}
{% block content %}<h1>三、上一年度职工心理服务工作开展情况</h1>
{% attachments_panel application kinds %}
{% endblock %}"""


def section_page(request, pk):
    application = Application.objects.get(pk=pk, unit=request.user.unit)
    template = engines["django"].from_string(SECTION)
    context = {"application": application, "kinds": ["activity_video", "site_photo"]}
    return HttpResponse(template.render(context, request))


urlpatterns = [path("test-section/<int:pk>/history/", section_page), *site_urlpatterns]


@pytest.fixture
def application(transactional_db, settings, tmp_path):
    settings.UPLOADS_TEMP_DIR = tmp_path / "uploads-tmp"
    call = CallFactory(opens_at=DEFAULT_INSTANT - timedelta(days=10), deadline=DEFAULT_INSTANT + timedelta(days=10))
    application = ApplicationFactory(call=call, headcount=None)
    application.attachments.all().delete()
    return application


def test_upload_check_submit_return_and_resubmit(open_session, application, tmp_path):
    owner = UnitUserFactory(username="unit-a", unit=application.unit)
    StaffFactory(username="staff-a", display_name="周娜")
    photo, video = tmp_path / "场地照片.jpg", tmp_path / "活动短视频.mp4"
    photo.write_bytes(samples.jpeg(size=(640, 480)))
    video.write_bytes(samples.mp4(payload=300_000))

    unit = open_session(PHONE).page
    unit.on("dialog", lambda dialog: dialog.accept())
    log_in(unit, "unit-a", PASSWORD)
    expect(unit.locator(".account .who")).to_contain_text("unit-a")

    # Section 三: a photo and an MP4, each with its progress bar, join their lists without a reload.
    unit.goto(f"/test-section/{application.pk}/history/")
    expect(unit.locator(".attachment-upload-submit")).to_have_count(0)  # JavaScript on: no plain button
    unit.set_input_files("#file-site_photo", str(photo))
    photo_row = unit.locator("#attachments-site_photo .upload-item")
    expect(photo_row.locator(".upload-message")).to_have_text("上传完成")
    assert photo_row.locator("progress").evaluate("bar => bar.value") == 100
    expect(unit.locator("#attachments-site_photo .attachment img.attachment-thumb")).to_have_count(1)
    unit.set_input_files("#file-activity_video", str(video))
    video_row = unit.locator("#attachments-activity_video .upload-item")
    expect(video_row.locator(".upload-percent")).to_have_text("100%")
    expect(unit.locator("#attachments-activity_video .attachment video")).to_have_count(1)
    assert sorted(application.attachments.values_list("kind", "original_name")) == [
        ("activity_video", "活动短视频.mp4"),
        ("site_photo", "场地照片.jpg"),
    ]
    thumbnail = unit.locator("#attachments-site_photo img.attachment-thumb")
    unit.wait_for_function("img => img.complete && img.naturalWidth === 320", arg=thumbnail.element_handle())

    # 单位人数 missing blocks (section 一); no 设备照片 is a warning (section 二); the button stays disabled.
    unit.goto(f"/applications/{application.pk}/check/")
    expect(unit.locator("#check-basic .problems li")).to_have_text(["请填写单位人数。"])
    expect(unit.locator("#check-foundation .problems.warnings li")).to_have_count(1)
    expect(unit.locator(".submit-form button")).to_be_disabled()

    # Fixed (as the form pages would save it), the unit submits and gets 编号 2020-001.
    services.save_draft(application, {"headcount": 1200}, expected_version=application.version, actor=owner)
    AttachmentFactory(application=application, kind="equipment_photo", original_name="设备照片.jpg")
    unit.reload()
    expect(unit.locator(".check-summary")).to_have_text("申报表已填写完整，没有需要修改的问题。")
    unit.click(".submit-form button")
    expect(unit.locator(".application-number")).to_have_text("2020-001")
    expect(unit.locator(".messages")).to_contain_text("申报已提交，编号 2020-001。")
    assert unit.evaluate("document.documentElement.scrollWidth") <= 375  # the whole form read-only, on a phone

    # Staff return it with a reason.
    staff = open_session(PHONE).page
    staff.on("dialog", lambda dialog: dialog.accept())
    log_in(staff, "staff-a", PASSWORD)
    expect(staff.locator(".account .who")).to_contain_text("周娜")
    staff.goto("/applications/staff/")
    staff.click(f"text={application.unit.name}")
    staff.fill("#id_return-reason", "请补充活动照片，并核对服务人数。")
    staff.click(".action-return button")
    expect(staff.locator(".messages")).to_contain_text("已将 2020-001 退回修改")
    expect(staff.locator(".timeline-step").last).to_contain_text("请补充活动照片，并核对服务人数。")
    assert staff.evaluate("document.documentElement.scrollWidth") <= 375

    # The unit sees the reason, resubmits, and keeps its 编号.
    unit.goto(f"/applications/{application.pk}/")
    expect(unit.locator(".return-reason")).to_contain_text("请补充活动照片，并核对服务人数。")
    unit.click("text=提交前检查")
    expect(unit.locator("main h1")).to_contain_text("提交前检查")  # the check page, before its button is pressed
    unit.click(".submit-form button")
    expect(unit.locator(".application-number")).to_have_text("2020-001")
    application.refresh_from_db()
    assert (application.state, application.number, application.versions.count()) == ("submitted", 1, 2)


def test_without_javascript_files_and_submission_work_by_plain_posts(browser, live_server, application, tmp_path):
    UnitUserFactory(username="unit-b", unit=application.unit)
    AttachmentFactory(application=application, kind="equipment_photo", original_name="设备照片.jpg")
    Application.objects.filter(pk=application.pk).update(headcount=1200)
    photo, fake = tmp_path / "场地照片.jpg", tmp_path / "伪装.jpg"
    photo.write_bytes(samples.jpeg())
    fake.write_bytes(samples.exe())
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE, locale="zh-CN")
    try:
        page = context.new_page()
        log_in(page, "unit-b", PASSWORD)
        page.goto(f"/test-section/{application.pk}/history/")

        page.set_input_files("#file-site_photo", str(fake))
        page.click("#attachments-site_photo .attachment-upload-submit")
        expect(page.locator("#field-site_photo .errorlist li")).to_have_text(
            "伪装.jpg：所选文件实际是可执行程序，不能上传（与文件名无关）。“场地照片”只接受图片（JPEG、PNG、GIF、WebP）。"
        )
        page.set_input_files("#file-site_photo", str(photo))
        page.click("#attachments-site_photo .attachment-upload-submit")
        expect(page.locator("#attachments-site_photo .attachment-name")).to_have_text("场地照片.jpg")
        expect(page.locator("#field-site_photo .errorlist")).to_have_count(0)

        page.goto(f"/applications/{application.pk}/check/")
        page.click(".submit-form button")
        expect(page.locator(".application-number")).to_have_text("2020-001")
    finally:
        context.close()

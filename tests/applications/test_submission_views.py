"""The unit's pages after filling in: the pre-submit check and submitting, the read-only application with its
timeline and the return reason, versions and their differences; every refusal."""

from datetime import datetime

import pytest
import time_machine

from psyboost.applications import services
from psyboost.applications.models import Application, Extension, Version
from psyboost.applications.workflow import State
from tests.factories import BEIJING, ApplicationFactory, ExpertFactory, StaffFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_call(application, clock_in_the_call):
    """The application's call, open: the clock is on 1 July 2020, inside it."""
    return application.call


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def check_url(application) -> str:
    return f"/applications/{application.pk}/check/"


def test_the_check_lists_problems_by_section_with_links(unit_client, application, open_call):
    Application.objects.filter(pk=application.pk).update(headcount=None, beneficiaries="")
    application.attachments.filter(kind="site_photo").delete()

    response = unit_client.get(check_url(application))

    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s["key"] for s in sections] == ["basic", "foundation", "history", "project", "signoff"]
    listed = {s["key"]: [(i["problem"].field, i["anchor"]) for i in s["errors"]] for s in sections}
    assert listed == {
        "basic": [("headcount", "id_headcount")],
        "foundation": [("site_photo", "attachments-site_photo")],
        "history": [],
        "project": [("beneficiaries", "id_beneficiaries")],
        "signoff": [],
    }
    assert response.context["error_count"] == 3
    html = response.content.decode()
    assert "还有 3 处问题需要修改，修改后才能提交。" in html
    assert '<li data-field="headcount">请填写单位人数。</li>' in html or "请填写单位人数。" in html
    assert 'disabled aria-disabled="true"' in html


def test_a_complete_application_submits_and_gets_its_number(unit_client, application, open_call):
    page = unit_client.get(check_url(application))
    assert "申报表已填写完整，没有需要修改的问题。" in page.content.decode()

    response = unit_client.post(check_url(application))

    assert response.status_code == 302
    assert response["Location"] == f"/applications/{application.pk}/"
    application.refresh_from_db()
    assert (application.state, application.display_number) == (State.SUBMITTED, "2020-001")
    detail = unit_client.get(response["Location"])
    html = detail.content.decode()
    assert "申报已提交，编号 2020-001。" in html
    assert '<strong class="application-number">2020-001</strong>' in html
    assert "草稿 → <strong>已提交（待形式审查）</strong>" in html


def test_submitting_with_problems_is_refused_and_lists_them(unit_client, application, open_call):
    Application.objects.filter(pk=application.pk).update(headcount=None)

    response = unit_client.post(check_url(application))

    assert response.status_code == 400
    assert response.context["refusal"] == "还有1处问题需要修改，修改后才能提交。"
    application.refresh_from_db()
    assert (application.state, application.number) == (State.DRAFT, None)


def test_a_late_submission_gets_a_clear_refusal(unit_client, application):
    response = unit_client.post(check_url(application))

    assert response.status_code == 400
    assert response.context["refusal"] == (
        "申报已于北京时间2020年7月20日 23:59截止，不能再提交。如有特殊情况，请联系市总工会工作人员。"
    )
    assert response.context["blockers"] == [response.context["refusal"]]
    application.refresh_from_db()
    assert application.state == State.DRAFT


@time_machine.travel(datetime(2020, 7, 22, 10, 0, tzinfo=BEIJING), tick=False)  # two days after the deadline
def test_an_extension_lets_one_unit_submit_late(unit_client, application):
    Extension.objects.create(
        call=application.call,
        unit=application.unit,
        until=datetime(2020, 7, 23, 10, 0, tzinfo=BEIJING),
        reason="盖章延误",
        granted_by=StaffFactory(),
    )

    response = unit_client.post(check_url(application))

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_an_ineligible_unit_cannot_submit(client, open_call):
    unit = UnitFactory(named_year=2020)
    application = ApplicationFactory(call=open_call, unit=unit)
    client.force_login(UnitUserFactory(unit=unit))

    response = client.post(check_url(application))

    assert response.status_code == 400
    assert response.context["refusal"] == "本单位不在本年度申报范围内，不能提交。"


def test_a_submitted_application_is_frozen(unit_client, application, open_call, owner):
    services.submit(application, owner)

    again = unit_client.post(check_url(application))
    page = unit_client.get(f"/applications/{application.pk}/")

    assert again.status_code == 403
    html = page.content.decode()
    assert "已提交的内容不能修改；如需修改，请联系市总工会工作人员退回。" in html
    assert f'href="/applications/{application.pk}/check/"' not in html


def test_another_unit_cannot_see_or_submit(client, application, open_call):
    client.force_login(UnitUserFactory())

    for url in (
        check_url(application),
        f"/applications/{application.pk}/",
        f"/applications/{application.pk}/versions/",
    ):
        assert client.get(url).status_code == 404  # as for an application that does not exist
    assert client.post(check_url(application)).status_code == 404
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_experts_do_not_see_the_units_history(client, application):
    client.force_login(ExpertFactory())

    assert client.get(f"/applications/{application.pk}/").status_code == 403


def test_staff_may_read_the_check_but_not_submit(client, application, open_call):
    client.force_login(StaffFactory())

    assert client.get(check_url(application)).status_code == 200
    assert client.post(check_url(application)).status_code == 403


def test_the_unit_sees_the_return_reason_and_resubmission_keeps_the_number(unit_client, application, open_call, owner):
    staff = StaffFactory(display_name="周娜")
    services.submit(application, owner)
    services.return_for_revision(application, staff, "请补充设备照片，并加盖本级工会公章。")

    page = unit_client.get(f"/applications/{application.pk}/")

    html = page.content.decode()
    assert "退回修改的理由" in html
    assert "请补充设备照片，并加盖本级工会公章。" in html
    assert "周娜" in html
    services.save_draft(application, {"headcount": 1300}, expected_version=application.version, actor=owner)
    response = unit_client.post(check_url(application))
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.display_number) == (State.SUBMITTED, "2020-001")
    assert list(Version.objects.filter(application=application).values_list("number", flat=True)) == [1, 2]
    assert "退回修改的理由" not in unit_client.get(f"/applications/{application.pk}/").content.decode()


def test_versions_and_what_changed_between_them(unit_client, application, open_call, owner):
    services.submit(application, owner)
    services.return_for_revision(application, StaffFactory(), "请核对单位人数")
    services.save_draft(application, {"headcount": 1300}, expected_version=application.version, actor=owner)
    services.submit(application, owner)

    listing = unit_client.get(f"/applications/{application.pk}/versions/")
    diff = unit_client.get(f"/applications/{application.pk}/versions/1/2/")

    assert [v.number for v in listing.context["versions"]] == [1, 2]
    assert f'href="/applications/{application.pk}/versions/1/2/"' in listing.content.decode()
    assert [tuple(change) for change in diff.context["changes"]] == [("一、单位人数", "1200", "1300")]
    html = diff.content.decode()
    assert '<td class="diff-old"><del>1200</del></td><td class="diff-new"><ins>1300</ins></td>' in html


def test_an_unknown_version_is_404(unit_client, application, open_call, owner):
    services.submit(application, owner)

    assert unit_client.get(f"/applications/{application.pk}/versions/1/5/").status_code == 404


def test_numbers_are_sequential_per_call_through_the_page(client, application, open_call, owner):
    second = ApplicationFactory(call=open_call)
    second_owner = UnitUserFactory(unit=second.unit)

    for app, user in ((second, second_owner), (application, owner)):
        client.force_login(user)
        assert client.post(check_url(app)).status_code == 302

    second.refresh_from_db()
    application.refresh_from_db()
    assert (second.display_number, application.display_number) == ("2020-001", "2020-002")


def test_a_version_is_shown_as_submitted_even_after_changes(unit_client, application, open_call, owner):
    from psyboost.applications.attachments import delete_attachment

    services.submit(application, owner)
    services.return_for_revision(application, StaffFactory(), "请核对")
    services.save_draft(application, {"headcount": 1300}, expected_version=application.version, actor=owner)
    delete_attachment(application.attachments.get(kind="equipment_photo"), owner)

    response = unit_client.get(f"/applications/{application.pk}/versions/1/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="readonly-value">1200</div>' in html
    assert '设备照片.jpg</span> <span class="muted">（此文件已被替换）</span>' in html
    photo = application.attachments.get(kind="site_photo")
    assert f'<a class="attachment-name" href="/applications/attachments/{photo.pk}/">场地照片.jpg</a>' in html
    assert "张三丰" in html and "1980-05" in html
    assert "<dd>2020-001</dd>" in html

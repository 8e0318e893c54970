"""Drafts that never lose work: the autosave (JSON, and form-encoded for htmx), two users of one unit at once (the
later save is refused with what changed, the input kept), and large tables within Django's request limits."""

import json
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from psyboost.applications.models import Application
from tests.factories import UnitUserFactory

from .test_form_views import page_inputs, section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def autosave(client, application, section, data, version=None):
    body = {"section": section, "version": application.version if version is None else version, "data": data}
    return client.post(
        reverse("applications:autosave", args=[application.pk]), json.dumps(body), content_type="application/json"
    )


def test_autosave_saves_and_answers_version_time_and_statuses(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    data["union_leader"] = "王建设"

    response = autosave(unit_client, application, "basic", data)

    assert response.status_code == 200
    application.refresh_from_db()
    answer = response.json()
    stored = answer.pop("stored")
    assert (stored["union_leader"], stored["headcount"], stored["contact_email"]) == (
        "王建设",
        "1200",
        "xinling@example.com",
    )
    assert set(stored) == set(data) - {"csrfmiddlewaretoken", "version", "tables"}
    assert answer == {
        "version": 2,
        "saved_at": f"{timezone.localtime(application.updated_at):%H:%M}",
        "errors": {},
        "invalid": [],
        "status": {
            "basic": "complete",
            "foundation": "complete",
            "history": "complete",
            "project": "complete",
            "signoff": "complete",
        },
    }
    assert application.union_leader == "王建设"


def test_autosave_answers_messages_by_input_and_saves_the_rest(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    data.update(headcount="1e20", contact_email="a b@example.com", union_leader="<script>alert(1)</script>")

    answer = autosave(unit_client, application, "basic", data).json()

    assert answer["errors"] == {
        "headcount": ["请直接写出数字，不要使用科学计数法（如 1e20）。"],
        "contact_email": ["请填写有效的电子邮箱地址，例如 name@example.com。"],
    }
    assert answer["invalid"] == ["contact_email", "headcount"]
    application.refresh_from_db()
    assert (application.headcount, application.contact_email) == (1200, "xinling@example.com")
    assert application.union_leader == "<script>alert(1)</script>"  # stored as typed, shown escaped


def test_autosave_answers_the_sections_messages_of_the_stored_and_typed_values(unit_client, application):
    data = page_inputs(unit_client, application, "project")
    data.update(starts_on="2020-12-01", ends_on="2020-09-01", beneficiary_count="三百")

    first = autosave(unit_client, application, "project", data).json()

    assert first["errors"] == {
        "beneficiary_count": ["请用阿拉伯数字填写，例如 100，不要写成汉字。"],
        "ends_on": ["实施时间的结束日期不能早于开始日期。"],
    }
    assert first["invalid"] == ["beneficiary_count"]
    data.update(ends_on="2020-12-31", beneficiary_count="300")

    second = autosave(unit_client, application, "project", data, version=first["version"]).json()

    assert (second["errors"], second["invalid"]) == ({}, [])  # the stale messages go
    application.refresh_from_db()
    assert (application.ends_on, application.beneficiary_count) == (date(2020, 12, 31), 300)


def test_autosave_of_an_unchanged_form_keeps_the_version(unit_client, application):
    data = page_inputs(unit_client, application, "foundation")
    assert autosave(unit_client, application, "foundation", data).json()["version"] == 1


def test_autosave_form_encoded_like_htmx(unit_client, application):
    data = {"section": "basic", "version": "1", **page_inputs(unit_client, application, "basic"), "address": "新地址"}
    response = unit_client.post(reverse("applications:autosave", args=[application.pk]), data)
    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).address == "新地址"


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"section": "basic"}', b'{"section": "x", "data": {}}'])
def test_autosave_refuses_what_it_cannot_read(unit_client, application, body):
    url = reverse("applications:autosave", args=[application.pk])
    response = unit_client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "无法识别提交的内容，请刷新页面后重试。"}


def test_two_users_at_once_the_later_plain_save_is_refused_with_the_differences(client, application, owner):
    colleague = UnitUserFactory(unit=application.unit, display_name="王强")
    client.force_login(owner)
    mine = page_inputs(client, application, "basic")  # both open the page at version 1
    theirs = dict(mine)
    theirs["union_leader"] = "赵六"
    client.force_login(colleague)
    assert client.post(section_url(application, "basic"), theirs).status_code == 302

    client.force_login(owner)
    mine.update(union_leader="钱七", address="北京市东城区1号")
    response = client.post(section_url(application, "basic"), mine)

    assert response.status_code == 409
    page = response.content.decode()
    assert "保存失败：在您编辑期间，王强保存了新的内容（工会负责人）。您的输入仍保留在页面上，请核对后再保存。" in page
    assert response.context["stale_changes"] == [
        {"name": "union_leader", "label": "工会负责人", "saved": "赵六", "yours": "钱七"}
    ]
    assert 'value="钱七"' in page and 'value="北京市东城区1号"' in page  # the input is kept
    application.refresh_from_db()
    assert (application.union_leader, application.address, application.version) == ("赵六", "北京市朝阳区建国路88号", 2)
    assert 'name="version" value="2"' in page  # saving again, after looking, is deliberate

    mine["version"] = "2"
    assert client.post(section_url(application, "basic"), mine).status_code == 302
    application.refresh_from_db()
    assert (application.union_leader, application.address) == ("钱七", "北京市东城区1号")


def test_two_users_at_once_the_later_autosave_is_refused_with_the_differences(client, application, owner):
    colleague = UnitUserFactory(unit=application.unit, display_name="王强")
    client.force_login(colleague)
    data = page_inputs(client, application, "foundation")
    data["psych_workers-0-years"] = "12"
    assert autosave(client, application, "foundation", data).status_code == 200

    client.force_login(owner)
    data["psych_workers-0-years"] = "11"
    response = autosave(client, application, "foundation", data, version=1)

    assert response.status_code == 409
    answer = response.json()
    assert answer.pop("stored")["psych_workers-0-years"] == "12"
    assert answer == {
        "stale": True,
        "fields": ["psych_workers"],
        "message": "保存失败：在您编辑期间，王强保存了新的内容（心理工作人员介绍）。"
        "您的输入仍保留在页面上，请核对后再保存。",
        "version": 2,
        "changes": [
            {
                "name": "psych_workers",
                "label": "心理工作人员介绍",
                "saved": "表格已被修改，现有 2 行",
                "yours": "您页面上有 2 行",
            }
        ],
    }
    assert application.psych_workers.get(position=0).years == 12


def big_foundation(data: dict) -> dict:
    for i in range(60):
        data.update(
            {
                f"psych_workers-{i}-name": f"人员{i:02d}",
                f"psych_workers-{i}-birth_month": "1985-06",
                f"psych_workers-{i}-education": "bachelor",
                f"psych_workers-{i}-qualification": "counselor_3",
                f"psych_workers-{i}-qualification_detail": "",
                f"psych_workers-{i}-years": "3",
                f"psych_workers-{i}-services": "团体辅导",
            }
        )
    return data


def big_project(data: dict) -> dict:
    for i in range(80):
        data.update(
            {
                f"budget_items-{i}-item": f"支出{i:02d}",
                f"budget_items-{i}-unit_price": "250.25",
                f"budget_items-{i}-quantity": "1",
                f"budget_items-{i}-notes": "",
            }
        )
    return data


def test_sixty_staff_and_eighty_budget_rows_save_without_javascript(unit_client, application):
    foundation = big_foundation(page_inputs(unit_client, application, "foundation"))
    assert len(foundation) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert unit_client.post(section_url(application, "foundation"), foundation).status_code == 302

    project = big_project(page_inputs(unit_client, application, "project"))
    assert len(project) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert unit_client.post(section_url(application, "project"), project).status_code == 302

    assert application.psych_workers.count() == 60
    assert application.psych_workers.get(position=59).birth_month == date(1985, 6, 1)
    assert application.budget_items.count() == 80
    page = unit_client.get(section_url(application, "project")).content.decode()
    assert "20,020.00" in page  # 80 × 250.25


def test_sixty_staff_and_eighty_budget_rows_save_by_autosave(unit_client, application):
    foundation = big_foundation(page_inputs(unit_client, application, "foundation"))
    assert autosave(unit_client, application, "foundation", foundation).status_code == 200
    application.refresh_from_db()
    project = big_project(page_inputs(unit_client, application, "project"))
    for i in range(80, 400):  # far beyond the form-field limit: the JSON body has none
        project.update({f"budget_items-{i}-item": f"支出{i}", f"budget_items-{i}-unit_price": "1"})
    assert autosave(unit_client, application, "project", project).status_code == 200
    assert application.psych_workers.count() == 60
    assert application.budget_items.count() == 400


def test_autosave_of_part_of_a_section_leaves_the_other_fields_alone(unit_client, application):
    response = autosave(unit_client, application, "basic", {"address": "北京市东城区2号"})
    assert response.json()["version"] == 2
    application.refresh_from_db()
    assert (application.address, application.union_leader, application.headcount) == ("北京市东城区2号", "王建国", 1200)


def test_autosave_without_a_tables_rows_leaves_the_table_as_saved(unit_client, application):
    before = application.psych_workers.count()
    assert before > 0
    data = {key: value for key, value in page_inputs(unit_client, application, "foundation").items()}
    data = {key: value for key, value in data.items() if not key.startswith("psych_workers-") and key != "tables"}

    assert autosave(unit_client, application, "foundation", data).status_code == 200
    assert application.psych_workers.count() == before

    # The page's marker names the table: then no row means the table was emptied on purpose.
    assert autosave(unit_client, application, "foundation", {**data, "tables": ["psych_workers"]}).status_code == 200
    assert application.psych_workers.count() == 0

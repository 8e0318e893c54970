"""The form without traps (issue 9): 上一部分 / 下一部分 buttons that save first, and the required fields marked."""

import re

import pytest

from psyboost.applications.checks import REQUIRED_COLUMNS, REQUIRED_FIELDS

from .test_form_views import page_inputs, section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def test_next_and_previous_buttons_name_their_sections(unit_client, application):
    first = unit_client.get(section_url(application, "basic"))
    middle = unit_client.get(section_url(application, "history"))
    last = unit_client.get(section_url(application, "signoff"))

    assert (first.context["previous_section"], first.context["next_section"]["key"]) == (None, "foundation")
    assert (middle.context["previous_section"]["key"], middle.context["next_section"]["key"]) == (
        "foundation",
        "project",
    )
    assert (last.context["previous_section"]["key"], last.context["next_section"]) == ("project", None)
    page = middle.content.decode()
    assert '<button type="submit" class="secondary" name="go" value="project"' in page
    assert f'data-go-url="{section_url(application, "foundation")}"' in page
    assert "下一部分：四、2020年职工心理服务项目申报 →" in page
    assert "← 上一部分：二、职工心理服务工作基础" in page


def test_next_saves_then_opens_the_next_section(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    data.update(union_leader="王建设", go="foundation")

    response = unit_client.post(section_url(application, "basic"), data)

    assert (response.status_code, response["Location"]) == (302, section_url(application, "foundation"))
    application.refresh_from_db()
    assert application.union_leader == "王建设"


def test_next_with_a_bad_value_stays_with_the_message(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    data.update(headcount="一百", go="foundation")

    response = unit_client.post(section_url(application, "basic"), data)

    assert response.status_code == 400
    assert response.context["section"].key == "basic"
    assert 'value="一百"' in response.content.decode()


def test_required_fields_are_marked_with_aria_required_and_the_legend(unit_client, application):
    page = unit_client.get(section_url(application, "basic")).content.decode()

    assert "为必填项：可以先保存，提交前须填写。" in page
    assert re.search(r'<input[^>]*name="headcount"[^>]*aria-required="true"', page)
    assert re.search(r'<textarea[^>]*name="unit_profile"[^>]*aria-required="true"', page)
    assert re.search(r'<input[^>]*name="contact_mobile"[^>]*aria-required="true"', page)
    label = page.split('for="id_headcount"', 1)[1].split("</label>", 1)[0]
    assert label.endswith('<span class="required-mark" aria-hidden="true">*</span>')


def test_required_radio_groups_and_table_columns_are_marked(unit_client, application):
    page = unit_client.get(section_url(application, "project")).content.decode()

    assert (
        '<fieldset class="yes-no" role="radiogroup" aria-required="true"><legend>4、是否与第三方专业机构合作？' in page
    )
    header = page.split('id="table-budget_items"', 1)[1].split("</thead>", 1)[0]
    assert header.count('class="required-mark"') == 3  # 支出明细, 单价, 数量; not 说明
    assert re.search(r'<input[^>]*name="budget_items-0-quantity"[^>]*aria-required="true"', page)
    assert not re.search(r'<input[^>]*name="budget_items-0-notes"[^>]*aria-required="true"', page)
    assert re.search(r'<input[^>]*name="budget_items-0-notes"', page)
    assert re.search(r'<textarea[^>]*name="plan"', page)
    assert not re.search(r'<textarea[^>]*name="plan"[^>]*aria-required="true"', page)  # or the 进度安排 table


def test_the_marks_are_the_checks_required_names():
    assert {"headcount", "contact_mobile", "union_leader_landline", "privacy_confirmed", "past_results"} <= (
        REQUIRED_FIELDS
    )
    assert "partner_name" not in REQUIRED_FIELDS  # only when 是: said by its hint
    assert REQUIRED_COLUMNS["budget_items"] == {"item", "unit_price", "quantity"}

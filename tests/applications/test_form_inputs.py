"""Bad input never crashes the page and never loses data: a Chinese message next to its field, the input shown
again as typed, everything else saved."""

import pytest

from psyboost.applications.models import Application

from .test_form_views import page_inputs, section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def errors_of(page: str, name: str) -> str:
    """The message list next to the input ``name``."""
    return page.split(f'data-errors-for="{name}"', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize(
    ("section", "name", "typed", "message"),
    [
        ("basic", "headcount", "一百", "请用阿拉伯数字填写，例如 100，不要写成汉字。"),
        ("basic", "headcount", "1e20", "请直接写出数字，不要使用科学计数法（如 1e20）。"),
        ("basic", "card_holders", "NaN", "“NaN”不是有效的数字。"),
        ("basic", "headcount", "-3", "不能为负数。"),
        ("basic", "headcount", "99999999999", "数值过大，不能超过 2147483647。"),
        ("basic", "union_leader", "王" * 51, "内容过长（51 字），最多 50 字。"),
        ("basic", "contact_mobile", "1380013800", "手机号码应为11位数字，以13至19开头，例如 13800138000。"),
        ("foundation", "site_area", "-12", "不能为负数。"),
        ("foundation", "site_investment", "1e20", "请直接写出数字，不要使用科学计数法（如 1e20）。"),
        ("history", "past_member_share", "150", "数值过大，不能超过 100。"),
        ("history", "past_investment", "12.345", "最多保留 2 位小数。"),
        ("project", "starts_on", "2020-02-30", "日期不存在：2020年2月30日。"),
        ("project", "ends_on", "明年", "请按“年-月-日”填写，例如 2020-08-01。"),
        ("foundation", "psych_workers-0-birth_month", "八五年", "请按“年-月”填写，例如 1985-06。"),
        ("foundation", "equipment-0-quantity", "0", "不能小于 1。"),
        ("project", "budget_items-1-unit_price", "-1", "不能为负数。"),
        ("project", "budget_items-1-quantity", "NaN", "“NaN”不是有效的数字。"),
    ],
)
def test_a_bad_value_gets_its_message_next_to_it_and_the_rest_is_saved(
    unit_client, application, section, name, typed, message
):
    data = page_inputs(unit_client, application, section)
    before = data[name]
    text_field = {"basic": "address", "foundation": "site_area", "history": "past_results", "project": "beneficiaries"}
    other = "past_model" if name == "past_results" else text_field[section]
    if other == name:
        other = "area_count"
    data[name] = typed
    data[other] = "7"

    response = unit_client.post(section_url(application, section), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in errors_of(page, name)
    assert f'value="{typed}"' in page  # the input is kept as typed
    assert "有些内容未能保存，请按提示修改标红的项目；其他内容已保存。" in page
    application.refresh_from_db()
    assert str(getattr(application, other)).startswith("7")  # the rest is saved
    assert page_inputs(unit_client, application, section)[name] == before  # the saved value stays


def test_dates_in_the_wrong_order_are_saved_and_marked(unit_client, application):
    data = page_inputs(unit_client, application, "project")
    data.update(starts_on="2020-12-01", ends_on="2020-09-01")
    unit_client.post(section_url(application, "project"), data)
    page = unit_client.get(section_url(application, "project")).content.decode()
    assert "实施时间的结束日期不能早于开始日期。" in errors_of(page, "ends_on")
    assert 'value="2020-09-01"' in page


def test_script_tags_are_shown_as_text(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    data["unit_profile"] = '<script>alert("x")</script>'
    data["union_leader"] = "<b>王</b>"
    unit_client.post(section_url(application, "basic"), data)
    assert Application.objects.get(pk=application.pk).unit_profile == '<script>alert("x")</script>'
    page = unit_client.get(section_url(application, "basic")).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'value="&lt;b&gt;王&lt;/b&gt;"' in page


def test_an_overlong_unit_profile_is_kept_and_flagged(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    data["unit_profile"] = "字" * 520
    assert unit_client.post(section_url(application, "basic"), data).status_code == 302
    page = unit_client.get(section_url(application, "basic")).content.decode()
    assert "单位简介最多 500 字，现有 520 字。" in errors_of(page, "unit_profile")
    assert "已输入 520 字，限 500 字" in page


def test_a_missing_or_garbled_version_never_overwrites(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    data["version"] = "abc"
    data["union_leader"] = "新名字"
    response = unit_client.post(section_url(application, "basic"), data)
    assert response.status_code == 409
    assert Application.objects.get(pk=application.pk).union_leader == "王建国"
    assert 'value="新名字"' in response.content.decode()

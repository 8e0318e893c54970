"""The repeating tables without JavaScript: add (an empty row on the page, stored once filled), remove, move up and
down; blank rows are not stored; a bad cell keeps the whole table as it was saved until it is fixed."""

from decimal import Decimal

import pytest

from psyboost.applications.models import Application
from tests.factories import BudgetItemFactory

from .test_form_views import page_inputs, section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def budget(application) -> list[tuple]:
    return [(row.position, row.item, row.unit_price, row.quantity) for row in application.budget_items.all()]


def test_add_shows_an_empty_row_and_saves_what_was_typed(unit_client, application):
    data = page_inputs(unit_client, application, "project")
    data["row_action"] = "add:budget_items"
    data["budget_items-0-notes"] = "改为线上"

    response = unit_client.post(section_url(application, "project"), data)

    assert response.status_code == 200
    (table,) = [item for item in response.context["items"] if item.name == "budget_items"]
    assert len(table.rows) == 3
    assert 'name="budget_items-2-item"' in response.content.decode()
    assert Application.objects.get(pk=application.pk).budget_items.get(position=0).notes == "改为线上"
    assert len(budget(application)) == 2  # the empty row is not stored

    data = page_inputs(unit_client, application, "project")
    data.update(
        {"budget_items-2-item": "宣传材料", "budget_items-2-unit_price": "12.5", "budget_items-2-quantity": "40"}
    )
    data.pop("row_action", None)
    # the page after "add" is re-rendered; a browser posts its three rows again
    response = unit_client.post(section_url(application, "project"), data)
    assert response.status_code == 302
    assert budget(application)[2] == (2, "宣传材料", Decimal("12.50"), Decimal("40.00"))
    page = unit_client.get(section_url(application, "project")).content.decode()
    assert "20,500.00" in page and "500.00" in page


def test_remove_deletes_the_row_and_renumbers(unit_client, application):
    data = page_inputs(unit_client, application, "project")
    data["row_action"] = "remove:budget_items:0"

    response = unit_client.post(section_url(application, "project"), data)

    assert response["Location"] == section_url(application, "project") + "#table-budget_items"
    assert budget(application) == [(0, "团体辅导", Decimal("1600.00"), Decimal("5.00"))]


def test_move_up_and_down(unit_client, application):
    BudgetItemFactory(application=application, position=2, item="宣传材料", unit_price=Decimal("10"), quantity=1)
    data = page_inputs(unit_client, application, "project")
    data["row_action"] = "up:budget_items:2"
    unit_client.post(section_url(application, "project"), data)
    assert [row[1] for row in budget(application)] == ["心理讲座", "宣传材料", "团体辅导"]

    data = page_inputs(unit_client, application, "project")
    data["row_action"] = "down:budget_items:0"
    unit_client.post(section_url(application, "project"), data)
    assert [row[1] for row in budget(application)] == ["宣传材料", "心理讲座", "团体辅导"]

    data = page_inputs(unit_client, application, "project")
    data["row_action"] = "up:budget_items:0"  # the first row cannot go higher
    unit_client.post(section_url(application, "project"), data)
    assert [row[1] for row in budget(application)] == ["宣传材料", "心理讲座", "团体辅导"]


def test_staff_rows_can_be_reordered_and_removed(unit_client, application):
    data = page_inputs(unit_client, application, "foundation")
    data["row_action"] = "down:psych_workers:0"
    unit_client.post(section_url(application, "foundation"), data)
    assert [m.name for m in application.psych_workers.all()] == ["刘芳", "张三丰"]
    data = page_inputs(unit_client, application, "foundation")
    data["row_action"] = "remove:psych_workers:1"
    unit_client.post(section_url(application, "foundation"), data)
    assert [m.name for m in application.psych_workers.all()] == ["刘芳"]


def test_blank_rows_are_not_stored(unit_client, application):
    data = page_inputs(unit_client, application, "foundation")
    data.update({"functional_areas-2-name": "", "functional_areas-2-area": " ", "functional_areas-2-function": ""})
    unit_client.post(section_url(application, "foundation"), data)
    assert application.functional_areas.count() == 2


def test_a_bad_cell_keeps_its_row_and_the_valid_rows_and_shows_the_input(unit_client, application):
    data = page_inputs(unit_client, application, "project")
    data.update({"budget_items-0-quantity": "一百", "budget_items-1-item": "团体沙盘", "beneficiaries": "全体职工"})

    response = unit_client.post(section_url(application, "project"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "请用阿拉伯数字填写，例如 100，不要写成汉字。" in page
    assert 'value="一百"' in page and 'value="团体辅导"' not in page and 'value="团体沙盘"' in page
    assert [row[1:] for row in budget(application)] == [  # the bad cell keeps its saved value; every row stored
        ("心理讲座", Decimal("2000.00"), Decimal("6.00")),
        ("团体沙盘", Decimal("1600.00"), Decimal("5.00")),
    ]
    assert Application.objects.get(pk=application.pk).beneficiaries == "全体职工"  # the rest is saved


def test_an_unknown_row_action_is_ignored(unit_client, application):
    data = page_inputs(unit_client, application, "project")
    data["row_action"] = "remove:nonsense:0"
    assert unit_client.post(section_url(application, "project"), data).status_code == 302
    assert len(budget(application)) == 2

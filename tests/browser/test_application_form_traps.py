"""The form without traps (issue 9), in Chromium: a table with one bad cell keeps all its rows; the section's messages
follow each save without a reload; two tabs editing different fields of one section both succeed; leaving with input
the server could not read asks first; 下一部分 saves, then opens the next section."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from psyboost.applications.models import Application
from tests.clock import DEFAULT_INSTANT
from tests.conftest import PASSWORD
from tests.factories import ApplicationFactory, CallFactory, UnitUserFactory

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def draft(transactional_db):
    """A filled-in draft (two budget rows, everything complete) on a call open now."""
    call = CallFactory(opens_at=DEFAULT_INSTANT - timedelta(days=10), deadline=DEFAULT_INSTANT + timedelta(days=10))
    application = ApplicationFactory(call=call)
    UnitUserFactory(username="unit-a", unit=application.unit)
    return application


def saved(page, kind="ok"):
    expect(page.locator("[data-autosave-status]")).to_contain_text("已保存于", timeout=10_000)
    expect(page.locator("[data-autosave-status]")).to_have_class(f"autosave-status {kind}", timeout=10_000)


def test_a_table_with_one_bad_cell_keeps_all_rows(page, draft):
    log_in(page, "unit-a", PASSWORD)
    page.goto(f"/applications/{draft.pk}/form/project/")
    table = page.locator('[data-table="budget_items"]')
    table.locator("[data-row-add]").click()
    page.fill("#id_budget_items-2-item", "团体沙盘")
    page.fill("#id_budget_items-2-unit_price", "300")
    page.fill("#id_budget_items-2-quantity", "2")
    page.fill("#id_budget_items-0-quantity", "一百")
    page.locator("#id_budget_items-0-quantity").blur()

    saved(page, "warn")
    expect(page.locator('[data-errors-for="budget_items-0-quantity"]')).to_have_text(
        "请用阿拉伯数字填写，例如 100，不要写成汉字。"
    )
    expect(page.locator("#id_budget_items-0-quantity")).to_have_value("一百")
    rows = Application.objects.get(pk=draft.pk).budget_items.values_list("item", "quantity")
    assert [(item, str(quantity)) for item, quantity in rows] == [
        ("心理讲座", "6.00"),  # the bad cell keeps its saved value, its row stays
        ("团体辅导", "5.00"),
        ("团体沙盘", "2.00"),
    ]

    page.reload()  # nothing lost: every row is stored
    expect(table.locator("tr[data-row]")).to_have_count(3)
    expect(page.locator("#id_budget_items-2-item")).to_have_value("团体沙盘")


def test_messages_update_after_saving_without_a_reload(page, draft):
    log_in(page, "unit-a", PASSWORD)
    page.goto(f"/applications/{draft.pk}/form/project/")
    ends = page.locator('[data-errors-for="ends_on"]')
    expect(ends.locator("li")).to_have_count(0)

    page.fill("#id_ends_on", "2020-07-01")  # before 开始日期 (2020-08-01): a check message of the stored value
    page.locator("#id_ends_on").blur()
    saved(page)
    expect(ends).to_have_text("实施时间的结束日期不能早于开始日期。")
    expect(page.locator("#field-ends_on")).to_have_class(re.compile(r"\bhas-error\b"))

    page.fill("#id_ends_on", "2020-12-31")
    page.locator("#id_ends_on").blur()
    saved(page)
    expect(ends.locator("li")).to_have_count(0)  # the stale message goes
    expect(page.locator("#field-ends_on")).not_to_have_class(re.compile(r"\bhas-error\b"))


def test_two_tabs_editing_different_fields_of_one_section_both_succeed(open_session, draft):
    first, second = open_session().page, open_session().page
    for page in (first, second):
        log_in(page, "unit-a", PASSWORD)
        page.goto(f"/applications/{draft.pk}/form/basic/")

    first.fill("#id_union_leader", "王建设")
    first.locator("#id_union_leader").blur()
    saved(first)
    second.fill("#id_address", "北京市东城区1号")
    second.locator("#id_address").blur()
    saved(second)

    expect(second.locator("#stale-live")).to_have_count(0)
    expect(second.locator("#id_union_leader")).to_have_value("王建设")  # the other tab's change shown
    draft.refresh_from_db()
    assert (draft.union_leader, draft.address) == ("王建设", "北京市东城区1号")

    first.fill("#id_headcount", "1500")
    first.locator("#id_headcount").blur()
    saved(first)
    draft.refresh_from_db()
    assert (draft.union_leader, draft.address, draft.headcount) == ("王建设", "北京市东城区1号", 1500)


def test_leaving_with_a_value_not_saved_asks_first(page, draft):
    log_in(page, "unit-a", PASSWORD)
    page.goto(f"/applications/{draft.pk}/form/basic/")
    page.click("#id_headcount")  # a user's gesture: Chromium asks only on a page the user touched
    page.fill("#id_headcount", "一百")
    page.locator("#id_headcount").blur()
    saved(page, "warn")

    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)

    assert asked.value.type == "beforeunload"
    asked.value.accept()


def test_next_saves_then_opens_the_next_section(page, draft):
    log_in(page, "unit-a", PASSWORD)
    page.goto(f"/applications/{draft.pk}/form/basic/")
    page.fill("#id_union_leader", "王建设")

    page.click("button[name=go][value=foundation]")

    expect(page.locator("h1")).to_have_text("二、职工心理服务工作基础")
    assert Application.objects.get(pk=draft.pk).union_leader == "王建设"
    page.click("button[name=go][value=basic]")
    expect(page.locator("h1")).to_have_text("一、申报单位基本信息")

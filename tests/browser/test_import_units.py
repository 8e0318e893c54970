"""Staff import the unit registry through the web: upload a sheet, read the preview, confirm, find the units."""

import pytest
from playwright.sync_api import expect

from psyboost.calls.models import Unit
from tests import factories
from tests.calls.sheets import unit_row, xlsx_bytes
from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = pytest.mark.browser


def stat(page, label: str):
    return page.locator(".stat", has_text=label).locator(".num")


def test_staff_import_units_through_the_web(page, live_server, tmp_path):
    factories.StaffFactory(username="staff")
    factories.UnitFactory(
        name="北京测试单位00001", district_union="朝阳区", parent_union="朝阳区总工会", named_year=2016
    )
    sheet = tmp_path / "2020年名录.xlsx"
    sheet.write_bytes(
        xlsx_bytes([unit_row(1), unit_row(2, district="海淀区", year=2018), unit_row(3, district="西城区", year=2015)])
    )

    page.goto("/staff/units/")
    log_in(page, "staff", PASSWORD)
    page.click("main a:has-text('导入名录')")
    expect(page.locator("main h1")).to_have_text("导入单位名录")
    page.set_input_files("input[type=file][name=file]", str(sheet))
    page.click("main button:has-text('上传并预览')")

    expect(page.locator("main h1")).to_contain_text("导入预览：2020年名录.xlsx")
    expect(stat(page, "文件中的单位")).to_have_text("3")
    expect(stat(page, "将新增")).to_have_text("2")
    expect(stat(page, "将更新")).to_have_text("1")
    expect(stat(page, "无变化")).to_have_text("0")
    expect(page.locator("main li", has_text="命名年份：2016 → 2017")).to_be_visible()
    assert Unit.objects.count() == 1  # nothing written before the confirmation

    page.click("main button:has-text('确认导入')")

    expect(page.locator("main h1")).to_contain_text("单位名录")
    expect(page.locator(".msg-success")).to_have_text("已导入“2020年名录.xlsx”：新增 2 家，更新 1 家，未变 0 家。")
    rows = page.locator("main table").first.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("北京测试单位00001")
    expect(page.locator("main table").first).to_contain_text("北京测试单位00002")
    expect(page.locator("main table").first).to_contain_text("北京测试单位00003")
    assert Unit.objects.get(name="北京测试单位00001").named_year == 2017


def test_a_bad_sheet_is_refused_with_its_row(page, live_server, tmp_path):
    factories.StaffFactory(username="staff")
    sheet = tmp_path / "名录.xlsx"
    sheet.write_bytes(xlsx_bytes([unit_row(1), ["", "朝阳区", "朝阳区总工会", 2017]]))

    page.goto("/staff/units/import/")
    log_in(page, "staff", PASSWORD)
    page.set_input_files("input[type=file][name=file]", str(sheet))
    page.click("main button:has-text('上传并预览')")

    expect(page.locator("#import-errors-title")).to_have_text("“名录.xlsx”有 1 处问题，未导入任何单位")
    row = page.locator("table.import-errors tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text("第3行")
    expect(row.locator("td").nth(1)).to_have_text("单位名称")
    assert Unit.objects.count() == 0

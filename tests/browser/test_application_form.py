"""The unit fills in every section of the form in Chromium: autosave with its "saved at" indicator, rows added in
place, the live 金额 and 总计, the partner name shown only for 是, the 500-字 counter; then the check page link."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from psyboost.applications import services
from psyboost.applications.models import Application
from tests.clock import DEFAULT_INSTANT
from tests.conftest import PASSWORD
from tests.factories import CallFactory, DraftApplicationFactory, UnitUserFactory

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def draft(transactional_db):
    call = CallFactory(opens_at=DEFAULT_INSTANT - timedelta(days=10), deadline=DEFAULT_INSTANT + timedelta(days=10))
    application = DraftApplicationFactory(call=call)
    UnitUserFactory(username="unit-a", unit=application.unit)
    return application


def saved(page):
    expect(page.locator("[data-autosave-status]")).to_contain_text("已保存于", timeout=10_000)
    expect(page.locator("[data-autosave-status]")).to_have_class("autosave-status ok", timeout=10_000)


def test_a_unit_fills_in_every_section(page, draft):
    log_in(page, "unit-a", PASSWORD)
    page.goto("/applications/mine/")
    page.click("text=继续填写")
    expect(page.locator("h1")).to_have_text("一、申报单位基本信息")

    # 一: plain fields, autosaved while typing
    page.select_option("#id_unit_nature", "state_owned")
    page.fill("#id_headcount", "1200")
    page.fill("#id_card_holders", "1000")
    page.fill("#id_union_leader", "王建国")
    page.fill("#id_unit_profile", "供热企业，倒班多。")
    expect(page.locator("[data-counter-for=id_unit_profile]")).to_have_text("已输入 9 字，限 500 字")
    page.fill("#id_headcount", "一百")
    page.locator("#id_headcount").blur()
    expect(page.locator('[data-errors-for="headcount"]')).to_contain_text("请用阿拉伯数字填写")
    page.fill("#id_headcount", "1200")
    page.locator("#id_headcount").blur()
    saved(page)
    expect(page.locator('[data-errors-for="headcount"] li')).to_have_count(0)
    draft.refresh_from_db()
    assert (draft.unit_nature, draft.headcount, draft.union_leader) == ("state_owned", 1200, "王建国")

    # 二: a psych-worker row added in place
    page.click("text=二、职工心理服务工作基础")
    page.fill("#id_site_area", "120")
    page.locator('[data-table="psych_workers"] [data-row-add]').click()
    page.fill("#id_psych_workers-0-name", "张三丰")
    page.fill("#id_psych_workers-0-birth_month", "1980-05")
    page.locator("#id_psych_workers-0-birth_month").blur()
    saved(page)
    assert list(Application.objects.get(pk=draft.pk).psych_workers.values_list("name", flat=True)) == ["张三丰"]

    # 三: the partner name only for 是; the share hint
    page.click("text=三、2019年职工心理服务工作开展情况")
    partner = page.locator("#field-past_partner_name")
    expect(partner).to_be_hidden()
    page.check("input[name=past_partnered][value=True]")
    expect(partner).to_be_visible()
    page.fill("#id_past_partner_name", "北京阳光心理咨询中心")
    page.fill("#id_past_beneficiary_count", "800")
    expect(page.locator("[data-share-hint]")).to_have_text("按服务人数 ÷ 持卡职工人数计算约为 80.0%。")
    page.locator("#id_past_beneficiary_count").blur()
    saved(page)

    # 四: budget rows, live exact figures
    page.click("text=四、2020年职工心理服务项目申报")
    table = page.locator('[data-table="budget_items"]')
    table.locator("[data-row-add]").click()
    page.fill("#id_budget_items-0-item", "心理讲座")
    page.fill("#id_budget_items-0-unit_price", "2000.10")
    page.fill("#id_budget_items-0-quantity", "6")
    expect(table.locator("[data-amount]").first).to_have_text("12,000.60")
    table.locator("[data-row-add]").click()
    page.fill("#id_budget_items-1-item", "团体辅导")
    page.fill("#id_budget_items-1-unit_price", "1600")
    page.fill("#id_budget_items-1-quantity", "6.5")
    expect(table.locator("[data-total]")).to_have_text("22,400.60")
    expect(table.locator("[data-grant]")).to_have_text("20,000.00")
    expect(table.locator("[data-self-funded]")).to_have_text("2,400.60")
    table.locator("[data-row-up]").nth(1).click()  # 团体辅导 first
    saved(page)
    rows = Application.objects.get(pk=draft.pk).budget_items.values_list("item", flat=True)
    assert list(rows) == ["团体辅导", "心理讲座"]

    # 申报单位意见: the people listed, the explicit save
    page.click("text=申报单位意见")
    expect(page.locator("ul.people")).to_contain_text("张三丰")
    page.wait_for_load_state("networkidle")  # the section's page whole, before its box is ticked (a busy machine)
    page.check("#id_declaration_confirmed")
    page.check("#id_privacy_confirmed")
    page.click(".form-actions button[type=submit]")
    saved(page)
    draft.refresh_from_db()
    assert (draft.declaration_confirmed, draft.privacy_confirmed) == (True, True)
    expect(page.locator("a", has_text="检查并提交")).to_have_attribute("href", f"/applications/{draft.pk}/check/")
    expect(page.locator("a", has_text="个人信息处理说明").first).to_have_attribute("href", "/applications/privacy/")


def test_the_form_fits_a_phone(open_session, draft):
    page = open_session(viewport=PHONE).page
    log_in(page, "unit-a", PASSWORD)
    page.goto(f"/applications/{draft.pk}/form/foundation/")
    page.locator('[data-table="psych_workers"] [data-row-add]').click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_a_colleagues_save_in_between_is_shown_and_the_input_kept(page, draft):
    colleague = UnitUserFactory(username="unit-a-2", unit=draft.unit, display_name="王强")
    log_in(page, "unit-a", PASSWORD)
    page.goto(f"/applications/{draft.pk}/form/basic/")
    services.save_draft(draft, {"union_leader": "赵六"}, expected_version=draft.version, actor=colleague)

    page.fill("#id_union_leader", "钱七")
    page.locator("#id_union_leader").blur()

    stale = page.locator("#stale-live")
    expect(stale).to_contain_text("王强保存了新的内容（工会负责人）")
    expect(stale.locator("table")).to_contain_text("赵六")
    expect(stale.locator("table")).to_contain_text("钱七")
    expect(page.locator("#id_union_leader")).to_have_value("钱七")
    assert Application.objects.get(pk=draft.pk).union_leader == "赵六"

    stale.locator("button").click()  # 核对无误，以我的内容保存
    saved(page)
    assert Application.objects.get(pk=draft.pk).union_leader == "钱七"

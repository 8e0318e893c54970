"""The panel side of the review on a 375 px phone: staff set up the rubric, assign automatically, open the
materials stage; no page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from psyboost.review.models import Assignment, ReviewSettings
from tests import factories
from tests.conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def test_staff_prepare_and_open_the_materials_stage_on_a_phone(open_session, tmp_path):
    call = factories.CallFactory(year=2020)
    factories.StaffFactory(username="staff")
    for _ in range(4):
        factories.AcceptedApplicationFactory(call=call)
    for _ in range(3):
        factories.PanelMemberFactory(call=call)
    page = open_session(PHONE).page
    page.goto("/accounts/login/")
    log_in(page, "staff", PASSWORD)

    page.goto("/review/2020/rubric/")
    page.click("button:has-text('使用默认评分细则')")
    expect(page.locator(".messages")).to_contain_text("已使用默认评分细则。")
    expect(page.locator("main")).to_contain_text("合计 100 分")
    assert page.evaluate(SCROLL_WIDTH) <= 375

    page.goto("/review/2020/assignments/")
    page.click("button:has-text('自动分配')")
    expect(page.locator(".messages")).to_contain_text("自动分配完成：新增 12 条分配。")
    assert page.evaluate(SCROLL_WIDTH) <= 375
    assert Assignment.objects.count() == 12
    page.screenshot(path=str(tmp_path / "assignments.png"), full_page=True)

    page.goto("/review/2020/")
    page.fill("#id_opens_on", "2020-08-01")
    page.click("button:has-text('进入“材料审核进行中”')")
    expect(page.locator(".messages")).to_contain_text("评审已进入“材料审核进行中”阶段。")
    assert page.evaluate(SCROLL_WIDTH) <= 375
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert ReviewSettings.objects.get(call=call).phase == "materials"

    for path in ("/review/2020/panel/", "/review/2020/conflicts/", "/review/2020/settings/", "/review/2020/rubric/"):
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        assert page.evaluate(SCROLL_WIDTH) <= 375, path

"""The scoring side of the review: an expert logs in, opens an assignment, scores every criterion and submits (on a
375 px phone); staff close the materials stage and see the application's scores."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from psyboost.review.models import Review, ReviewPhase, ReviewSettings
from tests import factories
from tests.conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def test_expert_scores_and_submits_then_staff_close_and_see_scores(open_session, tmp_path):
    call = factories.CallFactory(year=2020)
    ReviewSettings.objects.create(call=call, phase=ReviewPhase.MATERIALS)
    site = factories.CriterionFactory(call=call, name="场地与设施", max_points=Decimal("15"), guidance="面积与分区")
    budget = factories.CriterionFactory(
        call=call, name="经费预算合理性", max_points=Decimal("10"), comment_required=True
    )
    expert = factories.ExpertProfileFactory(user=factories.ExpertFactory(username="judge"), name="王评审")
    factories.PanelMemberFactory(call=call, expert=expert)
    application = factories.AcceptedApplicationFactory(call=call)
    factories.AssignmentFactory(application=application, expert=expert)
    factories.StaffFactory(username="staff")

    page = open_session(PHONE).page
    log_in(page, "judge", PASSWORD)
    page.goto("/review/my-assignments/")
    expect(page.locator("main")).to_contain_text("0 / 1")
    page.click("a:has-text('评分')")
    expect(page.locator("main h1")).to_contain_text(application.unit.name)
    expect(page.locator(".application-readonly")).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= 375

    expect(page.locator("#live-total")).to_have_text("当前合计 0.00 / 25.00（2 项未评分）")
    page.fill(f"#id_points_{site.pk}", "abc")
    page.fill(f"#id_points_{budget.pk}", "8")
    expect(page.locator("#live-total")).to_have_text("当前合计 8.00 / 25.00（1 项分数有误，未计入）")
    page.click("button[name=submit]")
    expect(page.locator(f"#error_{site.pk}")).to_have_text("非数字：请填写 0–15 之间的分数。")
    expect(page.locator(f"#id_points_{budget.pk}")).to_have_value("8")
    page.fill(f"#id_points_{site.pk}", "13.5")
    expect(page.locator("#live-total")).to_have_text("当前合计 21.50 / 25.00")
    page.click("button[name=save]")
    expect(page.locator(".messages")).to_contain_text("草稿已保存。")
    page.fill(f"#id_comment_{budget.pk}", "预算细致合理")
    page.click("button[name=submit]")
    expect(page.locator(".messages")).to_contain_text("评审意见已提交，谢谢！")
    expect(page.locator("main")).to_contain_text("已提交（已锁定）")
    page.screenshot(path=str(tmp_path / "score.png"), full_page=True)
    assert Review.objects.get().state == "submitted"

    staff_page = open_session().page
    log_in(staff_page, "staff", PASSWORD)
    staff_page.goto("/review/2020/")
    staff_page.click("button:has-text('进入“材料审核已结束（确定入围）”')")
    expect(staff_page.locator(".messages")).to_contain_text("评审已进入“材料审核已结束（确定入围）”阶段。")
    staff_page.goto("/review/2020/progress/")
    expect(staff_page.locator("main")).to_contain_text("1 / 1")
    staff_page.click(f"a:has-text('{application.display_number}')")
    expect(staff_page.locator("main table")).to_contain_text("王评审")
    expect(staff_page.locator("main table")).to_contain_text("21.5")

    page.goto(f"/review/applications/{application.pk}/scores/")
    expect(page.locator("main table")).to_contain_text("13.5")
    assert page.evaluate(SCROLL_WIDTH) <= 375


def test_staff_plan_the_onsite_exchange_on_a_phone(open_session):
    call = factories.CallFactory(year=2020)
    ReviewSettings.objects.create(call=call, phase=ReviewPhase.SHORTLIST)
    expert = factories.PanelMemberFactory(call=call, expert=factories.ExpertProfileFactory(name="李专家")).expert
    application = factories.AcceptedApplicationFactory(call=call, with_photos=False)
    review = factories.ReviewFactory(
        assignment=factories.AssignmentFactory(application=application),
        state="submitted",
        submitted_at=factories.submitted_in_the_call(call),
    )
    factories.ScoreFactory(review=review, criterion=factories.CriterionFactory(call=call))
    factories.StaffFactory(username="staff")
    page = open_session(PHONE).page
    log_in(page, "staff", PASSWORD)
    page.goto("/review/2020/onsite/")
    page.fill("#id_title", "第一场")
    page.fill("#id_starts_at", "2020-09-01T09:30")
    page.fill("#id_place", "职工服务中心301")
    page.check(f"input[name=experts][value='{expert.pk}']")
    page.click("button:has-text('创建场次')")
    expect(page.locator(".messages")).to_contain_text("现场交流场次已创建。")
    page.select_option("#id_application", str(application.pk))
    page.fill("section:has-text('安排申报') #id_starts_at", "2020-09-01T10:00")
    page.click("button:has-text('安排')  >> nth=-1")
    expect(page.locator(".messages")).to_contain_text("已安排")
    page.click("button:has-text('按场次生成分配')")
    expect(page.locator(".messages")).to_contain_text("已生成 1 项现场交流评审分配。")
    for path in ("/review/2020/onsite/", "/review/2020/progress/?stage=onsite"):
        page.goto(path)
        assert page.evaluate(SCROLL_WIDTH) <= 375, path

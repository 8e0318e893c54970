"""A funded project in the browser: the unit confirms its account, staff pay, the unit records an activity with
photos and an expense, files a resource request that staff match, submits its closing materials; staff accept
them, assign the evaluation; the expert scores; staff confirm the grade."""

import pytest
from playwright.sync_api import expect

from psyboost.projects.models import Project, ResourceRequest
from psyboost.review.models import PanelMember
from tests import factories
from tests.conftest import PASSWORD
from tests.projects.helpers import make_projects
from tests.uploads import samples

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_a_project_from_account_to_grade(open_session, tmp_path):
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    factories.UnitUserFactory(username="unit-a", unit=project.unit)
    expert = factories.ExpertProfileFactory(user=factories.ExpertFactory(username="judge"), name="王评审")
    PanelMember.objects.create(call=call, expert=expert)
    photo = tmp_path / "合影.jpg"
    photo.write_bytes(samples.jpeg())
    scan = tmp_path / "结项表.pdf"
    scan.write_bytes(samples.pdf())
    detail = f"/projects/p/{project.pk}/"

    unit = open_session().page
    log_in(unit, "unit-a", PASSWORD)
    unit.goto("/projects/")
    unit.click("a:has-text('2020年职工心理服务助推项目')")
    account = unit.locator("form[action$='/account/']")
    account.locator("input[name=account_name]").fill("甲单位")
    account.locator("input[name=bank]").fill("工商银行北京分行")
    account.locator("input[name=account_number]").fill("12ab")
    account.locator("button").click()
    expect(unit.locator("main")).to_contain_text("账号应为 8–32 位数字。")
    expect(unit.locator("form[action$='/account/'] input[name=bank]")).to_have_value("工商银行北京分行")
    account = unit.locator("form[action$='/account/']")
    account.locator("input[name=account_number]").fill("0200 0012 3456 7890")
    account.locator("input[name=agreed]").check()
    account.locator("button").click()
    expect(unit.locator("main")).to_contain_text("收款账户已确认，资金使用承诺已签署。")

    office = open_session().page
    log_in(office, "staff", PASSWORD)
    office.goto(f"/projects/{call.year}/payments/")
    office.fill("input[name=paid_on]", "2020-08-05")
    office.fill(f"input[name=voucher_{project.pk}]", "PZ-001")
    office.click("button:has-text('登记本批拨付')")
    expect(office.locator("main")).to_contain_text("第1批拨付已登记，共 1 个项目。")

    unit.goto(detail)
    activity = unit.locator("form[action$='/activities/']")
    activity.locator("input[name=held_on]").fill("2020-09-05")
    activity.locator("input[name=title]").fill("减压讲座")
    activity.locator("input[name=participants]").fill("80")
    activity.locator("input[name=photos]").set_input_files(str(photo))
    # The photo goes at once by the resumable upload; the form then names it.
    expect(activity.locator("[data-uploaded-for=photos]")).to_contain_text("合影.jpg")
    activity.locator("button:has-text('保存活动记录')").click()
    expect(unit.locator("main")).to_contain_text("活动记录已保存。")
    expect(unit.locator("#activities")).to_contain_text("合影.jpg")
    expense = unit.locator("form[action$='/expenses/']")
    expense.locator("select[name=line]").select_option(label="心理讲座")
    expense.locator("input[name=spent_on]").fill("2020-09-06")
    expense.locator("input[name=item]").fill("讲座专家费")
    expense.locator("input[name=amount]").fill("2000")
    expense.locator("button").click()
    expect(unit.locator("main")).to_contain_text("支出已登记。")
    expect(unit.locator("#spending")).to_contain_text("10000.00")

    unit.goto("/projects/requests/mine/")
    unit.select_option("select[name=kind]", "social")
    unit.fill("textarea[name=need]", "需要团体辅导机构")
    unit.click("button:has-text('提交需求')")
    expect(unit.locator("main")).to_contain_text("需求已提交")
    provider = factories_provider()
    office.goto("/projects/requests/")
    office.select_option("select[name=provider]", str(provider.pk))
    office.fill("input[name=arrangement]", "三日内联系")
    office.click("button:has-text('对接')")
    expect(office.locator("main")).to_contain_text("已完成对接。")
    assert ResourceRequest.objects.get().state == "matched"

    unit.goto(f"{detail}closing/")
    unit.fill("textarea[name=goals]", "按计划完成")
    unit.fill("textarea[name=effects]", "职工满意")
    unit.set_input_files("input[name=closing_form]", str(scan))
    expect(unit.locator("[data-uploaded-for=closing_form]")).to_contain_text("结项表.pdf")
    unit.click("button:has-text('提交结项材料')")
    expect(unit.locator("main")).to_contain_text("结项材料已提交")

    office.goto(detail)
    office.click("button:has-text('通过结项审核')")
    office.goto(f"/projects/{call.year}/")
    office.click("button:has-text('分配结项评估专家')")
    expect(office.locator("main")).to_contain_text("已新增 1 项结项评估分配。")

    judge = open_session().page
    log_in(judge, "judge", PASSWORD)
    judge.goto("/projects/evaluations/")
    judge.click("a:has-text('甲单位')")
    for field, points in zip(judge.locator("input[name^=points_]").all(), ("28", "22", "18", "13", "9"), strict=True):
        field.fill(points)
    judge.click("button[name=submit]")
    expect(judge.locator("main")).to_contain_text("评估意见已保存。")

    office.goto(detail)
    office.click("button:has-text('确认结项等级')")
    expect(office.locator("main")).to_contain_text("结项等级已确认：优秀。")
    assert Project.objects.values_list("stage", "grade").get() == ("closed", "excellent")

    office.goto(f"/projects/{call.year}/")
    for chart in ("#chart-progress", "#chart-spending", "#chart-types"):
        expect(office.locator(f"{chart} canvas")).to_have_count(1)
    expect(office.locator("#chart-spending + .table-wrap")).to_contain_text("2000.00")


def factories_provider():
    from psyboost.projects.models import Provider

    return Provider.objects.create(name="阳光心理", services=["group"], districts=["朝阳区"])

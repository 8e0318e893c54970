"""三、上一年度工作开展情况, 四、本年度项目申报 (dates, partner, plan, 经费预算) and 申报单位意见."""

from datetime import date
from decimal import Decimal

import pytest

from psyboost.applications.checks import ERROR, WARN, member_share_hint
from psyboost.applications.models import BudgetItem
from tests.applications.conftest import found
from tests.factories import BudgetItemFactory, ScheduleItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "empty", "message"),
    [
        ("past_beneficiaries", "", "请填写服务对象。"),
        ("past_beneficiary_count", None, "请填写服务人数。"),
        ("past_member_share", None, "请填写占会员总数。"),
        ("past_investment", None, "请填写投入资金。"),
        ("past_partnered", None, "请选择是否与第三方心理服务机构合作。"),
        ("past_model", "", "请填写职工心理服务工作模式及服务内容。"),
        ("past_results", "", "请填写服务效果与经验总结。"),
        ("beneficiaries", "", "请填写服务对象。"),
        ("beneficiary_count", None, "请填写服务人数。"),
        ("partnered", None, "请选择是否与第三方专业机构合作。"),
        ("expected_results", "", "请填写项目预期效果。"),
    ],
)
def test_a_required_field_of_sections_three_and_four(application, field, empty, message):
    setattr(application, field, empty)

    assert found(application) == [(field, message, ERROR)]


def test_the_served_share_is_between_0_and_100(application):
    application.past_member_share = Decimal("100.1")
    assert found(application) == [("past_member_share", "占会员总数不能大于 100。", ERROR)]

    application.past_member_share = Decimal("-0.1")
    assert found(application) == [("past_member_share", "占会员总数不能小于 0。", ERROR)]

    application.past_member_share = Decimal("100.0")
    assert found(application) == []


def test_the_share_hint_is_served_divided_by_card_holders(application):
    assert member_share_hint(application) == Decimal("72.7")

    application.past_beneficiary_count, application.card_holders = 1, 3
    assert member_share_hint(application) == Decimal("33.3")

    application.card_holders = 0
    assert member_share_hint(application) is None


def test_zero_served_last_year_is_allowed_but_at_least_one_this_year(application):
    application.past_beneficiary_count = 0
    assert found(application) == []

    application.beneficiary_count = 0
    assert found(application) == [("beneficiary_count", "服务人数不能小于 1。", ERROR)]


@pytest.mark.parametrize(("flag", "name"), [("past_partnered", "past_partner_name"), ("partnered", "partner_name")])
def test_the_partner_name_is_required_only_when_yes(application, flag, name):
    setattr(application, flag, False)
    setattr(application, name, "")
    assert found(application) == []

    setattr(application, flag, True)
    assert found(application) == [(name, "选择了与第三方机构合作，请填写合作单位名称。", ERROR)]


def test_the_implementation_dates_are_required(application):
    application.starts_on = application.ends_on = None

    assert found(application) == [
        ("starts_on", "请填写实施时间（起）。", ERROR),
        ("ends_on", "请填写实施时间（至）。", ERROR),
    ]


def test_the_end_cannot_come_before_the_start(application):
    application.starts_on, application.ends_on = date(2020, 10, 1), date(2020, 9, 30)
    assert found(application) == [("ends_on", "实施时间的结束日期不能早于开始日期。", ERROR)]

    application.ends_on = date(2020, 10, 1)
    assert found(application) == []


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [(date(2019, 12, 31), date(2020, 6, 1), "starts_on"), (date(2020, 6, 1), date(2021, 1, 1), "ends_on")],
)
def test_the_dates_lie_in_the_call_year_by_default(application, starts, ends, field):
    application.starts_on, application.ends_on = starts, ends

    assert found(application) == [(field, "实施时间应在2020年1月1日至2020年12月31日之间。", ERROR)]


def test_the_dates_lie_in_the_calls_implementation_window_when_it_has_one(application):
    call = application.call
    call.implementation_start, call.implementation_end = date(2020, 8, 1), date(2021, 7, 31)
    application.starts_on, application.ends_on = date(2020, 7, 31), date(2021, 7, 31)

    assert found(application) == [("starts_on", "实施时间应在2020年8月1日至2021年7月31日之间。", ERROR)]


def test_the_plan_may_be_text_or_schedule_rows(application):
    application.plan = ""
    assert found(application, rows={"schedule_items": []}) == [
        ("plan", "请填写计划开展服务项目内容及进度安排。", ERROR)
    ]

    assert found(application, rows={"schedule_items": [ScheduleItemFactory.build()]}) == []
    application.plan = "全年计划"
    assert found(application, rows={"schedule_items": []}) == []


def test_a_schedule_row_needs_content(application):
    assert found(application, rows={"schedule_items": [ScheduleItemFactory.build(content="")]}) == [
        ("schedule_items-0-content", "第1行：请填写内容。", ERROR)
    ]


def test_the_budget_needs_at_least_one_row(application):
    BudgetItem.objects.filter(application=application).delete()

    assert found(application) == [("budget_items", "请至少填写一行经费预算。", ERROR)]


def test_a_budget_row_needs_item_price_and_quantity(application):
    rows = [BudgetItemFactory.build(item="", unit_price=None, quantity=None), BudgetItemFactory.build(quantity=10)]

    assert found(application, rows={"budget_items": rows}) == [
        ("budget_items-0-item", "第1行：请填写支出明细。", ERROR),
        ("budget_items-0-unit_price", "第1行：请填写单价（元）。", ERROR),
        ("budget_items-0-quantity", "第1行：请填写数量。", ERROR),
    ]


def test_a_budget_quantity_must_be_positive(application):
    rows = [BudgetItemFactory.build(quantity=Decimal("0")), BudgetItemFactory.build(unit_price=Decimal("20000"))]

    assert found(application, rows={"budget_items": rows}) == [
        ("budget_items-0-quantity", "第1行：数量应大于 0。", ERROR)
    ]


def test_a_budget_below_the_grant_is_a_warning(application):
    BudgetItem.objects.filter(application=application, position=1).update(unit_price=Decimal("1599.99"))

    assert found(application) == [("budget_items", "经费预算总计19,999.95元，低于市总工会助推资金20,000.00元。", WARN)]


def test_a_budget_above_the_grant_is_fine(application):
    BudgetItem.objects.filter(application=application, position=1).update(quantity=Decimal("50"))

    assert found(application) == []


def test_the_declaration_and_the_privacy_consent_are_required(application):
    application.declaration_confirmed = application.privacy_confirmed = False

    assert found(application) == [
        ("declaration_confirmed", "请确认申报单位意见：同意申报。", ERROR),
        ("privacy_confirmed", "请确认已告知所列心理工作人员其个人信息的用途和接收方，并取得其同意。", ERROR),
    ]


def test_an_overlong_cell_is_an_error(application):
    rows = [BudgetItemFactory.build(notes="说" * 201, unit_price=Decimal("20000"), quantity=1)]

    assert found(application, rows={"budget_items": rows}) == [
        ("budget_items-0-notes", "第1行：内容过长（201 字），最多 200 字。", ERROR)
    ]

"""Every number in its range and every text within its length, wherever the value came from."""

from decimal import Decimal

import pytest

from psyboost.applications.checks import ERROR
from tests.applications.conftest import found
from tests.factories import BudgetItemFactory, EquipmentFactory, FunctionalAreaFactory, PsychWorkerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("headcount", 0, "单位人数不能小于 1。"),
        ("card_holders", -1, "本单位/本辖区持工会会员互助服务卡职工人数不能小于 0。"),
        ("site_area", Decimal("-0.1"), "心理服务场地面积不能小于 0。"),
        ("site_investment", Decimal("-1"), "心理服务场地建设投入资金不能小于 0。"),
        ("union_worker_count", -1, "工会工作人员总数不能小于 0。"),
        ("internal_psych_worker_count", -1, "内部心理服务工作人员数不能小于 0。"),
        ("external_psych_worker_count", -1, "外聘心理服务工作人员数不能小于 0。"),
        ("qualified_people_count", -1, "本单位心理学专业或具备心理资质人员数不能小于 0。"),
        ("past_beneficiary_count", -1, "服务人数不能小于 0。"),
        ("past_investment", Decimal("-0.01"), "投入资金不能小于 0。"),
        ("beneficiary_count", 0, "服务人数不能小于 1。"),
        ("past_member_share", Decimal("100.1"), "占会员总数不能大于 100。"),
        ("area_count", -1, "功能区数量不能小于 0。"),
    ],
)
def test_a_number_out_of_its_range(application, field, value, message):
    setattr(application, field, value)

    # Only the range error blocks; a warning that follows from the odd figure may come along.
    assert [problem for problem in found(application) if problem[2] == ERROR] == [(field, message, ERROR)]


@pytest.mark.parametrize(
    ("kind", "row", "field", "message"),
    [
        (
            "functional_areas",
            FunctionalAreaFactory.build(area=Decimal("-1")),
            "area",
            "第1行：面积（平米）不能小于 0。",
        ),
        (
            "equipment",
            EquipmentFactory.build(investment=Decimal("-1")),
            "investment",
            "第1行：设备投入资金（万元）不能小于 0。",
        ),
        ("equipment", EquipmentFactory.build(quantity=0), "quantity", "第1行：数量不能小于 1。"),
        ("psych_workers", PsychWorkerFactory.build(years=-1), "years", "第1行：心理工作年限不能小于 0。"),
        (
            "budget_items",
            BudgetItemFactory.build(unit_price=Decimal("-1")),
            "unit_price",
            "第1行：单价（元）不能小于 0。",
        ),
        ("budget_items", BudgetItemFactory.build(quantity=Decimal("0")), "quantity", "第1行：数量应大于 0。"),
    ],
)
def test_a_row_number_out_of_its_range(application, kind, row, field, message):
    rows = {kind: [row]}
    if kind == "budget_items":
        rows[kind].append(BudgetItemFactory.build(unit_price=Decimal("30000"), quantity=1))
    if kind == "functional_areas":
        application.area_count = 1

    assert found(application, rows=rows) == [(f"{kind}-0-{field}", message, ERROR)]

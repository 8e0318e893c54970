"""The staff export of everything: one sheet per entity, exact values, formulas kept as text, a Chinese file name,
the same number of queries at two sizes."""

from datetime import datetime
from io import BytesIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from psyboost.projects import workbook
from psyboost.projects.models import ChangeRequest, ProjectSettings, Provider
from psyboost.projects.services import activities, closing, evaluation, matching, spending
from psyboost.review.models import PanelMember
from tests import factories

from .helpers import make_projects, paid
from .test_closing_evaluation import _closing_form, _score_all

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2020, 12, 15, 10, 0, tzinfo=BEIJING)
SHEETS = [
    "项目",
    "资金拨付",
    "预算科目",
    "支出明细",
    "进度节点",
    "活动记录",
    "中期报告",
    "变更申请",
    "资源对接需求",
    "咨询指导记录",
    "结项材料",
    "结项评估",
]


@pytest.fixture
def world():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    first, second = make_projects(call, staff, names=["甲单位", "=HYPERLINK(1)乙单位"])
    user = factories.UnitUserFactory(username="unit-a", unit=first.unit)
    paid(first, user, staff, voucher="PZ-001")
    lecture, group = first.budget_lines.order_by("position")
    spending.record_expense(
        first,
        user,
        line_id=str(lecture.pk),
        spent_on="2020-09-06",
        item="讲座专家费",
        amount="1500.50",
        source="grant",
        payee="张老师",
        invoice_number="FP-1",
    )
    spending.record_expense(
        first, user, line_id=str(group.pk), spent_on="2020-09-10", item="团辅材料", amount="300", source="own"
    )
    provider = Provider.objects.create(name="阳光心理", services=["group"])
    activities.record_activity(
        first,
        user,
        held_on="2020-09-05",
        kind="lecture",
        title="减压讲座",
        participants="80",
        place="礼堂",
        provider_id=str(provider.pk),
    )
    milestone = first.milestones.get(position=0)
    milestone.done_on = milestone.due_on
    milestone.save()
    activities.submit_midterm(first, user, progress="按计划推进", now=NOW)
    ChangeRequest.objects.create(project=first, kind="content", reason="调整", proposed={"content": "新内容"})
    request = matching.file_request(
        first.unit, user, kind="social", need="需要团辅机构", now=datetime(2020, 9, 1, 9, 0, tzinfo=BEIJING)
    )
    matching.match(
        request,
        staff,
        provider_id=str(provider.pk),
        arrangement="三日内联系",
        now=datetime(2020, 9, 2, 15, 0, tzinfo=BEIJING),
    )
    matching.log_consultation(request, staff, held_on="2020-09-03", who="王老师", topic="方案", form="电话")
    _closing_form(first)
    closing.submit_closing(first, user, goals="完成", effects="好")
    closing.check_closing(first, staff, accept=True)
    experts = [factories.ExpertProfileFactory(name=f"专家{i}") for i in range(2)]
    for expert in experts:
        PanelMember.objects.create(call=call, expert=expert)
    ProjectSettings.objects.update_or_create(call=call, defaults={"reviewers_per_project": 2})
    evaluation.assign_experts(call, staff)
    _score_all(first, [(28, 22, 18, 14, 9), (27, 23, 19, 13, 8)])
    evaluation.confirm_grade(first, staff)
    return {"call": call, "staff": staff, "first": first, "second": second}


def _rows(book, title):
    return [list(row) for row in book[title].iter_rows(values_only=True)]


def test_every_entity_has_its_sheet_with_exact_values(world):
    call = world["call"]
    book = load_workbook(BytesIO(workbook.everything(call, now=NOW)))
    assert book.sheetnames == SHEETS

    projects = _rows(book, "项目")
    assert projects[0][:4] == ["排名", "单位名称", "申报编号", "阶段"]
    assert [row[:2] for row in projects[1:]] == [[1, "甲单位"], [2, "=HYPERLINK(1)乙单位"]]
    assert book["项目"]["B3"].data_type == "s" and book["项目"]["B3"].quotePrefix
    header = projects[0]
    row = dict(zip(header, projects[1], strict=True))
    assert row["阶段"] == "已结项" and row["结项等级"] == "优秀" and row["结项得分"] == 90.5
    assert row["预算（元）"] == 20000 and row["已支出（元）"] == 1800.5 and row["支出进度%"] == 9
    assert row["进度节点"] == 3 and row["已完成"] == 1 and row["活动次数"] == 1 and row["参加人次"] == 80

    payments = _rows(book, "资金拨付")
    pay = dict(zip(payments[0], payments[1], strict=True))
    assert pay["账号"] == "0200001234567890" and pay["拨付金额（元）"] == 20000 and pay["凭证号"] == "PZ-001"
    assert pay["批次"] == 1 and pay["拨付日期"] == datetime(2020, 8, 5)
    assert payments[2][2:5] == [None, None, None]  # empty text reads back as an empty cell
    assert payments[2][-1] == "待确认账户与承诺"

    lines = _rows(book, "预算科目")
    assert lines[0] == [
        "排名", "单位名称", "序号", "支出明细", "预算金额（元）", "说明", "已在变更中取消",
        "助推资金支出（元）", "自筹支出（元）", "合计支出（元）", "剩余（元）",
    ]  # fmt: skip
    assert lines[1][3:] == ["心理讲座", 12000, "外请专家", "否", 1500.5, 0, 1500.5, 10499.5]
    assert lines[2][3:] == ["团体辅导", 8000, "外请专家", "否", 0, 300, 300, 7700]
    assert len(lines) == 5  # two lines per project

    expenses = _rows(book, "支出明细")
    assert expenses[1][:9] == [
        1, "甲单位", datetime(2020, 9, 6), "心理讲座", "讲座专家费", 1500.5, "助推资金", "张老师", "FP-1"
    ]  # fmt: skip
    assert expenses[2][6] == "自筹"

    milestones = _rows(book, "进度节点")
    assert [row[-1] for row in milestones[1:4]] == ["已完成", "逾期", "未开始"]
    assert milestones[1][2:5] == [0, "2020年8月", "职工心理需求调研"]

    acts = _rows(book, "活动记录")
    assert acts[1] == [1, "甲单位", datetime(2020, 9, 5), "讲座", "减压讲座", None, 80, "礼堂", "阳光心理", None, None]

    assert _rows(book, "中期报告")[1][:4] == [1, "甲单位", "按计划推进", None]
    changes = _rows(book, "变更申请")
    assert changes[1][:6] == [1, "甲单位", "项目内容", "调整", '{"content": "新内容"}', "待审核"]

    requests = _rows(book, "资源对接需求")
    req = dict(zip(requests[0], requests[1], strict=True))
    assert req["单位名称"] == "甲单位" and req["服务机构"] == "阳光心理" and req["对接用时（小时）"] == 30
    assert req["提出时间"] == datetime(2020, 9, 1, 9, 0) and req["状态"] == "已对接"
    assert _rows(book, "咨询指导记录")[1] == [
        "甲单位",
        "社会资源对接",
        datetime(2020, 9, 3),
        "王老师",
        "方案",
        "电话",
        None,
    ]

    closings = _rows(book, "结项材料")
    closed = dict(zip(closings[0], closings[1], strict=True))
    assert (
        closed["活动次数"] == 1 and closed["助推资金支出（元）"] == 1500.5 and closed["助推资金结余（元）"] == 18499.5
    )
    assert closed["提交次数"] == 1 and len(closings) == 2

    evaluations = _rows(book, "结项评估")
    assert evaluations[0] == [
        "排名", "单位名称", "专家", "状态", "目标完成（30分）", "活动质量与覆盖（25分）", "经费使用规范（20分）",
        "过程材料完整（15分）", "可持续性（10分）", "总分", "提交时间", "总体评语",
    ]  # fmt: skip
    assert [row[:10] for row in evaluations[1:]] == [
        [1, "甲单位", "专家0", "已提交", 28, 22, 18, 14, 9, 91],
        [1, "甲单位", "专家1", "已提交", 27, 23, 19, 13, 8, 90],
    ]


def test_the_export_page_answers_with_the_chinese_file_name_and_fixed_queries(client, world):
    call, staff = world["call"], world["staff"]
    client.force_login(staff)
    with CaptureQueriesContext(connection) as small:
        response = client.get(f"/projects/{call.year}/export.xlsx")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote('2020年助推项目.xlsx')}"
    more = make_projects(call, staff, names=[f"单位{i}" for i in range(4)])
    for project in more:
        paid(project, factories.UnitUserFactory(unit=project.unit), staff, voucher=f"PZ{project.pk}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"/projects/{call.year}/export.xlsx")
    assert len(small) == len(large)
    assert len(load_workbook(BytesIO(response.content))["项目"]["A"]) == 7

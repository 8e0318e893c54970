"""Experts, the panel and the expert sheet import."""

import io

import pytest

from psyboost.accounts.models import Role
from psyboost.audit.models import AuditEntry
from psyboost.review.models import Expert, PanelMember, ReviewPhase
from psyboost.review.panel_import import parse_expert_file
from psyboost.review.services import panel
from tests import factories
from tests.calls.sheets import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "工作单位", "职称", "专业领域", "所在区", "联系电话", "联系邮箱", "类别"]


def row(name="王芳", organisation="北京大学心理学系", **overrides):
    values = {
        "kind": "expert",
        "name": name,
        "organisation": organisation,
        "title": "教授",
        "expertise": "团体辅导",
        "district_union": "海淀区",
        "phone": "13800000000",
        "email": "wf@example.com",
    }
    return {**values, **overrides}


def parse(rows, header=HEADER, name="专家.xlsx"):
    data = xlsx_bytes(rows, header) if name.endswith(".xlsx") else csv_bytes(rows, header)
    return parse_expert_file(io.BytesIO(data), name)


def test_create_experts_gives_accounts_that_must_change_password_and_joins_the_panel(call, staff_user):
    issued = panel.create_experts([row(), row("赵强", kind="department")], actor=staff_user, call=call)
    assert [i.expert.name for i in issued] == ["王芳", "赵强"]
    first = issued[0].expert
    assert first.user.role == Role.EXPERT
    assert first.user.must_change_password is True
    assert first.user.check_password(issued[0].password)
    assert first.user.username == "e0001"
    assert issued[1].expert.kind == Expert.Kind.DEPARTMENT
    assert PanelMember.objects.filter(call=call).count() == 2
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["review.expert_created", "review.panel_member_added"] * 2


def test_create_experts_without_call_does_not_touch_the_panel(staff_user):
    panel.create_experts([row()], actor=staff_user)
    assert PanelMember.objects.count() == 0


def test_add_member_twice_is_refused(call, staff_user):
    expert = factories.ExpertProfileFactory()
    panel.add_member(call, expert, actor=staff_user)
    with pytest.raises(panel.PanelRefused, match="已在本年度评审组中"):
        panel.add_member(call, expert, actor=staff_user)


def test_add_member_with_inactive_account_is_refused(call, staff_user):
    expert = factories.ExpertProfileFactory(user__is_active=False)
    with pytest.raises(panel.PanelRefused, match="账号已停用"):
        panel.add_member(call, expert, actor=staff_user)


def test_remove_member_refused_while_assigned_then_allowed(call, staff_user):
    member = factories.PanelMemberFactory(call=call)
    assignment = factories.AssignmentFactory(expert=member.expert, application__call=call)
    with pytest.raises(panel.PanelRefused, match="还有评审分配"):
        panel.remove_member(call, member.expert, actor=staff_user)
    assignment.delete()
    panel.remove_member(call, member.expert, actor=staff_user)
    assert not PanelMember.objects.filter(call=call).exists()
    with pytest.raises(panel.PanelRefused, match="不在本年度评审组中"):
        panel.remove_member(call, member.expert, actor=staff_user)


def test_one_chair_at_a_time(call, staff_user):
    first, second = factories.PanelMemberFactory(call=call), factories.PanelMemberFactory(call=call)
    panel.set_chair(call, first.expert, actor=staff_user)
    panel.set_chair(call, second.expert, actor=staff_user)
    assert list(PanelMember.objects.filter(call=call, is_chair=True).values_list("pk", flat=True)) == [second.pk]
    outsider = factories.ExpertProfileFactory()
    with pytest.raises(panel.PanelRefused, match="不能担任组长"):
        panel.set_chair(call, outsider, actor=staff_user)


def test_save_settings_records_changes_and_is_refused_once_decided(call, staff_user):
    panel.save_settings(call, {"reviewers_per_application": 5}, actor=staff_user)
    entry = AuditEntry.objects.get(action="review.settings_changed")
    assert entry.data == {"changes": {"reviewers_per_application": ["3", "5"]}}
    panel.review_settings_of(call).__class__.objects.filter(call=call).update(phase=ReviewPhase.DECIDED)
    with pytest.raises(panel.PanelRefused, match="不能再修改"):
        panel.save_settings(call, {"reviewers_per_application": 4}, actor=staff_user)


# ---- the sheet ----------------------------------------------------------------------------------------------------


def test_good_sheet_gives_clean_rows():
    result = parse(
        [["王芳", "北京大学", "教授", "团体辅导、EAP", "海淀区总工会", 13800000000, "wf@example.com", "业务部门成员"]]
    )
    assert result.ok
    assert result.rows == [
        {
            "row": 2,
            "name": "王芳",
            "organisation": "北京大学",
            "title": "教授",
            "expertise": "团体辅导、EAP",
            "district_union": "海淀区",
            "phone": "13800000000",
            "email": "wf@example.com",
            "kind": "department",
        }
    ]


def test_csv_with_only_the_name_column():
    result = parse([["王芳"], ["赵强"]], header=["姓名"], name="专家.csv")
    assert [r["name"] for r in result.rows] == ["王芳", "赵强"]
    assert result.rows[0]["kind"] == "expert"


def test_every_bad_row_is_reported_and_nothing_is_kept():
    result = parse(
        [
            ["", "北京大学", "", "", "", "", "", ""],
            ["王芳", "北京大学", "", "", "火星区", "", "not-mail", "顾问"],
            ["赵强", "首都师大", "", "", "", "", "", ""],
            ["赵强", "首都师大", "", "", "", "", "", ""],
        ]
    )
    assert result.rows == []
    assert [(p.row_number, p.column) for p in result.errors] == [
        (2, "姓名"),
        (3, "所在区"),
        (3, "联系邮箱"),
        (3, "类别"),
        (5, "姓名"),
    ]
    assert result.errors[0].message_zh == "姓名不能为空。"
    assert result.errors[4].message_zh == "与第4行重复。"


def test_an_expert_already_in_the_pool_is_refused():
    factories.ExpertProfileFactory(name="王芳", organisation="北京大学")
    result = parse([["王芳", "北京大学", "", "", "", "", "", ""]])
    assert [str(p) for p in result.errors] == ["第2行 姓名：专家“王芳”（北京大学）已在专家库中。"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.xlsx", "文件是空的，没有任何内容。"),
        (b"x", "a.doc", "不支持的文件类型“.doc”，请上传 Excel（.xlsx）或 CSV（.csv）文件。"),
        (
            b"not a zip",
            "a.xlsx",
            "文件不是有效的 Excel（.xlsx）文件，可能是改了扩展名的其他文件。请在 Excel 中“另存为” .xlsx 或 .csv。",
        ),
    ],
)
def test_unreadable_files_are_refused_whole(data, name, message):
    result = parse_expert_file(io.BytesIO(data), name)
    assert [str(p) for p in result.errors] == [message]


def test_a_sheet_without_the_name_header_is_refused():
    result = parse([["王芳"]], header=["名字"])
    assert result.errors[0].row_number is None
    assert "找不到表头" in result.errors[0].message_zh


def test_header_only_is_refused():
    result = parse([], header=HEADER)
    assert [str(p) for p in result.errors] == ["文件只有表头，没有专家数据。"]


def test_create_refuses_an_expert_already_in_the_pool(staff_user):
    factories.ExpertProfileFactory(name="王芳", organisation="北京大学心理学系")
    with pytest.raises(panel.PanelRefused, match="已在专家库中，本次没有创建任何专家"):
        panel.create_experts([row("赵强"), row()], actor=staff_user)
    assert Expert.objects.count() == 1

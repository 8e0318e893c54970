"""The 经费决算表 from the spending records, downloaded by the unit and by staff, and the same sheet in the ZIP."""

from io import BytesIO
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from psyboost.projects import exports
from psyboost.projects.services import spending
from tests import factories

from .helpers import make_projects, paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    user = factories.UnitUserFactory(username="unit-a", unit=project.unit)
    paid(project, user, staff)
    lecture, group = project.budget_lines.order_by("position")
    for line, amount, source in ((lecture, "12500.40", "grant"), (lecture, "99.60", "own"), (group, "300", "own")):
        spending.record_expense(
            project, user, line_id=str(line.pk), spent_on="2020-09-06", item="支出", amount=amount, source=source
        )
    return {"project": project, "user": user, "staff": staff}


EXPECTED = [
    ("预算科目", "预算（元）", "助推资金支出（元）", "自筹支出（元）", "合计支出（元）", "剩余（元）"),
    ("心理讲座", 12000, 12500.4, 99.6, 12600, -600),
    ("团体辅导", 8000, 0, 300, 300, 7700),
    ("合计", 20000, 12500.4, 399.6, 12900, 7100),
    ("助推资金到账（元）", 20000, None, None, None, None),
    ("助推资金结余（元）", 7499.6, None, None, None, None),
    ("甲单位 · 2020年", None, None, None, None, None),
]


def test_the_sheet_has_per_line_grant_own_remaining_and_the_balance(world):
    sheet = load_workbook(BytesIO(exports.final_accounts_sheet(world["project"]))).active
    assert sheet.title == "经费决算表"
    assert list(sheet.values) == EXPECTED


@pytest.mark.parametrize("who", ["user", "staff"])
def test_unit_and_staff_download_it_with_a_chinese_name(client, world, who):
    project = world["project"]
    client.force_login(world[who])
    response = client.get(f"/projects/p/{project.pk}/final-accounts.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename*=UTF-8''{quote('甲单位经费决算表（2020年）.xlsx')}"
    )
    assert list(load_workbook(BytesIO(response.content)).active.values) == EXPECTED
    assert f"/projects/p/{project.pk}/final-accounts.xlsx" in client.get(f"/projects/p/{project.pk}/").content.decode()

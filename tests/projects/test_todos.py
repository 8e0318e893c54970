"""The projects' to-dos reach the staff workbench through ``core.todos`` (the workbench imports nothing of projects)."""

from datetime import datetime

import pytest

from psyboost.core.todos import collect
from tests import factories

from .helpers import make_projects, paid

pytestmark = pytest.mark.django_db
SEPTEMBER_2 = datetime.fromisoformat("2020-09-02T09:00:00+08:00")


def test_the_workbench_lists_the_projects_todos_with_counts_and_links(client):
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    paid(project, factories.UnitUserFactory(unit=project.unit), staff)
    mine = {todo.label: (todo.count, todo.url) for todo in collect(SEPTEMBER_2) if todo.label.startswith("助推项目：")}
    assert mine == {
        "助推项目：待登记拨付": (0, "/projects/overview/"),
        "助推项目：待确认到账（收据未上传）": (1, "/projects/overview/"),
        "助推项目：逾期进度节点": (1, "/projects/overview/"),
        "助推项目：待审核变更申请": (0, "/projects/overview/"),
        "助推项目：待审核结项材料": (0, "/projects/overview/"),
        "助推项目：待确认结项等级": (0, "/projects/overview/"),
        "助推项目：待对接资源需求": (0, "/projects/requests/"),
    }
    client.force_login(staff)
    page = client.get("/staff/").content.decode()
    assert '<a href="/projects/overview/">助推项目：待确认到账（收据未上传）</a> <span class="badge">' in page

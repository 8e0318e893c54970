from datetime import datetime

import pytest

from psyboost.notifications.models import Notice
from psyboost.projects import notices
from psyboost.projects.services import plan
from tests import factories

from .helpers import make_projects, paid

pytestmark = pytest.mark.django_db
AUGUST_25 = datetime.fromisoformat("2020-08-25T09:00:00+08:00")
SEPTEMBER_2 = datetime.fromisoformat("2020-09-02T09:00:00+08:00")


@pytest.fixture
def project():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    unit_user = factories.UnitUserFactory(username="unit-a", unit=project.unit)
    return paid(project, unit_user, staff)


def test_reminders_before_and_after_a_due_date_once_each(project):
    assert notices.send_reminders(AUGUST_25) == 1  # 职工心理需求调研, due 31 August
    assert notices.send_reminders(AUGUST_25) == 0
    assert notices.send_reminders(SEPTEMBER_2) == 1
    assert notices.send_reminders(SEPTEMBER_2) == 0
    assert list(Notice.objects.order_by("pk").values_list("title", flat=True)) == [
        "进度节点即将到期：职工心理需求调研",
        "进度节点已逾期：职工心理需求调研",
    ]


def test_a_done_milestone_gets_no_reminder_and_the_digest_lists_overdue_ones(project):
    first = project.milestones.get(position=0)
    section = notices.overdue_digest(AUGUST_25, SEPTEMBER_2)
    assert section.lines == ["2020 甲单位  职工心理需求调研  2020-08-31"]
    plan.mark_milestone(first, project.unit.users.first(), done_on="2020-08-30")
    assert notices.send_reminders(SEPTEMBER_2) == 0
    assert notices.overdue_digest(AUGUST_25, SEPTEMBER_2).lines == []


def test_the_staff_todo_section_counts_what_needs_action(project):
    section = notices.staff_todo_digest(AUGUST_25, SEPTEMBER_2)
    assert section.lines == ["待确认到账（收据未上传）：1", "逾期进度节点：1"]


def test_the_command_under_its_documented_name_sends_the_reminders_once(project):
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    out = StringIO()
    with time_machine.travel(AUGUST_25, tick=False):
        call_command("send-project-reminders", stdout=out)
        call_command("send_project_reminders", stdout=out)
    assert out.getvalue() == "已发送进度节点提醒 1 条。\n已发送进度节点提醒 0 条。\n"

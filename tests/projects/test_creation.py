from datetime import date
from decimal import Decimal

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.projects.models import BudgetLine, Milestone, PlanVersion, Project
from psyboost.projects.services.creation import due_date
from psyboost.projects.workflow import Stage
from tests import factories

from .helpers import confirm, make_projects, selected_applications

pytestmark = pytest.mark.django_db


def test_results_confirmed_creates_one_project_per_selected_application_with_the_baseline_plan():
    call, staff = factories.CallFactory(), factories.StaffFactory()
    first, second = make_projects(call, staff, names=["甲单位", "乙单位"])
    assert [first.rank, second.rank] == [1, 2]
    assert first.stage == Stage.AWAITING_GRANT
    assert (first.starts_on, first.ends_on) == (date(2020, 8, 1), date(2020, 12, 31))
    assert first.expected_effects == "提升职工心理健康意识，建立心理关爱长效机制。"
    assert list(Milestone.objects.filter(project=first).values_list("content", "due_on")) == [
        ("职工心理需求调研", date(2020, 8, 31)),
        ("讲座与团体辅导", date(2020, 11, 30)),
        ("总结评估", date(2020, 12, 31)),
    ]
    assert list(BudgetLine.objects.filter(project=first).values_list("item", "approved")) == [
        ("心理讲座", Decimal("12000.00")),
        ("团体辅导", Decimal("8000.00")),
    ]
    version = PlanVersion.objects.get(project=first)
    assert version.number == 1
    assert version.data["budget"] == [
        {"item": "心理讲座", "approved": "12000.00", "notes": "外请专家"},
        {"item": "团体辅导", "approved": "8000.00", "notes": "外请专家"},
    ]
    assert first.grant.amount is None and first.grant.commitment_text
    assert AuditEntry.objects.filter(action="projects.created").count() == 2


def test_confirming_twice_makes_no_second_project():
    call, staff = factories.CallFactory(), factories.StaffFactory()
    unit = factories.UnitFactory(name="甲单位")
    applications = selected_applications(call, [unit], staff)
    confirm(call, applications, staff)
    confirm(call, applications, staff)
    assert Project.objects.count() == 1


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2020年7月—8月", date(2020, 8, 31)),
        ("9月", date(2020, 9, 30)),
        ("2020年11月-2月", date(2020, 12, 31)),  # past the end of the period: the period's end
        ("全年", date(2020, 11, 10)),  # no month: rows spread over the period (row 2 of 3: 2/3 of 152 days)
        ("2020年6月", date(2020, 8, 1)),  # before the period: its start
    ],
)
def test_due_date_of_a_schedule_row(period, expected):
    assert due_date(period, date(2020, 8, 1), date(2020, 12, 31), 1, 3) == expected

"""The charts' figures of a call's projects, exact, on a frozen day."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from psyboost.projects.services import activities, spending, statistics
from tests import factories
from tests.projects.helpers import make_projects, paid

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2020, 12, 15, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def two_projects():
    call, staff = factories.CallFactory(), factories.StaffFactory()
    first, second = make_projects(call, staff, names=["甲单位", "乙单位"])
    users = [factories.UnitUserFactory(unit=p.unit) for p in (first, second)]
    for project, user in zip((first, second), users, strict=True):
        paid(project, user, staff, voucher=f"PZ{project.pk}")
    return call, staff, first, second, users


def _expense(project, user, item, amount, source, day="2020-09-10"):
    line = project.budget_lines.get(item=item)
    spending.record_expense(project, user, line_id=str(line.pk), spent_on=day, item=item, amount=amount, source=source)


def test_an_empty_call_has_no_months_and_zero_totals():
    call = factories.CallFactory()
    figures = statistics.charts(call, now=NOW)
    assert figures["progress"] == {
        "months": [],
        "milestones_done": [],
        "milestones_overdue": [],
        "activities": [],
        "participants": [],
    }
    assert figures["spending"] == {"rows": [], "grant": Decimal("0.00"), "own": Decimal("0.00")}
    assert figures["types"] == []
    assert figures["texts"]["yuan"] == "金额（元）"


def test_progress_by_month_counts_done_overdue_and_activities_without_gaps(two_projects):
    call, _staff, first, second, (user_a, user_b) = two_projects
    # Each project has three milestones, due 2020-08-31, 2020-11-30 and 2020-12-31.
    due = [date(2020, 8, 31), date(2020, 11, 30), date(2020, 12, 31)]
    assert [m.due_on for m in first.milestones.order_by("position")] == due
    done = first.milestones.get(position=1)
    done.done_on = date(2020, 9, 20)
    done.save()
    activities.record_activity(first, user_a, held_on="2020-09-05", kind="lecture", title="讲座", participants="40")
    activities.record_activity(first, user_a, held_on="2020-09-25", kind="group", title="团辅", participants="12")
    activities.record_activity(second, user_b, held_on="2020-11-02", kind="lecture", title="讲座", participants="30")

    progress = statistics.progress_by_month(call, now=NOW)

    assert progress == {
        "months": ["2020-08", "2020-09", "2020-10", "2020-11"],
        "milestones_done": [0, 1, 0, 0],
        "milestones_overdue": [2, 0, 0, 1],
        "activities": [0, 2, 0, 1],
        "participants": [0, 52, 0, 30],
    }
    # A month later the December milestones are overdue too and the axis reaches December.
    later = statistics.progress_by_month(call, now=datetime(2021, 1, 5, tzinfo=BEIJING))
    assert later["months"] == ["2020-08", "2020-09", "2020-10", "2020-11", "2020-12"]
    assert later["milestones_overdue"] == [2, 0, 0, 1, 2]


def test_months_cross_the_new_year():
    assert statistics._months_between("2020-11", "2021-02") == ["2020-11", "2020-12", "2021-01", "2021-02"]


def test_spending_by_category_splits_grant_and_own_and_sums_lines_of_the_same_item(two_projects):
    call, _staff, first, second, (user_a, user_b) = two_projects
    _expense(first, user_a, "心理讲座", "1500.50", "grant")
    _expense(first, user_a, "心理讲座", "300", "own")
    _expense(second, user_b, "心理讲座", "2000", "grant")
    _expense(second, user_b, "团体辅导", "800.25", "own")

    figures = statistics.spending_by_category(call)

    assert figures == {
        "rows": [
            {
                "item": "心理讲座",
                "approved": Decimal("24000.00"),
                "grant": Decimal("3500.50"),
                "own": Decimal("300.00"),
            },
            {
                "item": "团体辅导",
                "approved": Decimal("16000.00"),
                "grant": Decimal("0.00"),
                "own": Decimal("800.25"),
            },
        ],
        "grant": Decimal("3500.50"),
        "own": Decimal("1100.25"),
    }


def test_a_withdrawn_line_leaves_the_approved_sum_but_keeps_its_spending(two_projects):
    call, _staff, first, _second, (user_a, _user_b) = two_projects
    _expense(first, user_a, "团体辅导", "100", "grant")
    first.budget_lines.filter(item="团体辅导").update(withdrawn=True)

    rows = {row["item"]: row for row in statistics.spending_by_category(call)["rows"]}

    assert rows["团体辅导"]["approved"] == Decimal("8000.00")
    assert rows["团体辅导"]["grant"] == Decimal("100.00")


def test_activities_by_type_in_the_types_order(two_projects):
    call, _staff, first, second, (user_a, user_b) = two_projects
    activities.record_activity(first, user_a, held_on="2020-09-05", kind="group", title="团辅", participants="12")
    activities.record_activity(first, user_a, held_on="2020-09-06", kind="lecture", title="讲座", participants="40")
    activities.record_activity(second, user_b, held_on="2020-10-06", kind="lecture", title="讲座", participants="35")
    activities.record_activity(second, user_b, held_on="2020-10-07", kind="eap", title="EAP", participants="0")

    assert statistics.activities_by_type(call) == [
        {"kind": "lecture", "label": "讲座", "count": 2, "participants": 75},
        {"kind": "group", "label": "团体辅导", "count": 1, "participants": 12},
        {"kind": "eap", "label": "EAP", "count": 1, "participants": 0},
    ]

from datetime import date, datetime
from decimal import Decimal

import pytest

from psyboost.projects.models import ChangeRequest, Expense, PlanVersion, Provider, ResourceRequest
from psyboost.projects.services import activities, match_times, matching, plan
from psyboost.projects.services.common import ProjectRefused
from tests import factories

from .helpers import make_projects, paid

pytestmark = pytest.mark.django_db
BEIJING_NOON = datetime.fromisoformat("2020-09-01T12:00:00+08:00")


@pytest.fixture
def setup():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    unit_user = factories.UnitUserFactory(username="unit-a", unit=project.unit)
    paid(project, unit_user, staff)
    return staff, project, unit_user


def test_an_approved_budget_change_makes_a_new_version_and_keeps_the_old(setup):
    staff, project, unit_user = setup
    lecture = project.budget_lines.get(item="心理讲座")
    Expense.objects.create(project=project, line=lecture, spent_on=date(2020, 9, 1), item="讲座", amount=Decimal("100"))
    change = plan.request_change(
        project,
        unit_user,
        kind="budget",
        reason="增加测评",
        rows=[
            {"item": "团体辅导", "approved": "6000", "notes": ""},
            {"item": "心理测评", "approved": "2000", "notes": "问卷"},
        ],
    )
    with pytest.raises(ProjectRefused, match="已有一份变更申请待审核"):
        plan.request_change(project, unit_user, kind="content", reason="再改", content="新内容")
    plan.decide_change(change, staff, approve=True)
    project.refresh_from_db()
    assert project.plan_version == 2
    assert list(project.budget_lines.order_by("position").values_list("item", "approved", "withdrawn")) == [
        ("心理讲座", Decimal("12000.00"), True),  # has an expense: withdrawn, kept
        ("团体辅导", Decimal("6000.00"), False),
        ("心理测评", Decimal("2000.00"), False),
    ]
    first, second = PlanVersion.objects.filter(project=project).order_by("number")
    assert first.data["budget"][0] == {"item": "心理讲座", "approved": "12000.00", "notes": "外请专家"}
    assert plan.compare(first, second) == [
        ("经费预算 第1行", "心理讲座 12000.00 元", "团体辅导 6000.00 元"),
        ("经费预算 第2行", "团体辅导 8000.00 元", "心理测评 2000.00 元"),
    ]
    with pytest.raises(ProjectRefused, match="该变更申请已审核"):
        plan.decide_change(change, staff, approve=False, note="x")


def test_refusing_a_change_needs_a_reason_and_changes_nothing(setup):
    staff, project, unit_user = setup
    change = plan.request_change(
        project,
        unit_user,
        kind="schedule",
        reason="推迟",
        rows=[{"period": "", "content": "调研", "due_on": "2020-10-31"}],
    )
    with pytest.raises(ProjectRefused) as refusal:
        plan.decide_change(change, staff, approve=False)
    assert refusal.value.errors == {"note": "不批准变更须填写理由。"}
    plan.decide_change(change, staff, approve=False, note="不符合要求")
    assert ChangeRequest.objects.get().state == "refused"
    assert project.milestones.count() == 3 and PlanVersion.objects.filter(project=project).count() == 1


def test_bad_change_rows_are_refused_by_field(setup):
    _staff, project, unit_user = setup
    with pytest.raises(ProjectRefused) as refusal:
        plan.request_change(project, unit_user, kind="budget", reason="x", rows=[{"item": "讲座", "approved": "-3"}])
    assert refusal.value.errors == {"approved_0": "金额不能为负数。"}


def test_activity_outside_the_period_is_refused_and_totals_count_by_type(setup):
    _staff, project, unit_user = setup
    with pytest.raises(ProjectRefused) as refusal:
        activities.record_activity(
            project, unit_user, held_on="2021-01-05", kind="lecture", title="讲座", participants="x"
        )
    assert refusal.value.errors == {
        "held_on": "活动日期应在项目实施期内（2020-08-01 至 2020-12-31）。",
        "participants": "参加人数应为不小于 0 的整数。",
    }
    activities.record_activity(
        project, unit_user, held_on="2020-09-05", kind="lecture", title="讲座一", participants="80"
    )
    activities.record_activity(project, unit_user, held_on="2020-09-15", kind="group", title="团辅", participants="12")
    activities.record_activity(
        project, unit_user, held_on="2020-10-05", kind="lecture", title="讲座二", participants="60"
    )
    assert activities.activity_totals(project.activities.all()) == {
        "count": 3,
        "participants": 152,
        "by_type": [
            {"label": "讲座", "count": 2, "participants": 140},
            {"label": "团体辅导", "count": 1, "participants": 12},
        ],
    }


def test_milestone_status_over_time(setup):
    _staff, project, unit_user = setup
    milestone = project.milestones.get(position=0)  # due 2020-08-31
    assert milestone.status_on(date(2020, 8, 20)) == "not_started"
    assert milestone.status_on(date(2020, 9, 1)) == "overdue"
    plan.mark_milestone(milestone, unit_user, done_on="2020-09-02")
    assert milestone.status_on(date(2020, 9, 3)) == "done"
    assert plan.milestone_counts(project.milestones.all(), date(2020, 12, 1)) == (1, 1, 3)


def test_requests_of_funded_units_come_first_and_matching_records_load_and_rating(setup):
    staff, project, unit_user = setup
    other_unit = factories.UnitFactory(name="未入选单位")
    other_user = factories.UnitUserFactory(username="unit-x", unit=other_unit)
    early = matching.file_request(other_unit, other_user, kind="guidance", need="咨询", now=BEIJING_NOON)
    funded = matching.file_request(
        project.unit, unit_user, kind="social", need="需要EAP机构", now=BEIJING_NOON.replace(hour=13)
    )
    assert (early.priority, funded.priority) == (False, True)
    assert list(ResourceRequest.objects.all()) == [funded, early]
    provider = matching.save_provider(staff, name="阳光心理", services=["eap", "lecture"], districts_served=["朝阳区"])
    with pytest.raises(ProjectRefused) as refusal:
        matching.match(funded, staff, arrangement="")
    assert refusal.value.errors == {"provider": "请选择服务机构或专家。"}
    matching.match(
        funded, staff, provider_id=str(provider.pk), arrangement="9月3日上门洽谈", now=BEIJING_NOON.replace(hour=15)
    )
    matching.log_consultation(
        funded, staff, held_on="2020-09-03", who="张老师", topic="EAP方案", form="线下", outcome="确定方案"
    )
    with pytest.raises(ProjectRefused) as refusal:
        matching.rate(funded, unit_user, rating="6")
    assert refusal.value.errors == {"rating": "请选择 1–5 分。"}
    matching.rate(funded, unit_user, rating="4", comment="专业")
    assert list(matching.load("provider")) == [
        {"provider": provider.pk, "provider__name": "阳光心理", "total": 1, "open": 0, "rating": 4.0}
    ]
    (social, every) = match_times.match_times([ResourceRequest.objects.get(pk=funded.pk)])
    assert (social.kind, social.median, every.median) == ("social", Decimal("2.0"), Decimal("2.0"))
    assert Provider.objects.get().services == ["eap", "lecture"]

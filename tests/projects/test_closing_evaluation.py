from datetime import date, datetime
from decimal import Decimal

import pytest

from psyboost.notifications.models import Notice
from psyboost.projects import notices, reports
from psyboost.projects.models import FileKind, ProjectFile
from psyboost.projects.services import closing, evaluation, spending
from psyboost.projects.services.common import ProjectRefused
from psyboost.projects.workflow import Grade, Stage
from psyboost.review.models import Assignment, Criterion, PanelMember, Review
from psyboost.review.services import conflicts, scoring
from tests import factories

from .helpers import make_projects, paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    unit_user = factories.UnitUserFactory(username="unit-a", unit=project.unit)
    paid(project, unit_user, staff)
    experts = [factories.ExpertProfileFactory(name=f"专家{i}") for i in range(3)]
    for expert in experts:
        PanelMember.objects.create(call=call, expert=expert)
    return {"call": call, "staff": staff, "project": project, "unit": unit_user, "experts": experts}


def _closing_form(project):
    return ProjectFile.objects.create(
        project=project,
        kind=FileKind.CLOSING_FORM,
        file="projects/f.pdf",
        original_name="结项表.pdf",
        size=10,
        content_type="application/pdf",
        sha256="0" * 64,
    )


def _score_all(project, points_each):
    criteria = evaluation.rubric(project.call)
    for assignment, points in zip(
        Assignment.objects.filter(application=project.application, stage="closing").order_by("expert__name"),
        points_each,
        strict=True,
    ):
        review = scoring.open_review(assignment)
        values = dict(zip((c.pk for c in criteria), points, strict=True))
        scoring.save_review(
            review, {k: str(v) for k, v in values.items()}, {}, "", review.version, assignment.expert.user, submit=True
        )


def test_closing_needs_the_signed_form_and_warns_of_open_milestones(world):
    project, unit_user = world["project"], world["unit"]
    with pytest.raises(ProjectRefused) as refusal:
        closing.submit_closing(project, unit_user, goals="", effects="好")
    assert refusal.value.errors == {"goals": "请填写目标完成情况。", "closing_form": "请先上传签字盖章的结项表扫描件。"}
    _closing_form(project)
    spending.record_expense(
        project,
        unit_user,
        line_id=str(project.budget_lines.first().pk),
        spent_on="2020-09-01",
        item="讲座",
        amount="1200",
        source="grant",
    )
    report = closing.submit_closing(project, unit_user, goals="完成", effects="好")
    assert report.warnings == ["尚有 3 个进度节点未完成（职工心理需求调研、讲座与团体辅导、总结评估），已按现状提交。"]
    assert report.figures["accounts"]["grant_spent"] == "1200.00"
    assert report.figures["accounts"]["grant_balance"] == "18800.00"
    project.refresh_from_db()
    assert project.stage == Stage.CLOSING_CHECK


def test_the_whole_closing_evaluation_on_the_review_machinery(world):
    project, staff, unit_user, call = world["project"], world["staff"], world["unit"], world["call"]
    _closing_form(project)
    closing.submit_closing(project, unit_user, goals="完成", effects="好")
    with pytest.raises(Exception, match="请填写退回结项材料的理由。"):
        closing.check_closing(project, staff, accept=False, reason="")
    closing.check_closing(project, staff, accept=True)
    conflicts.add(call, world["experts"][0], project.unit, "own_unit", "staff", actor=staff)
    result = evaluation.assign_experts(call, staff)
    assert result == {"created": 2, "gaps": {project.application_id: 1}}
    assert sorted(Assignment.objects.filter(stage="closing").values_list("expert__name", flat=True)) == [
        "专家1",
        "专家2",
    ]
    assert list(Criterion.objects.filter(call=call, stage="closing").values_list("name", "max_points")) == [
        ("目标完成", Decimal("30.0")),
        ("活动质量与覆盖", Decimal("25.0")),
        ("经费使用规范", Decimal("20.0")),
        ("过程材料完整", Decimal("15.0")),
        ("可持续性", Decimal("10.0")),
    ]
    with pytest.raises(ProjectRefused, match="还没有提交的评估意见"):
        evaluation.confirm_grade(project, staff)
    _score_all(project, [(20, 15, 10, 8, 5), (18, 14, 10, 7, 4)])  # 58 and 53: mean 55.5 → 不合格
    with pytest.raises(ProjectRefused) as refusal:
        evaluation.confirm_grade(project, staff, rectify_by="", now=datetime.fromisoformat("2021-01-10T10:00:00+08:00"))
    assert refusal.value.errors == {"rectify_by": "请填写日期。"}
    project = evaluation.confirm_grade(
        project, staff, rectify_by="2021-03-31", now=datetime.fromisoformat("2021-01-10T10:00:00+08:00")
    )
    assert (project.stage, project.grade, project.score, project.rectify_by) == (
        Stage.RECTIFICATION,
        Grade.FAIL,
        Decimal("55.5000"),
        date(2021, 3, 31),
    )
    notices.tell_graded(project)
    assert Notice.objects.get(recipient=unit_user).title == "助推项目结项评估结果：不合格"
    # rectification: submit again, accepted, the same experts judge again
    closing.submit_closing(project, unit_user, goals="整改完成", effects="好")
    closing.check_closing(project, staff, accept=True)
    assert list(Review.objects.values_list("state", flat=True)) == ["draft", "draft"]
    _score_all(project, [(28, 22, 18, 14, 9), (27, 23, 19, 13, 8)])  # 91 and 90
    project = evaluation.confirm_grade(project, staff)
    assert (project.stage, project.grade, project.score) == (Stage.CLOSED, Grade.EXCELLENT, Decimal("90.5000"))


def test_scoring_is_closed_outside_the_evaluation(world):
    project, call = world["project"], world["call"]
    expert = world["experts"][0]
    evaluation.rubric(call)
    assignment = Assignment.objects.create(application=project.application, expert=expert, stage="closing")
    review = scoring.open_review(assignment)
    with pytest.raises(scoring.ScoringRefused, match="该项目不在结项评估阶段，暂不能评分。"):
        scoring.save_review(review, {}, {}, "", review.version, expert.user)


def test_the_closing_report_prints_and_the_archive_lists_everything(world):
    project = world["project"]
    pdf = reports.closing_pdf(project)
    assert pdf.startswith(b"%PDF")
    assert reports.closing_docx(project)[:2] == b"PK"
    assert reports.archive_name(project) == "甲单位心理助推结项材料.zip"
    names = [m.path for m in reports.archive_members(project)]
    assert names == [
        "甲单位心理助推结项材料/结项报告.pdf",
        "甲单位心理助推结项材料/结项报告.docx",
        "甲单位心理助推结项材料/经费决算表.xlsx",
        "甲单位心理助推结项材料/申报内容（提交版本）.json",
        "甲单位心理助推结项材料/实施计划及变更.json",
        "甲单位心理助推结项材料/拨付记录.json",
        "甲单位心理助推结项材料/支出记录.json",
        "甲单位心理助推结项材料/结项评估.json",
    ]

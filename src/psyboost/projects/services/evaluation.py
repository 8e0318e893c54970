"""The closing evaluation, on the review machinery: the call's panel (the city pool's experts), its conflicts, the
optimiser of ``review.assignment``, a rubric of stage ``closing`` per call, the expert's scoring service, and the
exact aggregation of ``review.aggregation``; here only what is the project's: the gate, the grade, rectification."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.review import aggregation
from psyboost.review.assignment_solver import assign
from psyboost.review.models import Assignment, Criterion, Review, Stage
from psyboost.review.services.assignments import affinity, panel_experts
from psyboost.review.services.conflicts import conflicted_pairs
from psyboost.review.services.panel import review_settings_of
from psyboost.review.services.results import scores_of

from ..models import Project
from ..workflow import Grade
from ..workflow import Stage as ProjectStage
from .common import move, parse_date, project_settings_of, refuse

CLOSING = Stage.CLOSING
DEFAULT_RUBRIC = (
    ("目标完成", Decimal("30"), "对照实施计划，目标与进度节点的完成情况"),
    ("活动质量与覆盖", Decimal("25"), "活动的专业性、参与人数与服务对象覆盖面"),
    ("经费使用规范", Decimal("20"), "按预算科目使用资金，票据齐全，不列支规定以外的项目"),
    ("过程材料完整", Decimal("15"), "活动记录、照片视频、签到表等过程材料是否完整"),
    ("可持续性", Decimal("10"), "经验总结与长效机制，项目结束后服务能否延续"),
)


def gate(assignment) -> str | None:
    """Scoring of a closing assignment is open while the project is under evaluation."""
    project = Project.objects.filter(application_id=assignment.application_id).only("stage").first()
    if project is None or project.stage != ProjectStage.EVALUATION:
        return _("该项目不在结项评估阶段，暂不能评分。")
    return None


def rubric(call) -> list[Criterion]:
    """The call's closing rubric, created with the default criteria the first time it is asked for."""
    criteria = list(Criterion.objects.filter(call=call, stage=CLOSING).order_by("position", "id"))
    if not criteria:
        criteria = Criterion.objects.bulk_create(
            Criterion(call=call, stage=CLOSING, position=i, name=name, max_points=points, guidance=guidance)
            for i, (name, points, guidance) in enumerate(DEFAULT_RUBRIC)
        )
    return criteria


@transaction.atomic
def assign_experts(call, actor) -> dict:
    """Give every project under evaluation the call's number of panel experts, keeping existing assignments,
    never a conflicted pair, balanced loads, then expertise (the review's optimiser)."""
    rubric(call)
    experts = panel_experts(call)
    if not experts:
        refuse("__all__", _("评审组还没有成员，无法分配结项评估。"))
    projects = list(Project.objects.filter(call=call, stage=ProjectStage.EVALUATION).select_related("application"))
    if not projects:
        refuse("__all__", _("没有处于结项评估阶段的项目。"))
    application_ids = {p.application_id for p in projects}
    expert_ids = {e.pk for e in experts}
    fixed = [
        pair
        for pair in Assignment.objects.filter(application_id__in=application_ids, stage=CLOSING).values_list(
            "expert_id", "application_id"
        )
        if pair[0] in expert_ids
    ]
    conflicts = {pair for pair in conflicted_pairs(call) if pair[1] in application_ids}
    texts = {p.application_id: f"{p.content} {p.expected_effects}" for p in projects}
    scores = {(e.pk, a): affinity(e, texts[a]) for e in experts for a in application_ids}
    result = assign(
        sorted(application_ids),
        sorted(expert_ids),
        k=project_settings_of(call).reviewers_per_project,
        conflicts=conflicts,
        affinity=scores,
        fixed=fixed,
    )
    existing = set(fixed)
    created = [
        Assignment(application_id=a, expert_id=e, stage=CLOSING, source=Assignment.Source.AUTOMATIC, created_by=actor)
        for e, a in sorted(result.pairs)
        if (e, a) not in existing
    ]
    Assignment.objects.bulk_create(created)
    record(actor, "projects.evaluation_assigned", call, created=len(created), gaps=len(result.gaps))
    return {"created": len(created), "gaps": dict(result.gaps)}


def reopen_for_reevaluation(project: Project, actor) -> int:
    """After rectification the same experts judge again: their submitted closing reviews become drafts."""
    reviews = Review.objects.filter(
        assignment__application_id=project.application_id, assignment__stage=CLOSING, state=Review.State.SUBMITTED
    )
    count = 0
    for review in reviews:
        review.state, review.submitted_at = Review.State.DRAFT, None
        review.version += 1
        review.save()
        record(actor, "review.reopened", review, reason=str(_("整改后重新评估")), version=review.version)
        count += 1
    return count


def result_of(project: Project, scores=None) -> dict:
    """The project's evaluation as it stands: each submitted review's total, the aggregate (the call's review
    method), the grade it gives, and how many assigned reviews are still open."""
    call = project.call
    scores = scores if scores is not None else scores_of(call, CLOSING)
    totals = [t for t in aggregation.review_totals(s for s in scores if s.application_id == project.application_id)]
    assigned = Assignment.objects.filter(application_id=project.application_id, stage=CLOSING).count()
    if not totals:
        return {"totals": [], "score": None, "grade": "", "assigned": assigned, "pending": assigned}
    method = review_settings_of(call).method
    score = aggregation.figure(aggregation.aggregate([t.total for t in totals], method))
    return {
        "totals": totals,
        "score": score,
        "grade": project_settings_of(call).grade_for(score),
        "assigned": assigned,
        "pending": assigned - len(totals),
    }


@transaction.atomic
def confirm_grade(project: Project, actor, *, rectify_by=None, reason: str = "", now=None) -> Project:
    """Staff confirm the grade the scores give: 优秀 or 合格 close the project; 不合格 sends it to rectification with
    a deadline (unless it fails a second time: then it closes as 不合格)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.stage != ProjectStage.EVALUATION:
        refuse("__all__", _("项目不在结项评估阶段。"))
    result = result_of(project)
    if result["score"] is None:
        refuse("__all__", _("还没有提交的评估意见，不能确认等级。"))
    if result["pending"]:
        refuse("__all__", _("还有 %(count)d 份评估意见未提交。") % {"count": result["pending"]})
    project.score, project.grade, project.graded_at = result["score"], result["grade"], now or timezone.now()
    if result["grade"] == Grade.FAIL and project.rectify_by is None:
        deadline = parse_date(rectify_by, "rectify_by")
        if deadline <= timezone.localdate(project.graded_at):
            refuse("rectify_by", _("整改期限应晚于今天。"))
        project.rectify_by = deadline
        move(
            project,
            ProjectStage.RECTIFICATION,
            actor,
            reason or str(_("结项评估不合格，限期整改")),
            also_save=["score", "grade", "graded_at", "rectify_by"],
            score=str(project.score),
        )
    else:
        move(
            project,
            ProjectStage.CLOSED,
            actor,
            also_save=["score", "grade", "graded_at"],
            score=str(project.score),
            grade=project.grade,
        )
    return project


@transaction.atomic
def close_failed(project: Project, actor, *, reason: str) -> Project:
    """A rectification not made by its deadline: staff close the project as 不合格."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    project.grade = Grade.FAIL
    move(project, ProjectStage.CLOSED, actor, reason, also_save=["grade"])
    return project


@transaction.atomic
def terminate(project: Project, actor, *, reason: str) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    project.terminated_reason = (reason or "").strip()
    move(project, ProjectStage.TERMINATED, actor, reason, also_save=["terminated_reason"])
    return project

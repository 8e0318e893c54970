"""The rubric of a call: its criteria per stage, the default 2020 rubric drawn from the form, and the rule that a
stage's criteria are frozen once the stage has opened (scores are given against them from then on)."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from psyboost.applications.budget import ten_thousands
from psyboost.audit.services import record
from psyboost.core.refusals import Refused
from psyboost.review.models import Criterion, ReviewPhase, Stage

from . import stored
from .panel import review_settings_of

# 材料审核: one criterion per part of the 2020 form, 100 points in all. The maxima follow the weight the notice gives
# each part: the project itself (design, results) and the team count most, the budget least. ``{year}``,
# ``{previous}`` (the year before) and ``{grant}`` are filled from the call when the rubric is installed.
DEFAULT_MATERIALS = (
    (
        "场地与设施",
        15,
        "对照申报表“二、1. 职工心理服务场地介绍”（面积、功能分区、建设投入）"
        "与“2. 现有心理设备设施情况”及场地、设备照片："
        "场地是否独立、功能分区是否合理、设备是否满足服务需要。",
    ),
    (
        "人员队伍与资质",
        20,
        "对照“二、3. 心理工作人员情况”：内部与外聘心理工作人员数量、心理学专业或具备心理资质人员的比例、"
        "国家二级/三级心理咨询师等资质与服务内容是否匹配。",
    ),
    (
        "{previous}年工作基础与成效",
        20,
        "对照“三、{previous}年职工心理服务工作开展情况”：服务对象与人数、占会员比例、投入资金、"
        "与第三方机构合作情况、工作模式与服务内容、服务效果与经验总结（可参考活动短视频）。",
    ),
    (
        "{year}年项目设计与进度",
        20,
        "对照“四、{year}年职工心理服务项目申报”：服务对象与人数、实施时间、计划开展的服务项目内容是否具体可行、"
        "进度安排是否清晰、与职工需求和单位职业特点是否契合。",
    ),
    (
        "经费预算合理性",
        10,
        "对照“经费预算”表：各项支出是否明细、与项目内容是否对应、单价与数量是否合理，"
        "助推资金（{grant}元）与单位自筹的安排是否清楚。",
    ),
    (
        "预期效果与可持续性",
        15,
        "对照“四、6. 项目预期效果”：目标是否明确可衡量，是否有评估方式，项目结束后能否持续开展、形成可推广的经验。",
    ),
)
# 现场交流: what only a visit or a presentation shows — the unit's own account, the site as it is, and its staff.
DEFAULT_ONSITE = (
    ("项目汇报与答辩", 40, "单位现场汇报（或答辩）是否清楚说明项目目标、内容与实施保障，回答专家提问是否具体、准确。"),
    ("现场场地与设施", 30, "实地查看（或视频展示）的场地与设备是否与申报材料一致，是否正常使用、便于职工使用。"),
    ("职工反馈", 30, "与职工、心理工作人员交流所了解的服务参与度、满意度和实际效果。"),
)
DEFAULT_RUBRIC = {Stage.MATERIALS: DEFAULT_MATERIALS, Stage.ONSITE: DEFAULT_ONSITE}
EDITABLE_FIELDS = ("name", "guidance", "max_points", "weight", "comment_required", "position")


class RubricRefused(Refused):
    """The rubric cannot change like that; the message says why, in Chinese."""


def is_frozen(call, stage: str) -> bool:
    """A stage's criteria are frozen from the moment the stage opens."""
    opens = ReviewPhase.MATERIALS if stage == Stage.MATERIALS else ReviewPhase.ONSITE
    return review_settings_of(call).has_reached(opens)


def _refuse_if_frozen(call, stage: str) -> None:
    if is_frozen(call, stage):
        raise RubricRefused(_("“%(stage)s”环节已开始，评分细则已冻结，不能再修改。") % {"stage": Stage(stage).label})


def criteria_of(call, stage: str):
    return Criterion.objects.filter(call=call, stage=stage).order_by("position", "id")


def total_points(call, stage: str) -> Decimal:
    return criteria_of(call, stage).aggregate(total=Sum("max_points"))["total"] or Decimal("0")


def install_default(call, stage: str, *, actor) -> list[Criterion]:
    """The default rubric of ``stage``, only into an empty stage (never mixed with criteria staff wrote)."""
    _refuse_if_frozen(call, stage)
    if criteria_of(call, stage).exists():
        raise RubricRefused(_("该环节已有评分细则，请先删除后再使用默认细则。"))
    values = {"year": call.year, "previous": call.year - 1, "grant": ten_thousands(call.grant_amount)}
    with transaction.atomic():
        created = Criterion.objects.bulk_create(
            Criterion(
                call=call,
                stage=stage,
                position=index,
                name=name.format(**values),
                guidance=guidance.format(**values),
                max_points=Decimal(points),
            )
            for index, (name, points, guidance) in enumerate(DEFAULT_RUBRIC[stage], start=1)
        )
        stored.bump(call.pk)  # bulk_create sends no signal
        record(actor, "review.rubric_default_installed", call, stage=stage, criteria=[c.name for c in created])
    return created


def save_criterion(call, stage: str, values: dict, *, actor, criterion: Criterion | None = None) -> Criterion:
    """Create a criterion of ``stage`` or change one; ``values`` holds ``EDITABLE_FIELDS``."""
    _refuse_if_frozen(call, stage)
    if criterion is not None and (criterion.call_id != call.pk or criterion.stage != stage):
        raise RubricRefused(_("该评分指标不属于本年度的这个环节。"))
    created = criterion is None
    criterion = criterion or Criterion(call=call, stage=stage)
    before = {key: str(getattr(criterion, key)) for key in EDITABLE_FIELDS} if not created else {}
    for key in EDITABLE_FIELDS:
        if key in values:
            setattr(criterion, key, values[key])
    try:
        with transaction.atomic():
            criterion.save()
            after = {key: str(getattr(criterion, key)) for key in EDITABLE_FIELDS}
            changes = {key: [before.get(key), after[key]] for key in EDITABLE_FIELDS if before.get(key) != after[key]}
            record(
                actor,
                "review.criterion_created" if created else "review.criterion_changed",
                criterion,
                stage=stage,
                changes=changes,
            )
    except IntegrityError as error:
        raise RubricRefused(_("本环节已有同名的评分指标“%(name)s”。") % {"name": criterion.name}) from error
    return criterion


def delete_criterion(criterion: Criterion, *, actor) -> None:
    _refuse_if_frozen(criterion.call, criterion.stage)
    if criterion.scores.exists():
        raise RubricRefused(_("该评分指标已有评分，不能删除。"))
    with transaction.atomic():
        record(
            actor,
            "review.criterion_deleted",
            criterion,
            stage=criterion.stage,
            name=criterion.name,
            max_points=str(criterion.max_points),
        )
        criterion.delete()

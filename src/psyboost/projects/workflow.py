"""The funded project's stages and the moves between them: defined here and nowhere else.

待拨付 → 实施中 → 结项审核 → 结项评估 → 已结项 (优秀 / 合格 / 不合格), with 整改中 after a 不合格 grade and 终止 (with a
reason) from any open stage. ``transition`` makes a move: the stage, the timeline row, the audit record.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from psyboost.accounts.rules import is_federation_staff, is_unit_user
from psyboost.audit.services import record
from psyboost.core.refusals import Refused


class Stage(models.TextChoices):
    AWAITING_GRANT = "awaiting_grant", _("待拨付")
    IMPLEMENTING = "implementing", _("实施中")
    CLOSING_CHECK = "closing_check", _("结项审核")
    EVALUATION = "evaluation", _("结项评估")
    RECTIFICATION = "rectification", _("整改中")
    CLOSED = "closed", _("已结项")
    TERMINATED = "terminated", _("终止")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


OPEN_STAGES = frozenset(set(Stage.values) - {Stage.CLOSED, Stage.TERMINATED})

UNIT = "unit"
STAFF = "staff"
ROLE_NAMES = {UNIT: _("本单位用户"), STAFF: _("市总工会工作人员")}


class TransitionNotAllowed(Refused):
    """The move cannot be made now by this actor; the message says why, in Chinese."""


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    by: frozenset[str]
    action: str
    verb: str
    reason_required: bool = False


MOVES: dict[tuple[str, str], Move] = {}

for _move in (
    Move(Stage.AWAITING_GRANT, Stage.IMPLEMENTING, frozenset({STAFF}), "projects.paid", _("拨付资金")),
    Move(Stage.IMPLEMENTING, Stage.CLOSING_CHECK, frozenset({UNIT}), "projects.closing_submitted", _("提交结项材料")),
    Move(
        Stage.CLOSING_CHECK,
        Stage.IMPLEMENTING,
        frozenset({STAFF}),
        "projects.closing_returned",
        _("退回结项材料"),
        True,
    ),
    Move(Stage.CLOSING_CHECK, Stage.EVALUATION, frozenset({STAFF}), "projects.closing_accepted", _("通过结项审核")),
    Move(Stage.EVALUATION, Stage.CLOSED, frozenset({STAFF}), "projects.graded", _("确认结项等级")),
    Move(Stage.EVALUATION, Stage.RECTIFICATION, frozenset({STAFF}), "projects.rectification", _("要求整改"), True),
    Move(Stage.RECTIFICATION, Stage.CLOSING_CHECK, frozenset({UNIT}), "projects.rectified", _("提交整改后结项材料")),
    Move(Stage.RECTIFICATION, Stage.CLOSED, frozenset({STAFF}), "projects.closed_failed", _("按不合格结项"), True),
    *(
        Move(source, Stage.TERMINATED, frozenset({STAFF}), "projects.terminated", _("终止项目"), True)
        for source in (
            Stage.AWAITING_GRANT,
            Stage.IMPLEMENTING,
            Stage.CLOSING_CHECK,
            Stage.EVALUATION,
            Stage.RECTIFICATION,
        )
    ),
):
    MOVES[(_move.source, _move.target)] = _move


def stage_label(stage: str) -> str:
    try:
        return str(Stage(stage).label)
    except ValueError:
        return stage


def role_of(actor, project) -> str | None:
    if is_federation_staff(actor):
        return STAFF
    if is_unit_user(actor) and actor.unit_id == project.unit_id:
        return UNIT
    return None


def allowed_moves(project, actor) -> list[Move]:
    role = role_of(actor, project)
    return [move for (source, _t), move in MOVES.items() if source == project.stage and role in move.by]


def check(project, to_stage: str, actor, reason: str = "") -> Move:
    move = MOVES.get((project.stage, to_stage))
    if move is None:
        raise TransitionNotAllowed(
            gettext("不能将“%(source)s”阶段的项目改为“%(target)s”。")
            % {"source": stage_label(project.stage), "target": stage_label(to_stage)}
        )
    if role_of(actor, project) not in move.by:
        who = "或".join(str(ROLE_NAMES[role]) for role in sorted(move.by))
        raise TransitionNotAllowed(gettext("只有%(who)s可以%(verb)s。") % {"who": who, "verb": move.verb})
    if move.reason_required and not (reason or "").strip():
        raise TransitionNotAllowed(gettext("请填写%(verb)s的理由。") % {"verb": move.verb})
    return move


@transaction.atomic
def transition(project, to_stage: str, actor, reason: str = "", *, also_save=(), **data):
    """Move ``project`` to ``to_stage`` (checked against the table), with its timeline row and audit record."""
    from .models import StageChange

    reason = (reason or "").strip()
    move = check(project, to_stage, actor, reason)
    project.stage = to_stage
    project.save(update_fields=["stage", "updated_at", *also_save])
    step = StageChange.objects.create(
        project=project,
        from_stage=move.source,
        to_stage=move.target,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )
    record(actor, move.action, project, reason=reason, from_stage=move.source, to_stage=move.target, **data)
    return step

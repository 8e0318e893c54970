"""Every move of the project's state machine × every actor: the table allows exactly its own rows."""

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.projects import workflow
from psyboost.projects.models import StageChange
from psyboost.projects.workflow import MOVES, Stage, TransitionNotAllowed
from tests import factories

from .helpers import make_projects

pytestmark = pytest.mark.django_db

EXPECTED = {
    (Stage.AWAITING_GRANT, Stage.IMPLEMENTING): "staff",
    (Stage.IMPLEMENTING, Stage.CLOSING_CHECK): "unit",
    (Stage.CLOSING_CHECK, Stage.IMPLEMENTING): "staff",
    (Stage.CLOSING_CHECK, Stage.EVALUATION): "staff",
    (Stage.EVALUATION, Stage.CLOSED): "staff",
    (Stage.EVALUATION, Stage.RECTIFICATION): "staff",
    (Stage.RECTIFICATION, Stage.CLOSING_CHECK): "unit",
    (Stage.RECTIFICATION, Stage.CLOSED): "staff",
    **{(source, Stage.TERMINATED): "staff" for source in workflow.OPEN_STAGES},
}


def test_the_table_is_exactly_the_documented_moves():
    assert {key: next(iter(move.by)) for key, move in MOVES.items()} == EXPECTED


@pytest.fixture
def world():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    return {
        "project": project,
        "staff": staff,
        "admin": factories.AdminFactory(username="admin"),
        "unit": factories.UnitUserFactory(username="unit-a", unit=project.unit),
        "other_unit": factories.UnitUserFactory(username="unit-b", unit=factories.UnitFactory(name="乙单位")),
        "expert": factories.ExpertFactory(username="expert"),
    }


@pytest.mark.parametrize("actor", ["staff", "admin", "unit", "other_unit", "expert"])
@pytest.mark.parametrize(("source", "target"), sorted((s, t) for s in Stage.values for t in Stage.values if s != t))
def test_every_move_by_every_actor(world, actor, source, target):
    project = world["project"]
    project.stage, project.grade = source, "pass"  # a closed project is always graded
    project.save(update_fields=["stage", "grade"])
    allowed = EXPECTED.get((source, target))
    role = {"staff": "staff", "admin": "staff", "unit": "unit"}.get(actor)
    if allowed is not None and allowed == role:
        workflow.transition(project, target, world[actor], reason="理由")
        project.refresh_from_db()
        assert project.stage == target
        step = StageChange.objects.get(project=project)
        assert (step.from_stage, step.to_stage, step.reason) == (source, target, "理由")
        assert AuditEntry.objects.filter(action=MOVES[(source, target)].action).count() == 1
    else:
        with pytest.raises(TransitionNotAllowed):
            workflow.transition(project, target, world[actor], reason="理由")
        project.refresh_from_db()
        assert project.stage == source
        assert not StageChange.objects.filter(project=project).exists()


def test_a_move_needing_a_reason_refuses_without_one(world):
    with pytest.raises(TransitionNotAllowed, match="请填写终止项目的理由。"):
        workflow.transition(world["project"], Stage.TERMINATED, world["staff"], reason="  ")

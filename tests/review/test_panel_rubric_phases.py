"""The rubric (default, edit, freeze) and the phase moves (preconditions, reasons, on-site assignments)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Assignment, ReviewPhase, ReviewSettings, Stage
from psyboost.review.services import phases, rubric
from tests import factories

pytestmark = pytest.mark.django_db


def set_phase(call, phase):
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": phase})


def test_default_materials_rubric_is_the_form_in_100_points(call, staff_user):
    created = rubric.install_default(call, Stage.MATERIALS, actor=staff_user)
    assert [(c.name, c.max_points) for c in created] == [
        ("场地与设施", Decimal("15")),
        ("人员队伍与资质", Decimal("20")),
        ("2019年工作基础与成效", Decimal("20")),
        ("2020年项目设计与进度", Decimal("20")),
        ("经费预算合理性", Decimal("10")),
        ("预期效果与可持续性", Decimal("15")),
    ]
    assert rubric.total_points(call, Stage.MATERIALS) == Decimal("100")
    assert all(c.guidance for c in created)
    assert AuditEntry.objects.get().action == "review.rubric_default_installed"


def test_default_rubric_takes_the_year_and_the_grant_from_its_call(db, staff_user):
    call = factories.CallFactory(year=2025, grant_amount=Decimal("30000.00"))

    created = rubric.install_default(call, Stage.MATERIALS, actor=staff_user)

    assert [c.name for c in created][2:4] == ["2024年工作基础与成效", "2025年项目设计与进度"]
    assert created[2].guidance.startswith("对照“三、2024年职工心理服务工作开展情况”")
    assert created[3].guidance.startswith("对照“四、2025年职工心理服务项目申报”")
    assert created[4].guidance.endswith("助推资金（3万元）与单位自筹的安排是否清楚。")
    assert not any("{" in c.name + c.guidance for c in created)


def test_default_onsite_rubric_is_100_points(call, staff_user):
    rubric.install_default(call, Stage.ONSITE, actor=staff_user)
    assert list(rubric.criteria_of(call, Stage.ONSITE).values_list("name", flat=True)) == [
        "项目汇报与答辩",
        "现场场地与设施",
        "职工反馈",
    ]
    assert rubric.total_points(call, Stage.ONSITE) == Decimal("100")


def test_default_refused_into_a_stage_with_criteria(call, staff_user):
    factories.CriterionFactory(call=call)
    with pytest.raises(rubric.RubricRefused, match="已有评分细则"):
        rubric.install_default(call, Stage.MATERIALS, actor=staff_user)


def test_save_creates_and_changes_with_audit(call, staff_user):
    criterion = rubric.save_criterion(
        call, Stage.MATERIALS, {"name": "场地", "max_points": Decimal("10")}, actor=staff_user
    )
    rubric.save_criterion(
        call,
        Stage.MATERIALS,
        {"max_points": Decimal("12"), "comment_required": True},
        actor=staff_user,
        criterion=criterion,
    )
    criterion.refresh_from_db()
    assert (criterion.max_points, criterion.comment_required) == (Decimal("12.0"), True)
    changed = AuditEntry.objects.get(action="review.criterion_changed")
    assert changed.data["changes"] == {"max_points": ["10", "12"], "comment_required": ["False", "True"]}


def test_duplicate_name_is_refused(call, staff_user):
    rubric.save_criterion(call, Stage.MATERIALS, {"name": "场地", "max_points": Decimal("10")}, actor=staff_user)
    with pytest.raises(rubric.RubricRefused, match="同名"):
        rubric.save_criterion(call, Stage.MATERIALS, {"name": "场地", "max_points": Decimal("5")}, actor=staff_user)


def test_criterion_of_another_stage_is_refused(call, staff_user):
    criterion = factories.CriterionFactory(call=call, stage=Stage.ONSITE)
    with pytest.raises(rubric.RubricRefused, match="不属于"):
        rubric.save_criterion(call, Stage.MATERIALS, {"name": "x"}, actor=staff_user, criterion=criterion)


def test_frozen_once_the_stage_opens(call, staff_user):
    criterion = factories.CriterionFactory(call=call)
    set_phase(call, ReviewPhase.MATERIALS)
    for attempt in (
        lambda: rubric.save_criterion(call, Stage.MATERIALS, {"name": "新"}, actor=staff_user),
        lambda: rubric.delete_criterion(criterion, actor=staff_user),
        lambda: rubric.install_default(call, Stage.MATERIALS, actor=staff_user),
    ):
        with pytest.raises(rubric.RubricRefused, match="已冻结"):
            attempt()
    # the on-site rubric may still change until the on-site stage opens
    rubric.save_criterion(call, Stage.ONSITE, {"name": "现场", "max_points": Decimal("50")}, actor=staff_user)
    set_phase(call, ReviewPhase.ONSITE)
    assert rubric.is_frozen(call, Stage.ONSITE) is True


def test_delete_refused_when_scored(call, staff_user):
    score = factories.ScoreFactory(criterion__call=call)
    with pytest.raises(rubric.RubricRefused, match="已有评分"):
        rubric.delete_criterion(score.criterion, actor=staff_user)


# ---- phases -------------------------------------------------------------------------------------------------------


def test_opening_materials_needs_rubric_and_panel(call, staff_user):
    with pytest.raises(phases.PhaseRefused) as refusal:
        phases.move(call, ReviewPhase.MATERIALS, actor=staff_user)
    assert str(refusal.value) == "材料审核的评分细则是空的，请先设置评分细则。 评审组还没有成员，请先组建评审组。"
    factories.CriterionFactory(call=call)
    factories.PanelMemberFactory(call=call)
    moved = phases.move(
        call,
        ReviewPhase.MATERIALS,
        actor=staff_user,
        dates={"materials_opens_on": date(2020, 8, 1), "materials_closes_on": date(2020, 8, 15)},
    )
    assert (moved.phase, moved.materials_opens_on, moved.materials_closes_on) == (
        ReviewPhase.MATERIALS,
        date(2020, 8, 1),
        date(2020, 8, 15),
    )
    entry = AuditEntry.objects.get(action="review.phase_moved")
    assert entry.data == {
        "before": "preparing",
        "after": "materials",
        "backwards": False,
        "dates": {"materials_opens_on": "2020-08-01", "materials_closes_on": "2020-08-15"},
    }


def test_skipping_and_repeating_are_refused(call, staff_user):
    with pytest.raises(phases.PhaseRefused, match="只能进入下一阶段"):
        phases.move(call, ReviewPhase.SHORTLIST, actor=staff_user)
    with pytest.raises(phases.PhaseRefused, match="已处于"):
        phases.move(call, ReviewPhase.PREPARING, actor=staff_user)
    with pytest.raises(phases.PhaseRefused, match="未知"):
        phases.move(call, "nowhere", actor=staff_user)


def test_back_one_step_needs_a_reason(call, staff_user):
    set_phase(call, ReviewPhase.SHORTLIST)
    with pytest.raises(phases.PhaseRefused, match="须填写理由"):
        phases.move(call, ReviewPhase.MATERIALS, actor=staff_user, reason="  ")
    phases.move(call, ReviewPhase.MATERIALS, actor=staff_user, reason="一位专家漏评")
    entry = AuditEntry.objects.get(action="review.phase_moved")
    assert (entry.reason, entry.data["backwards"]) == ("一位专家漏评", True)


def test_opening_onsite_needs_onsite_rubric_and_shortlist_then_assigns_session_experts(call, staff_user):
    set_phase(call, ReviewPhase.SHORTLIST)
    with pytest.raises(phases.PhaseRefused, match="现场交流的评分细则是空的"):
        phases.move(call, ReviewPhase.ONSITE, actor=staff_user)
    factories.CriterionFactory(call=call, stage=Stage.ONSITE)
    with pytest.raises(phases.PhaseRefused, match="还没有入围名单"):
        phases.move(call, ReviewPhase.ONSITE, actor=staff_user)
    from psyboost.review.models import OnsiteSession, OnsiteSlot

    at = datetime(2020, 9, 1, 9, tzinfo=factories.BEIJING)
    session = OnsiteSession.objects.create(call=call, title="第一场", starts_at=at, place="职工服务中心")
    first, second = factories.ExpertProfileFactory(), factories.ExpertProfileFactory()
    session.experts.set([first, second])
    application = factories.AcceptedApplicationFactory(call=call)
    OnsiteSlot.objects.create(session=session, application=application, starts_at=at)
    factories.ConflictFactory(call=call, expert=second, unit=application.unit)
    phases.move(call, ReviewPhase.ONSITE, actor=staff_user)
    assert list(Assignment.objects.values_list("expert_id", "application_id", "stage")) == [
        (first.pk, application.pk, Stage.ONSITE)
    ]


# The last second before the 2030 call's deadline (23:59:59 Beijing): it still accepts submissions.
@time_machine.travel(datetime(2030, 7, 20, 23, 59, 59, tzinfo=factories.BEIJING), tick=False)
def test_opening_materials_refused_while_the_call_accepts_submissions(staff_user):
    call = factories.CallFactory(year=2030)
    factories.CriterionFactory(call=call)
    factories.PanelMemberFactory(call=call)
    with pytest.raises(phases.PhaseRefused, match="申报尚未截止，不能开始材料审核。"):
        phases.move(call, ReviewPhase.MATERIALS, actor=staff_user)

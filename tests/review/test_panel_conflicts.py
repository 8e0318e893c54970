"""Conflicts: declared, recorded, detected, dismissed; what they do to assignments and to access."""

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Assignment, Conflict, ReviewSettings
from psyboost.review.models.scoring import ReviewState
from psyboost.review.predicates import has_conflict, is_assigned
from psyboost.review.services import conflicts
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(call):
    unit = factories.UnitFactory(name="北京市（朝阳）测试公司", parent_union="朝阳区总工会", district_union="朝阳区")
    application = factories.AcceptedApplicationFactory(call=call, unit=unit)
    member = factories.PanelMemberFactory(
        call=call, expert__organisation="朝阳区总工会", expert__district_union="海淀区"
    )
    return call, unit, application, member.expert


def test_normalise_name_drops_spaces_brackets_and_folds_width():
    assert conflicts.normalise_name(" 北京市（朝阳） 测试公司 ") == conflicts.normalise_name("北京市(朝阳)测试公司")


def test_declared_conflict_removes_unsubmitted_assignment_and_blocks_access(setting, staff_user):
    call, unit, application, expert = setting
    draft = factories.ScoreFactory(
        review__assignment__application=application, review__assignment__expert=expert, criterion__call=call
    )
    assert is_assigned(expert.user, application)
    conflicts.add(
        call, expert, unit, Conflict.Kind.COLLABORATION, Conflict.Source.DECLARED, actor=expert.user, note="去年合作"
    )
    assert not Assignment.objects.exists()
    removed = AuditEntry.objects.get(action="review.assignment_removed")
    assert removed.data["draft_scores"] == [[draft.criterion_id, "15.0"]]
    assert has_conflict(expert.user, application)
    assert not is_assigned(expert.user, application)


def test_submitted_assignment_is_kept_but_counts_for_nothing(setting, staff_user):
    call, unit, application, expert = setting
    review = factories.ReviewFactory(
        assignment__application=application,
        assignment__expert=expert,
        state=ReviewState.SUBMITTED,
        submitted_at="2020-08-01T10:00:00+08:00",
    )
    conflicts.add(call, expert, unit, Conflict.Kind.RELATIVE, Conflict.Source.STAFF, actor=staff_user)
    assert Assignment.objects.get() == review.assignment
    assert not is_assigned(expert.user, application)


def test_declaring_twice_is_refused_and_a_dismissed_one_comes_back(setting, staff_user):
    call, unit, _application, expert = setting
    conflict = conflicts.add(call, expert, unit, "other", "declared", actor=expert.user)
    with pytest.raises(conflicts.ConflictRefused, match="已登记"):
        conflicts.add(call, expert, unit, "other", "declared", actor=expert.user)
    conflicts.dismiss(conflict, actor=staff_user, reason="核实无关")
    again = conflicts.add(call, expert, unit, "other", "declared", actor=expert.user)
    assert (again.pk, again.active, again.dismissed_reason) == (conflict.pk, True, "")


def test_refusals(setting, staff_user):
    call, unit, _application, expert = setting
    with pytest.raises(conflicts.ConflictRefused, match="有效的冲突类型"):
        conflicts.add(call, expert, unit, "bogus", "declared", actor=expert.user)
    outsider = factories.ExpertProfileFactory()
    with pytest.raises(conflicts.ConflictRefused, match="不是本年度评审组成员"):
        conflicts.add(call, outsider, unit, "other", "declared", actor=outsider.user)
    with pytest.raises(conflicts.ConflictRefused, match="没有本年度已受理的申报"):
        conflicts.add(call, expert, factories.UnitFactory(), "other", "declared", actor=expert.user)
    conflict = conflicts.add(call, expert, unit, "other", "staff", actor=staff_user)
    with pytest.raises(conflicts.ConflictRefused, match="须填写理由"):
        conflicts.dismiss(conflict, actor=staff_user, reason=" ")
    conflicts.dismiss(conflict, actor=staff_user, reason="误登记")
    with pytest.raises(conflicts.ConflictRefused, match="已排除"):
        conflicts.dismiss(conflict, actor=staff_user, reason="再次")


def test_detect_finds_superior_union_and_own_unit_and_keeps_dismissals(setting, staff_user):
    call, _unit, _application, expert = setting
    same_unit = factories.PanelMemberFactory(call=call, expert__organisation="北京市(朝阳)测试公司").expert
    factories.PanelMemberFactory(call=call, expert__organisation="北京大学", expert__district_union="朝阳区")
    found = conflicts.detect(call, actor=staff_user)
    assert sorted((c.expert_id, c.kind, c.source) for c in found) == sorted(
        [(expert.pk, "superior", "detected"), (same_unit.pk, "own_unit", "detected")]
    )
    conflicts.dismiss(found[0], actor=staff_user, reason="已核实")
    assert conflicts.detect(call, actor=staff_user) == []
    assert Conflict.objects.filter(active=True).count() == 1


def test_detect_same_district_only_when_the_call_says_so(setting, staff_user):
    call, _unit, _application, _expert = setting
    neighbour = factories.PanelMemberFactory(
        call=call, expert__organisation="北京大学", expert__district_union="朝阳区"
    )
    ReviewSettings.objects.update_or_create(call=call, defaults={"same_district_conflicts": True})
    found = conflicts.detect(call, actor=staff_user)
    assert (neighbour.expert_id, "same_district") in {(c.expert_id, c.kind) for c in found}


def test_conflicted_pairs(setting, staff_user):
    call, unit, application, expert = setting
    conflicts.add(call, expert, unit, "other", "staff", actor=staff_user)
    assert conflicts.conflicted_pairs(call) == {(expert.pk, application.pk)}

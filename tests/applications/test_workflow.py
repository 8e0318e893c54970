"""The workflow table: every move allowed and forbidden, for every kind of actor."""

from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser

from psyboost.applications import workflow
from psyboost.applications.errors import TransitionNotAllowed
from psyboost.applications.models import Transition
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from tests.factories import IN_THE_2020_CALL, AdminFactory, ExpertFactory, StaffFactory, UnitUserFactory

pytestmark = pytest.mark.django_db

# The table as the issue states it, written out here so that a change to the module shows up as a failing test.
ALLOWED = {
    (State.DRAFT, State.SUBMITTED): ("unit", "提交", "applications.submitted"),
    (State.RETURNED, State.SUBMITTED): ("unit", "重新提交", "applications.resubmitted"),
    (State.SUBMITTED, State.RETURNED): ("staff", "退回修改", "applications.returned"),
    (State.SUBMITTED, State.ACCEPTED): ("staff", "受理", "applications.accepted"),
    (State.SUBMITTED, State.REJECTED): ("staff", "不予受理", "applications.rejected"),
    (State.ACCEPTED, State.SELECTED): ("staff", "确认入选", "applications.selected"),
    (State.ACCEPTED, State.NOT_SELECTED): ("staff", "确认未入选", "applications.not_selected"),
    (State.NOT_SELECTED, State.SELECTED): ("staff", "递补入选", "applications.selected_as_replacement"),
    (State.SUBMITTED, State.WITHDRAWN): ("unit", "撤回", "applications.withdrawn"),
    (State.WITHDRAWN, State.SUBMITTED): ("unit", "重新提交", "applications.resubmitted"),
    (State.SUBMITTED, State.GIVEN_UP): ("unit", "放弃", "applications.given_up"),
    (State.RETURNED, State.GIVEN_UP): ("unit", "放弃", "applications.given_up"),
    (State.WITHDRAWN, State.GIVEN_UP): ("unit", "放弃", "applications.given_up"),
    (State.ACCEPTED, State.GIVEN_UP): ("unit", "放弃", "applications.given_up"),
    (State.SELECTED, State.GIVEN_UP): ("unit", "放弃", "applications.given_up"),
}
ACTORS = ("unit", "other_unit", "staff", "admin", "expert", "anonymous", "inactive_unit")


def make_actor(kind, application):
    if kind == "unit":
        return UnitUserFactory(unit=application.unit)
    if kind == "inactive_unit":
        return UnitUserFactory(unit=application.unit, is_active=False)
    if kind == "other_unit":
        return UnitUserFactory()
    if kind == "anonymous":
        return AnonymousUser()
    return {"staff": StaffFactory, "admin": AdminFactory, "expert": ExpertFactory}[kind]()


def put_in(application, state):
    application.state = state
    if state != State.DRAFT:
        application.number, application.submitted_at = 1, IN_THE_2020_CALL
    application.save()


def is_permitted(actor_kind, role):
    return actor_kind == role or (role == "staff" and actor_kind == "admin")


@pytest.mark.parametrize(("source", "target", "actor_kind"), list(product(State.values, State.values, ACTORS)))
def test_every_move_for_every_actor(application, source, target, actor_kind):
    put_in(application, source)
    actor = make_actor(actor_kind, application)
    application.number, application.submitted_at = 1, IN_THE_2020_CALL
    rule = ALLOWED.get((source, target))

    if rule is not None and is_permitted(actor_kind, rule[0]):
        step = workflow.transition(application, target, actor, reason="材料不全", also_save=("number", "submitted_at"))

        application.refresh_from_db()
        assert application.state == target
        assert (step.from_state, step.to_state, step.reason) == (source, target, "材料不全")
        assert step.actor == (actor if actor_kind != "anonymous" else None)
        entry = AuditEntry.objects.get(action=rule[2])
        assert (entry.target_id, entry.reason, entry.data) == (
            str(application.pk),
            "材料不全",
            {"from_state": source, "to_state": target},
        )
        return

    with pytest.raises(TransitionNotAllowed) as refused:
        workflow.transition(application, target, actor, reason="材料不全")

    if rule is None:
        expected = f"不能将“{State(source).label}”状态的申报改为“{State(target).label}”。"
    elif rule[0] == "unit":
        expected = f"只有本单位用户可以{rule[1]}此申报。"
    else:
        expected = f"只有市总工会工作人员可以{rule[1]}此申报。"
    assert refused.value.message == expected
    application.refresh_from_db()
    assert application.state == source
    assert not Transition.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [(State.RETURNED, "请填写退回修改的理由。"), (State.REJECTED, "请填写不予受理的理由。")],
)
@pytest.mark.parametrize("reason", ["", "   \n"])
def test_return_and_reject_need_a_reason(application, staff, target, message, reason):
    put_in(application, State.SUBMITTED)

    with pytest.raises(TransitionNotAllowed) as refused:
        workflow.transition(application, target, staff, reason=reason)

    assert refused.value.message == message


def test_accepting_needs_no_reason(application, staff):
    put_in(application, State.SUBMITTED)

    step = workflow.transition(application, State.ACCEPTED, staff)

    assert step.reason == ""


def test_the_moves_a_page_offers(application, owner, staff):
    put_in(application, State.SUBMITTED)

    assert [move.target for move in workflow.allowed_moves(application, staff)] == [
        State.RETURNED,
        State.ACCEPTED,
        State.REJECTED,
    ]
    assert [move.target for move in workflow.allowed_moves(application, owner)] == [State.WITHDRAWN, State.GIVEN_UP]


def test_the_editable_states_are_draft_returned_and_withdrawn(application):
    for state in State.values:
        application.state = state
        assert application.is_editable == (state in {State.DRAFT, State.RETURNED, State.WITHDRAWN})

"""The application's states and the moves between them: defined here and nowhere else.

Every move is one row of ``MOVES``: from, to, who may make it, the audit action, and whether a reason is required.
``transition`` makes a move: the state, the timeline row, the audit record, then ``signals.application_transitioned``
for whoever reacts (the unit's notices, later stages).
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from psyboost.accounts.rules import is_federation_staff, is_unit_user
from psyboost.audit.services import record
from psyboost.core.actors import acting_user

from .errors import TransitionNotAllowed
from .signals import application_transitioned, selection_given_up


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交（待形式审查）")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("已受理（形式审查通过）")
    REJECTED = "rejected", _("不予受理")
    SELECTED = "selected", _("已入选")
    NOT_SELECTED = "not_selected", _("未入选")
    # The unit took its submission back before the formal check: a draft again that keeps its 编号.
    WITHDRAWN = "withdrawn", _("已撤回（可修改后重新提交）")
    # The unit gave the application up for good, with its reason.
    GIVEN_UP = "given_up", _("已放弃")


# Who may make a move. A unit user may act only on their own unit's application.
UNIT = "unit"
STAFF = "staff"
ROLE_NAMES = {UNIT: _("本单位用户"), STAFF: _("市总工会工作人员")}

# The states in which the unit may change the form.
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED, State.WITHDRAWN})
# The states in which the unit may delete its application: never submitted, so no 编号 and nothing on record.
DELETABLE_STATES = frozenset({State.DRAFT})


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    by: frozenset[str]
    action: str  # the audit action written for this move
    verb: str  # what the move is called in messages: 提交, 退回修改 ...
    reason_required: bool = False


MOVES: dict[tuple[str, str], Move] = {}


def _add(move: Move) -> Move:
    MOVES[(move.source, move.target)] = move
    return move


for _move in (
    Move(State.DRAFT, State.SUBMITTED, frozenset({UNIT}), "applications.submitted", _("提交")),
    Move(State.RETURNED, State.SUBMITTED, frozenset({UNIT}), "applications.resubmitted", _("重新提交")),
    Move(State.SUBMITTED, State.RETURNED, frozenset({STAFF}), "applications.returned", _("退回修改"), True),
    Move(State.SUBMITTED, State.ACCEPTED, frozenset({STAFF}), "applications.accepted", _("受理")),
    Move(State.SUBMITTED, State.REJECTED, frozenset({STAFF}), "applications.rejected", _("不予受理"), True),
    # The results of the call, once the announcement period is over and staff confirm them.
    Move(State.ACCEPTED, State.SELECTED, frozenset({STAFF}), "applications.selected", _("确认入选")),
    Move(State.ACCEPTED, State.NOT_SELECTED, frozenset({STAFF}), "applications.not_selected", _("确认未入选")),
    # 递补: after the results were confirmed, a selected unit gave up and staff fill its place from the ranking.
    Move(
        State.NOT_SELECTED,
        State.SELECTED,
        frozenset({STAFF}),
        "applications.selected_as_replacement",
        _("递补入选"),
        True,
    ),
    # The unit changes its mind: withdraw before the formal check (编号 kept, resubmit later), or give up.
    Move(State.SUBMITTED, State.WITHDRAWN, frozenset({UNIT}), "applications.withdrawn", _("撤回")),
    Move(State.WITHDRAWN, State.SUBMITTED, frozenset({UNIT}), "applications.resubmitted", _("重新提交")),
    *(
        Move(source, State.GIVEN_UP, frozenset({UNIT}), "applications.given_up", _("放弃"), True)
        for source in (State.SUBMITTED, State.RETURNED, State.WITHDRAWN, State.ACCEPTED, State.SELECTED)
    ),
):
    _add(_move)


def state_label(state: str) -> str:
    try:
        return str(State(state).label)
    except ValueError:
        return state


def role_of(actor, application) -> str | None:
    """The part ``actor`` plays for ``application``: staff, its own unit, or nothing."""
    if is_federation_staff(actor):
        return STAFF
    if is_unit_user(actor) and actor.unit_id == application.unit_id:
        return UNIT
    return None


def moves_from(state: str) -> list[Move]:
    return [move for (source, _target), move in MOVES.items() if source == state]


def allowed_moves(application, actor) -> list[Move]:
    """The moves ``actor`` may make on ``application`` now (the buttons a page offers)."""
    role = role_of(actor, application)
    return [move for move in moves_from(application.state) if role in move.by]


def check(application, to_state: str, actor, reason: str = "") -> Move:
    """The move to ``to_state`` if ``actor`` may make it now, else ``TransitionNotAllowed`` saying why."""
    move = MOVES.get((application.state, to_state))
    if move is None:
        raise TransitionNotAllowed(
            gettext("不能将“%(source)s”状态的申报改为“%(target)s”。")
            % {"source": state_label(application.state), "target": state_label(to_state)}
        )
    if role_of(actor, application) not in move.by:
        who = "或".join(str(ROLE_NAMES[role]) for role in sorted(move.by))
        raise TransitionNotAllowed(gettext("只有%(who)s可以%(verb)s此申报。") % {"who": who, "verb": move.verb})
    if move.reason_required and not (reason or "").strip():
        raise TransitionNotAllowed(gettext("请填写%(verb)s的理由。") % {"verb": move.verb})
    return move


@transaction.atomic
def transition(application, to_state: str, actor, reason: str = "", *, also_save=(), **data):
    """Move ``application`` to ``to_state``: checks the table, saves the state (with the ``also_save`` fields the
    caller set, in the same UPDATE), writes the timeline and the audit record (with ``data``)."""
    from .models import Transition

    reason = (reason or "").strip()
    move = check(application, to_state, actor, reason)
    application.state = to_state
    application.save(update_fields=["state", "updated_at", *also_save])
    step = Transition.objects.create(
        application=application,
        from_state=move.source,
        to_state=move.target,
        actor=acting_user(actor),
        reason=reason,
    )
    record(actor, move.action, application, reason=reason, from_state=move.source, to_state=move.target, **data)
    application_transitioned.send(
        sender=type(application), application=application, move=move, transition=step, actor=actor, reason=reason
    )
    if move.source == State.SELECTED and move.target == State.GIVEN_UP:
        selection_given_up.send(sender=type(application), application=application, actor=actor, reason=reason)
    return step


@transaction.atomic
def delete(application, actor) -> None:
    """The unit deletes its never-submitted draft: recorded, then gone with its rows and files' records."""
    if application.state not in DELETABLE_STATES:
        raise TransitionNotAllowed(
            gettext("“%(state)s”的申报不能删除；已提交的申报可以撤回或放弃。")
            % {"state": state_label(application.state)}
        )
    if role_of(actor, application) != UNIT:
        raise TransitionNotAllowed(gettext("只有本单位用户可以删除本单位的申报草稿。"))
    record(actor, "applications.deleted", application, call=application.call.year, unit=application.unit_id)
    application.delete()

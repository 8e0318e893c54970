"""The unit changes its mind: deletes a draft it never submitted, withdraws a submission before the formal check
(撤回, 编号 kept), or gives the application up (放弃, with a reason). Every move goes through ``workflow``."""

from django.db import transaction

from . import workflow
from .models import Application
from .services import _move
from .workflow import State


@transaction.atomic
def withdraw(application: Application, actor) -> Application:
    """撤回: a submitted application goes back to the unit before the formal check; it keeps its 编号 and can be
    changed and submitted again while the call is open for the unit."""
    return _move(application, State.WITHDRAWN, actor)


@transaction.atomic
def give_up(application: Application, actor, reason: str) -> Application:
    """放弃: the unit ends its application for good, with its reason (staff see it on the timeline). After
    selection, ``signals.selection_given_up`` lets the announcement step start the replacement."""
    return _move(application, State.GIVEN_UP, actor, reason)


@transaction.atomic
def delete_draft(application: Application, actor) -> None:
    """The unit deletes a draft it never submitted (no 编号 was handed out); recorded in the audit trail."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    workflow.delete(locked, actor)

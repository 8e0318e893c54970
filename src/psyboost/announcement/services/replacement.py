"""递补 after a unit gives up (放弃): ``applications`` sends ``selection_given_up`` (a selected application, after the
results were confirmed) and ``application_transitioned`` (an accepted one, perhaps on the list during the 公示); for an
application on the list, ``start`` proposes the next one of the ranking to staff (an in-app notice and a workbench
to-do) and staff ``confirm`` the replacement (or none, with a reason) through ``changes.amend``. After the results
were confirmed, the replacement also moves from 未入选 to 已入选 (``applications.workflow``) and
``signals.replacement_selected`` lets the projects step create its project. Every step is audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.applications import workflow
from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record
from psyboost.review.models import Selection

from ..models import Amendment
from ..signals import replacement_selected
from .changes import amend, proposed_replacement
from .publishing import Refused


def waiting(call):
    """The call's applications that were given up while on the list and whose place is not settled yet."""
    settled = Amendment.objects.filter(call=call).values("removed_id")
    return (
        Application.objects.filter(call=call, state=State.GIVEN_UP, selection__selected=True)
        .exclude(pk__in=settled)
        .select_related("unit", "call", "selection")
        .order_by("selection__rank", "pk")
    )


def start(application: Application, actor, reason: str = "") -> Application | None:
    """The unit of ``application`` gave up: when it was on the list, propose the next one to staff. Returns the
    proposed replacement (None when nothing is proposed, or the application was not on the list)."""
    if not Selection.objects.filter(application=application, selected=True).exists():
        return None
    proposed = proposed_replacement(application.call)
    record(
        actor,
        "announcement.replacement_proposed",
        application,
        reason=reason,
        proposed=getattr(proposed, "pk", None),
    )
    from ..notices import tell_staff_of_replacement

    transaction.on_commit(lambda: tell_staff_of_replacement(application, proposed, reason), robust=True)
    return proposed


def on_selection_given_up(sender, *, application, actor, reason, **kwargs) -> None:
    """Receiver of ``applications.signals.selection_given_up`` (inside the move's transaction)."""
    start(application, actor, reason)


def on_transition(sender, *, application, move, actor, reason, **kwargs) -> None:
    """Receiver of ``application_transitioned``: an accepted application given up while on the list (the 公示)."""
    if move.source == State.ACCEPTED and move.target == State.GIVEN_UP:
        start(application, actor, reason)


def confirm(
    application: Application, *, replacement: Application | None, replacement_reason: str = "", actor, now=None
):
    """Staff settle the place of a given-up application: ``replacement`` (the proposed one, or another or none with a
    reason) through ``changes.amend``; after the results were confirmed the replacement becomes 已入选."""
    if application.state != State.GIVEN_UP:
        raise Refused(_("该申报未放弃，不能据此递补。"))
    now = now or timezone.now()
    call = application.call
    with transaction.atomic():
        amendment = amend(
            call,
            removed=application,
            cause=Amendment.Cause.WITHDRAWAL,
            statement=_("申报单位主动放弃"),
            replacement=replacement,
            replacement_reason=replacement_reason,
            actor=actor,
            now=now,
        )
        if replacement is not None and hasattr(call, "results_confirmation"):
            replacement = Application.objects.select_for_update().get(pk=replacement.pk)
            workflow.transition(
                replacement,
                State.SELECTED,
                actor,
                reason=_("递补放弃入选的“%(unit)s”（编号 %(number)s）")
                % {"unit": application.unit.name, "number": application.display_number},
            )
            rank = Selection.objects.get(application=replacement).rank
            replacement_selected.send(sender=Amendment, call=call, application=replacement, rank=rank, actor=actor)
        record(
            actor,
            "announcement.replacement_confirmed",
            application,
            replacement=getattr(replacement, "pk", None),
            amendment=amendment.pk,
            reason=replacement_reason,
        )
    return amendment

"""The on-site exchange (现场交流): staff create sessions (when, where, which experts) and give each shortlisted
application a slot in one; the on-site assignments follow from the sessions (session experts × the slots'
applications), skipping conflicted experts and saying so.

The shortlist is ``review.services.results.shortlist(call)`` (the results side's decision) when that exists;
until then, the call's accepted applications in 编号 order, capped at ``ReviewSettings.shortlist_size``.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.core.actors import acting_user
from psyboost.core.refusals import Refused
from psyboost.review import notices
from psyboost.review.models import Assignment, Expert, OnsiteSession, OnsiteSlot, ReviewPhase, Stage

from . import results
from .conflicts import conflicted_pairs
from .panel import review_settings_of


class OnsiteRefused(Refused):
    """The change to the on-site plan is not possible; the message says why."""


@dataclass
class AssignResult:
    created: list = field(default_factory=list)  # (expert, application) pairs
    skipped: list = field(default_factory=list)  # (expert, application) pairs left out for a conflict


def shortlist(call) -> list:
    """The applications of the on-site exchange, in ranking (or 编号) order."""
    return list(results.shortlist(call))


def _check_editable(call) -> None:
    if review_settings_of(call).has_reached(ReviewPhase.DECISION):
        raise OnsiteRefused(_("现场交流已结束，安排不能再修改。"))


def create_session(call, *, title: str, starts_at: datetime, place: str, experts, note: str = "", actor):
    _check_editable(call)
    experts = list(experts)
    with transaction.atomic():
        session = OnsiteSession.objects.create(call=call, title=title, starts_at=starts_at, place=place, note=note)
        session.experts.set(experts)
        record(actor, "review.onsite_session_created", session, experts=[expert.pk for expert in experts])
    return session


def add_slot(session, application, *, starts_at: datetime, minutes: int = 20, actor) -> OnsiteSlot:
    """Give a shortlisted application its turn; one slot per application."""
    _check_editable(session.call)
    if application.call_id != session.call_id or application.pk not in {a.pk for a in shortlist(session.call)}:
        raise OnsiteRefused(_("该申报不在入围名单中。"))
    try:
        with transaction.atomic():
            slot = OnsiteSlot.objects.create(
                session=session, application=application, starts_at=starts_at, minutes=minutes
            )
            record(actor, "review.onsite_slot_added", slot, application=application.pk, starts_at=starts_at.isoformat())
            if review_settings_of(session.call).has_reached(ReviewPhase.ONSITE):
                notices.tell_units_of_slots([slot])
    except IntegrityError:
        raise OnsiteRefused(_("该申报已安排了现场交流时间。")) from None
    return slot


def remove_slot(slot, *, actor) -> None:
    _check_editable(slot.session.call)
    with transaction.atomic():
        record(actor, "review.onsite_slot_removed", slot.session, application=slot.application_id)
        slot.delete()


def assign_from_sessions(call, actor) -> AssignResult:
    """On-site assignments for every (session expert, slot application) pair not yet assigned; conflicted pairs are
    skipped and returned so the page can show them."""
    conflicted = conflicted_pairs(call)
    existing = set(
        Assignment.objects.filter(application__call=call, stage=Stage.ONSITE).values_list("expert_id", "application_id")
    )
    result = AssignResult()
    slots = OnsiteSlot.objects.filter(session__call=call).select_related(
        "application__unit", "application__call", "session"
    )
    experts = {}
    for session in OnsiteSession.objects.filter(call=call).prefetch_related("experts"):
        experts[session.pk] = list(session.experts.all())
    wanted = []
    for slot in slots:
        for expert in experts.get(slot.session_id, []):
            pair = (expert.pk, slot.application_id)
            if pair in conflicted:
                result.skipped.append((expert, slot.application))
                continue
            if pair in existing:
                continue
            existing.add(pair)
            result.created.append((expert, slot.application))
            wanted.append(
                Assignment(
                    application_id=slot.application_id,
                    expert=expert,
                    stage=Stage.ONSITE,
                    source=Assignment.Source.AUTOMATIC,
                    created_by=acting_user(actor),
                )
            )
    with transaction.atomic():
        Assignment.objects.bulk_create(wanted)
        record(
            actor,
            "review.onsite_assignments_created",
            call,
            created=len(wanted),
            skipped=[[expert.pk, application.pk] for expert, application in result.skipped],
        )
    return result


def tell_units(call) -> None:
    """Every slotted unit of ``call`` hears of its slot (once the review enters the on-site exchange)."""
    slots = OnsiteSlot.objects.filter(session__call=call).select_related(
        "application__unit", "application__call", "session"
    )
    notices.tell_units_of_slots(list(slots))


def slot_of(application) -> OnsiteSlot | None:
    return OnsiteSlot.objects.filter(application=application).select_related("session").first()


def experts_of(call):
    """The experts a session may include: the call's panel."""
    return Expert.objects.on_panel(call).order_by("name", "id")

"""Call operations: the only places that create or change a call."""

from datetime import date, datetime

from django.db import transaction

from psyboost.audit.services import record
from psyboost.core.refusals import Refused

from .models import Call


def _same_moment_in(year: int, moment: datetime) -> datetime:
    try:
        return moment.replace(year=year)
    except ValueError:  # 29 February
        return moment.replace(year=year, day=28)


def _same_day_in(year: int, day: date | None) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


@transaction.atomic
def copy_call(source: Call, year: int, *, actor=None, **overrides) -> Call:
    """A new year's call with the rules of ``source``, its dates moved to ``year`` (overrides win)."""
    shift = year - source.year
    values = {
        field.name: getattr(source, field.name)
        for field in Call._meta.concrete_fields
        if field.name not in {"id", "created_at", "updated_at"}
    }
    values.update(
        year=year,
        name=source.name.replace(str(source.year), str(year)),
        edition=source.edition.replace(str(source.year), str(year)),
        status=Call.Status.SUBMISSION,
        opens_at=_same_moment_in(year, source.opens_at),
        deadline=_same_moment_in(year, source.deadline),
        named_year_to=source.named_year_to + shift,
        implementation_start=_same_day_in(year, source.implementation_start),
        implementation_end=_same_day_in(year, source.implementation_end),
        form_issued_on=_same_day_in(year, source.form_issued_on),
    )
    values.update(overrides)
    call = Call.objects.create(**values)
    record(actor, "calls.copied", call, source_year=source.year)
    return call


def save_call(call: Call, *, actor=None, changed: list[str] | None = None) -> Call:
    created = call.pk is None
    call.save()
    record(actor, "calls.created" if created else "calls.changed", call, fields=changed or [])
    return call


# The order of the cycle: a call only moves forward, one or more steps at a time.
ORDER = list(Call.Status.values)


class CallMoveRefused(Refused):
    """The call cannot move to that status now; the message says why, in Chinese."""


def move_call(call: Call, to_status: str, *, actor=None, at: datetime | None = None, note: str = ""):
    """Move ``call`` forward to ``to_status`` (the only writer of ``Call.status`` after creation): the status, a
    ``CallStep`` row dated ``at`` (the step's real moment) and the audit record. Moving to the current status
    again changes nothing and returns None."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import CallStep

    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.status == to_status:
            call.status = locked.status
            return None
        if ORDER.index(to_status) < ORDER.index(locked.status):
            raise CallMoveRefused(
                _("年度评选已处于“%(current)s”，不能退回“%(target)s”。")
                % {"current": locked.get_status_display(), "target": Call.Status(to_status).label}
            )
        step = CallStep.objects.create(
            call=locked,
            from_status=locked.status,
            to_status=to_status,
            at=at or timezone.now(),
            note=note,
            actor=actor if getattr(actor, "pk", None) else None,
        )
        Call.objects.filter(pk=call.pk).update(status=to_status)
        call.status = to_status
        record(actor, "calls.moved", call, from_status=step.from_status, to_status=to_status, at=step.at.isoformat())
    return step


def timeline(call: Call, now: datetime) -> list[tuple[str, datetime]]:
    """(label, moment) of each step so far: the deadline once passed, then every recorded move of the call up to
    ``now`` (a move dated ahead, such as a scheduled announcement, shows once its moment has come)."""
    from django.utils.translation import gettext as _

    rows = [(_("申报截止"), call.deadline)] if call.deadline <= now else []
    for step in call.steps.all():
        if step.at <= now:
            rows.append((step.note or str(Call.Status(step.to_status).label), step.at))
    return rows

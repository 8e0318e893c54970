"""Call operations: the only places that create or change a call."""

from datetime import date, datetime

from django.db import transaction

from psyboost.audit.services import record

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

"""Staff enter a year's official holidays and shifted working days when the calendar package does not know it."""

from datetime import date

from django.utils.translation import gettext as _

from psyboost.audit.services import record

from ..models import CalendarYear
from .publishing import Invalid


def _parse(text: str, year: int, field: str) -> list[date]:
    days = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            day = date.fromisoformat(line)
        except ValueError:
            raise Invalid(
                {field: _("第%(line)d行“%(text)s”不是日期，请写成 2027-10-01。") % {"line": number, "text": line}}
            ) from None
        if day.year != year:
            raise Invalid({field: _("第%(line)d行的日期不在%(year)d年。") % {"line": number, "year": year}})
        days.append(day)
    return days


def save_year(entered: CalendarYear, *, actor) -> CalendarYear:
    holidays = _parse(entered.holidays, entered.year, "holidays")
    workdays = _parse(entered.workdays, entered.year, "workdays")
    if not holidays:
        raise Invalid({"holidays": _("请至少填写一个法定节假日。")})
    both = set(holidays) & set(workdays)
    if both:
        raise Invalid({"workdays": _("%(day)s 不能既放假又上班。") % {"day": min(both).isoformat()}})
    entered.holidays = "\n".join(day.isoformat() for day in sorted(set(holidays)))
    entered.workdays = "\n".join(day.isoformat() for day in sorted(set(workdays)))
    entered.entered_by = actor if getattr(actor, "pk", None) else None
    entered.save()
    record(actor, "announcement.calendar_saved", entered, holidays=len(holidays), workdays=len(workdays))
    return entered

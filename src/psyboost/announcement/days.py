"""Counting an announcement's period in natural or working days, in Beijing time.

Working days follow China's official calendar (holidays and the shifted working weekends) from the maintained
``chinesecalendar`` package; for a year it does not know, from the ``CalendarYear`` staff entered, and refused
(``CalendarUnknown``) until they have. The period starts at ``starts_at``; the start day counts as the first day;
it ends at the midnight after the last day (Beijing time), exclusive.
"""

from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CalendarYear, Counting


class CalendarUnknown(Exception):
    """Working days cannot be counted in a year nobody has entered the official calendar of."""


def _dates(text: str) -> set[date]:
    return {date.fromisoformat(line.strip()) for line in text.splitlines() if line.strip()}


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 12, 31))
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        pass
    entered = CalendarYear.objects.filter(year=day.year).first()
    if entered is None:
        raise CalendarUnknown(
            _(
                "尚未录入%(year)d年的法定节假日和调休安排，暂不能按工作日计算公示期。请先在“节假日安排”页录入，或改按自然日计算。"
            )
            % {"year": day.year}
        )
    if day in _dates(entered.workdays):
        return True
    if day in _dates(entered.holidays):
        return False
    return day.weekday() < 5


def last_day(first: date, days: int, counting: str) -> date:
    """The last day of a period of ``days`` starting on ``first`` (which counts if it is a counted day)."""
    if days < 1:
        raise ValueError(days)
    if counting == Counting.NATURAL:
        return first + timedelta(days=days - 1)
    day, counted = first, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == days:
                return day
        day += timedelta(days=1)


def period_end(starts_at: datetime, days: int, counting: str) -> datetime:
    """The moment the period ends: midnight (Beijing time) after its last day."""
    zone = timezone.get_default_timezone()
    first = timezone.localtime(starts_at, zone).date()
    end_day = last_day(first, days, counting) + timedelta(days=1)
    return datetime.combine(end_day, time(0, 0), tzinfo=zone)


def last_moment_day(ends_at: datetime) -> date:
    """The last day of a period ending (exclusive) at ``ends_at``."""
    return (timezone.localtime(ends_at, timezone.get_default_timezone()) - timedelta(microseconds=1)).date()

"""The demo's calls: the 2020 call exactly as the seed notice has it, and an open call for the current year.

The notice gives no implementation period; the demo takes 1 August – 31 December 2020, the months after the
deadline (20 July) and the 5-day announcement, as the notice's "2020年度" project. The open call follows the same
rule: implementation starts the first day of the month after its deadline and lasts five months.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from psyboost.calls.models import Call
from psyboost.calls.services import copy_call, save_call

from .base import BEIJING, DemoContext, StepReport

SEED_YEAR = 2020
FIRST_NAMED_YEAR = 2015
OPEN_CALL_DAYS = 30  # the open call's deadline is this many days ahead of today
IMPLEMENTATION_MONTHS = 5

CALL_2020 = {
    "year": SEED_YEAR,
    "name": "2020年职工心理服务助推项目",
    "edition": "2020版",
    "opens_at": datetime(2020, 6, 1, 0, 0, tzinfo=BEIJING),
    "deadline": datetime(2020, 7, 20, 23, 59, 59, tzinfo=BEIJING),
    "quota": 40,
    "grant_amount": Decimal("20000.00"),
    "announcement_days": 5,
    "named_year_from": FIRST_NAMED_YEAR,
    "named_year_to": 2019,
    "implementation_start": date(2020, 8, 1),
    "implementation_end": date(2020, 12, 31),
    "contact_people": "李文华 周娜",
    "contact_phones": "83570324 83570053",
    "contact_email": "zgxlfwzt@163.com",
    "contact_address": "北京市西城区虎坊路13号北京职工服务中心职业发展部",
    "contact_postcode": "100052",
}


def load(context: DemoContext) -> StepReport:
    report = StepReport()
    context.calls[SEED_YEAR] = _ensure_2020(report)
    year = timezone.localtime(context.now, BEIJING).year
    if year != SEED_YEAR:
        context.calls[year] = _ensure_open_call(context, year, context.calls[SEED_YEAR], report)
    return report


def _ensure_2020(report: StepReport) -> Call:
    """Create the 2020 call, or put back any value that differs from the notice (its stage is left to later steps)."""
    call = Call.objects.filter(year=SEED_YEAR).first()
    if call is None:
        report.created += 1
        return save_call(Call(**CALL_2020))
    changed = [name for name, value in CALL_2020.items() if getattr(call, name) != value]
    if not changed:
        report.unchanged += 1
        return call
    for name in changed:
        setattr(call, name, CALL_2020[name])
    report.updated += 1
    return save_call(call, changed=changed)


def _ensure_open_call(context: DemoContext, year: int, source: Call, report: StepReport) -> Call:
    """The current year's call, copied from 2020 and open today. One that exists already is left as it is."""
    call = Call.objects.filter(year=year).first()
    if call is not None:
        report.unchanged += 1
        return call
    today = timezone.localtime(context.now, BEIJING).date()
    deadline_day = today + timedelta(days=OPEN_CALL_DAYS)
    start, end = implementation_period(deadline_day)
    report.created += 1
    return copy_call(
        source,
        year,
        opens_at=datetime.combine(today - timedelta(days=1), time(0, 0), tzinfo=BEIJING),
        deadline=datetime.combine(deadline_day, time(23, 59, 59), tzinfo=BEIJING),
        named_year_to=year - 1,
        implementation_start=start,
        implementation_end=end,
    )


def implementation_period(deadline_day: date) -> tuple[date, date]:
    """From the first day of the month after the deadline, five months (20 July 2020 → 1 Aug – 31 Dec 2020)."""
    start = _add_months(deadline_day.replace(day=1), 1)
    return start, _add_months(start, IMPLEMENTATION_MONTHS) - timedelta(days=1)


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)

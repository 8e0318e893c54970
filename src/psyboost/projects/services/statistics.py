"""The figures behind the charts of a call's projects (read only, four queries whatever the size):

- progress over time: per month, milestones done (by the month of their completion), milestones overdue (not done,
  past due, by the month they were due), activities held and their participants;
- spending by category: per budget item (the lines' 支出明细, withdrawn lines left out of the approved sum)
  approved, spent from 助推资金 and from 自筹, and the two sources in total;
- activities by type: count and participants per service type, in the types' order.

Months run without gaps from the first to the last month with any figure, as "YYYY-MM"."""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from ..models import Activity, BudgetLine, Expense, Milestone, ServiceType
from .common import today as today_of

ZERO = Decimal("0.00")


def _month(day: date) -> str:
    return f"{day:%Y-%m}"


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def progress_by_month(call, *, now=None) -> dict:
    day = today_of(now)
    done, overdue, held, people = Counter(), Counter(), Counter(), Counter()
    for due_on, done_on in Milestone.objects.filter(project__call=call).values_list("due_on", "done_on"):
        if done_on is not None:
            done[_month(done_on)] += 1
        elif due_on < day:
            overdue[_month(due_on)] += 1
    for held_on, participants in Activity.objects.filter(project__call=call).values_list("held_on", "participants"):
        held[_month(held_on)] += 1
        people[_month(held_on)] += participants
    keys = set(done) | set(overdue) | set(held)
    months = _months_between(min(keys), max(keys)) if keys else []
    return {
        "months": months,
        "milestones_done": [done[m] for m in months],
        "milestones_overdue": [overdue[m] for m in months],
        "activities": [held[m] for m in months],
        "participants": [people[m] for m in months],
    }


def spending_by_category(call) -> dict:
    approved = dict(
        BudgetLine.objects.filter(project__call=call, withdrawn=False)
        .values("item")
        .annotate(total=Sum("approved"))
        .values_list("item", "total")
    )
    spent = defaultdict(lambda: {Expense.Source.GRANT: ZERO, Expense.Source.OWN: ZERO})
    for item, source, total in (
        Expense.objects.filter(project__call=call)
        .values("line__item", "source")
        .annotate(total=Sum("amount"))
        .values_list("line__item", "source", "total")
    ):
        spent[item][source] = total
    items = sorted(set(approved) | set(spent), key=lambda item: (-(approved.get(item) or ZERO), item))
    rows = [
        {
            "item": item,
            "approved": approved.get(item) or ZERO,
            "grant": spent[item][Expense.Source.GRANT],
            "own": spent[item][Expense.Source.OWN],
        }
        for item in items
    ]
    return {
        "rows": rows,
        "grant": sum((row["grant"] for row in rows), ZERO),
        "own": sum((row["own"] for row in rows), ZERO),
    }


def activities_by_type(call) -> list[dict]:
    found = {
        row["kind"]: row
        for row in Activity.objects.filter(project__call=call)
        .values("kind")
        .annotate(n=Count("id"), people=Sum("participants"))
    }
    return [
        {"kind": value, "label": str(label), "count": found[value]["n"], "participants": found[value]["people"] or 0}
        for value, label in ServiceType.choices
        if value in found
    ]


def chart_texts() -> dict:
    """Titles, axis names, units and legends of the charts (the script takes them from here)."""
    return {
        "month": _("月份"),
        "count": _("数量（个）"),
        "people": _("人次"),
        "yuan": _("金额（元）"),
        "item": _("预算科目"),
        "type": _("活动类型"),
        "done": _("已完成节点"),
        "overdue": _("逾期节点"),
        "activities": _("活动次数"),
        "participants": _("参加人次"),
        "approved": _("预算"),
        "grant": _("助推资金支出"),
        "own": _("自筹支出"),
    }


def charts(call, *, now=None) -> dict:
    return {
        "progress": progress_by_month(call, now=now),
        "spending": spending_by_category(call),
        "types": activities_by_type(call),
        "texts": chart_texts(),
    }

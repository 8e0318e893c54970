"""Projects are born when a call's results are confirmed: one per selected application, its baseline plan copied
from the submitted version (period, 进度安排 → milestones, 经费预算 → budget lines, expected effects)."""

import calendar
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from psyboost.applications.budget import amount
from psyboost.audit.services import record

from ..models import BudgetLine, Grant, Milestone, PlanVersion, Project
from .common import project_settings_of

_YEAR_MONTH = re.compile(r"(?:(\d{4})\s*[年./-]\s*)?(\d{1,2})\s*月")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def due_date(period: str, starts_on: date | None, ends_on: date | None, index: int, count: int) -> date:
    """The due date of a 进度安排 row: the end of the last month its 时间段 names (2025年7月—8月 → 8月31日),
    within the period; else the rows spread evenly over the period."""
    start = starts_on or date.today()
    end = ends_on or start + timedelta(days=180)
    year, found = start.year, None
    for match in _YEAR_MONTH.finditer(period or ""):
        year = int(match.group(1)) if match.group(1) else year
        month = int(match.group(2))
        if 1 <= month <= 12:
            candidate = _month_end(year, month)
            if found is not None and candidate < found:  # 11月—2月: the second month is in the next year
                year += 1
                candidate = _month_end(year, month)
            found = candidate
    if found is not None:
        return min(max(found, start), end)
    span = (end - start).days
    return start + timedelta(days=round(span * (index + 1) / max(count, 1)))


def plan_data(project: Project) -> dict:
    """The plan as it stands, as JSON: what a ``PlanVersion`` keeps."""
    return {
        "starts_on": project.starts_on.isoformat() if project.starts_on else None,
        "ends_on": project.ends_on.isoformat() if project.ends_on else None,
        "content": project.content,
        "expected_effects": project.expected_effects,
        "milestones": [
            {"period": m.period, "content": m.content, "due_on": m.due_on.isoformat()}
            for m in project.milestones.order_by("position")
        ],
        "budget": [
            {"item": line.item, "approved": str(line.approved), "notes": line.notes}
            for line in project.budget_lines.filter(withdrawn=False).order_by("position")
        ],
    }


def _fields(application, version) -> dict:
    if version is not None:
        return version.data
    from psyboost.applications.versions import snapshot

    return snapshot(application)


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


@transaction.atomic
def create_project(application, rank: int, actor) -> Project:
    """The project of a selected application (once: a second call answers the existing project)."""
    existing = Project.objects.filter(application=application).first()
    if existing is not None:
        return existing
    version = application.versions.order_by("-number").first()
    data = _fields(application, version)
    fields, rows = data.get("fields", {}), data.get("rows", {})
    call = application.call
    starts_on = _date(fields.get("starts_on")) or call.implementation_start
    ends_on = _date(fields.get("ends_on")) or call.implementation_end
    project = Project.objects.create(
        call=call,
        unit=application.unit,
        application=application,
        rank=rank,
        starts_on=starts_on,
        ends_on=ends_on,
        beneficiaries=fields.get("beneficiaries") or "",
        beneficiary_count=fields.get("beneficiary_count"),
        content=fields.get("plan") or "",
        expected_effects=fields.get("expected_results") or "",
    )
    schedule = [row for row in rows.get("schedule_items", []) if (row.get("content") or row.get("period"))]
    Milestone.objects.bulk_create(
        Milestone(
            project=project,
            position=index,
            period=(row.get("period") or "")[:100],
            content=(row.get("content") or row.get("period") or "")[:500],
            due_on=due_date(row.get("period") or "", starts_on, ends_on, index, len(schedule)),
        )
        for index, row in enumerate(schedule)
    )
    budget = [row for row in rows.get("budget_items", []) if row.get("item")]
    BudgetLine.objects.bulk_create(
        BudgetLine(
            project=project,
            position=index,
            item=row["item"][:100],
            approved=_money(amount(_decimal(row.get("unit_price")), _decimal(row.get("quantity")))),
            notes=(row.get("notes") or "")[:200],
        )
        for index, row in enumerate(budget)
    )
    Grant.objects.create(project=project, commitment_text=project_settings_of(call).commitment_text)
    PlanVersion.objects.create(project=project, number=1, data=plan_data(project), reason="")
    record(actor, "projects.created", project, application=application.pk, rank=rank)
    return project


def _money(value: Decimal | None) -> Decimal:
    return (value or Decimal("0")).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _decimal(value) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def on_results_confirmed(sender, *, call, selected, actor, **kwargs) -> list[Project]:
    """Receiver of ``announcement.signals.results_confirmed``: inside the confirmation's transaction."""
    return [create_project(application, rank, actor) for rank, application in enumerate(selected, start=1)]


def on_replacement_selected(sender, *, call, application, rank, actor, **kwargs) -> Project:
    """Receiver of ``announcement.signals.replacement_selected``: the replacement (递补) gets its project too."""
    return create_project(application, rank, actor)

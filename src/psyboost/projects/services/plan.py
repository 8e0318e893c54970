"""The plan while it is carried out: milestones marked started and done, and change requests (变更申请). An
approved change makes a new ``PlanVersion``; the earlier ones stay, and any two compare. Nothing changes the
approved plan in place."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from ..models import BudgetLine, ChangeRequest, Milestone, PlanVersion, Project
from ..workflow import Stage
from .common import ProjectRefused, parse_date, parse_money, refuse, required_text, today
from .creation import plan_data

CHANGEABLE = (Stage.AWAITING_GRANT, Stage.IMPLEMENTING, Stage.RECTIFICATION)


@transaction.atomic
def mark_milestone(milestone: Milestone, actor, *, started_on=None, done_on=None) -> Milestone:
    if milestone.project.stage not in CHANGEABLE:
        refuse("done_on", _("项目“%(stage)s”，进度不能再修改。") % {"stage": milestone.project.get_stage_display()})
    if started_on not in (None, ""):
        milestone.started_on = parse_date(started_on, "started_on")
    if done_on not in (None, ""):
        milestone.done_on = parse_date(done_on, "done_on")
        if milestone.started_on is None:
            milestone.started_on = milestone.done_on
    if milestone.started_on and milestone.done_on and milestone.done_on < milestone.started_on:
        refuse("done_on", _("完成日期不能早于开始日期。"))
    milestone.save(update_fields=["started_on", "done_on"])
    record(
        actor,
        "projects.milestone_marked",
        milestone.project,
        milestone=milestone.pk,
        started_on=str(milestone.started_on),
        done_on=str(milestone.done_on),
    )
    return milestone


def _proposed_schedule(rows) -> list[dict]:
    proposed, errors = [], {}
    for index, row in enumerate(rows):
        content = str(row.get("content") or "").strip()
        if not content:
            continue
        try:
            due = parse_date(row.get("due_on"), f"due_on_{index}")
        except ProjectRefused as refusal:
            errors.update(refusal.errors)
            continue
        proposed.append(
            {"period": str(row.get("period") or "")[:100], "content": content[:500], "due_on": due.isoformat()}
        )
    if errors:
        raise ProjectRefused(_("变更内容有误，请按提示修改。"), errors)
    if not proposed:
        refuse("rows", _("请至少填写一个进度节点。"))
    return proposed


def _proposed_budget(rows) -> list[dict]:
    proposed, errors = [], {}
    for index, row in enumerate(rows):
        item = str(row.get("item") or "").strip()
        if not item:
            continue
        try:
            value = parse_money(row.get("approved"), f"approved_{index}", positive=False)
        except ProjectRefused as refusal:
            errors.update(refusal.errors)
            continue
        proposed.append({"item": item[:100], "approved": str(value), "notes": str(row.get("notes") or "")[:200]})
    if errors:
        raise ProjectRefused(_("变更内容有误，请按提示修改。"), errors)
    if not proposed:
        refuse("rows", _("请至少填写一个预算科目。"))
    return proposed


def request_change(project: Project, actor, *, kind: str, reason: str, rows=(), content="", now=None) -> ChangeRequest:
    """The unit asks to change its schedule (rows of period, content, due_on), budget lines (rows of item,
    approved, notes: a line with expenses keeps its name) or content (the text)."""
    if project.stage not in CHANGEABLE:
        refuse("__all__", _("项目“%(stage)s”，不能提出变更申请。") % {"stage": project.get_stage_display()})
    reason = required_text(reason, "reason", 2000, _("请填写变更理由。"))
    if kind == ChangeRequest.Kind.SCHEDULE:
        proposed = {"milestones": _proposed_schedule(rows)}
    elif kind == ChangeRequest.Kind.BUDGET:
        proposed = {"budget": _proposed_budget(rows)}
    elif kind == ChangeRequest.Kind.CONTENT:
        proposed = {"content": required_text(content, "content", 5000, _("请填写变更后的项目内容。"))}
    else:
        refuse("kind", _("请选择变更类型。"))
    try:
        with transaction.atomic():
            change = ChangeRequest.objects.create(
                project=project, kind=kind, reason=reason, proposed=proposed, requested_by=actor
            )
            record(actor, "projects.change_requested", project, change=change.pk, kind=kind, proposed=proposed)
    except IntegrityError:
        refuse("__all__", _("已有一份变更申请待审核，审核后才能再次提出。"))
    return change


def _apply_budget(project: Project, rows: list[dict]) -> None:
    lines = {line.item: line for line in project.budget_lines.all()}
    keep = set()
    position = max((line.position for line in lines.values()), default=-1) + 1
    for row in rows:
        line = lines.get(row["item"])
        if line is None:
            line = BudgetLine.objects.create(
                project=project,
                position=position,
                item=row["item"],
                approved=Decimal(row["approved"]),
                notes=row["notes"],
            )
            position += 1
        else:
            line.approved, line.notes, line.withdrawn = Decimal(row["approved"]), row["notes"], False
            line.save()
        keep.add(line.pk)
    for line in lines.values():
        if line.pk not in keep:
            if line.expenses.exists():
                line.withdrawn = True  # its expenses stay against it; no new ones
                line.save(update_fields=["withdrawn"])
            else:
                line.delete()


def _apply_schedule(project: Project, rows: list[dict]) -> None:
    project.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(
            project=project,
            position=i,
            period=row["period"],
            content=row["content"],
            due_on=date.fromisoformat(row["due_on"]),
        )
        for i, row in enumerate(rows)
    )


@transaction.atomic
def decide_change(change: ChangeRequest, actor, *, approve: bool, note: str = "", now=None) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.state != ChangeRequest.State.PENDING:
        refuse("__all__", _("该变更申请已审核（%(state)s）。") % {"state": change.get_state_display()})
    note = (note or "").strip()
    if not approve and not note:
        refuse("note", _("不批准变更须填写理由。"))
    project = Project.objects.select_for_update().get(pk=change.project_id)
    change.decided_by, change.decided_at, change.decision_note = actor, now or timezone.now(), note
    if approve:
        if change.kind == ChangeRequest.Kind.SCHEDULE:
            _apply_schedule(project, change.proposed["milestones"])
        elif change.kind == ChangeRequest.Kind.BUDGET:
            _apply_budget(project, change.proposed["budget"])
        else:
            project.content = change.proposed["content"]
        project.plan_version += 1
        project.save(update_fields=["content", "plan_version", "updated_at"])
        change.version = PlanVersion.objects.create(
            project=project, number=project.plan_version, data=plan_data(project), reason=change.reason
        )
        change.state = ChangeRequest.State.APPROVED
    else:
        change.state = ChangeRequest.State.REFUSED
    change.save()
    record(actor, "projects.change_decided", project, change=change.pk, approved=approve, note=note)
    return change


def compare(old: PlanVersion, new: PlanVersion) -> list[tuple[str, str, str]]:
    """(what, before, after) for every part of the plan that differs between two versions."""
    changes = []
    a, b = old.data, new.data
    for key, label in (
        ("starts_on", _("实施时间（起）")),
        ("ends_on", _("实施时间（至）")),
        ("content", _("项目内容")),
        ("expected_effects", _("项目预期效果")),
    ):
        if a.get(key) != b.get(key):
            changes.append((str(label), a.get(key) or "", b.get(key) or ""))
    for key, label, show in (
        ("milestones", _("进度安排"), lambda r: f"{r['content']}（{r['due_on']}）"),
        ("budget", _("经费预算"), lambda r: f"{r['item']} {r['approved']} 元"),
    ):
        before, after = a.get(key, []), b.get(key, [])
        for index in range(max(len(before), len(after))):
            was = show(before[index]) if index < len(before) else ""
            now = show(after[index]) if index < len(after) else ""
            if was != now:
                changes.append((_("%(part)s 第%(row)d行") % {"part": label, "row": index + 1}, was, now))
    return changes


def milestone_counts(milestones, day: date) -> tuple[int, int, int]:
    """(done, overdue, total)."""
    statuses = [m.status_on(day) for m in milestones]
    return statuses.count(Milestone.Status.DONE), statuses.count(Milestone.Status.OVERDUE), len(statuses)


__all__ = ["compare", "decide_change", "mark_milestone", "milestone_counts", "request_change", "today"]

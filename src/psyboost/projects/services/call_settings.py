"""A call's project settings changed by staff: the mid-term report date, the closing deadline, the grade thresholds
(0 ≤ 合格 < 优秀 ≤ 100, one decimal), the reminder offsets, the experts per project, the excluded items and the
commitment text. All or nothing, audited with the values before and after. Once grades are confirmed, thresholds
that would give any confirmed project another grade are refused."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from ..models import Project, ProjectSettings
from .common import ProjectRefused, optional_text, parse_date, project_settings_of, required_text

HUNDRED = Decimal("100")
FIELDS = (
    "midterm_due_on",
    "closing_due_on",
    "excellent_from",
    "pass_from",
    "remind_days_before",
    "remind_days_after",
    "reviewers_per_project",
    "excluded_items",
    "commitment_text",
)


def _score(raw, field: str, errors: dict) -> Decimal | None:
    text = str(raw if raw is not None else "").strip()
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        errors[field] = _("请填写 0–100 之间的分数，例如 85 或 72.5。")
        return None
    if not value.is_finite() or value < 0 or value > HUNDRED:
        errors[field] = _("请填写 0–100 之间的分数，例如 85 或 72.5。")
        return None
    if value != value.quantize(Decimal("0.1")):
        errors[field] = _("分数线最多保留一位小数。")
        return None
    return value.quantize(Decimal("0.1"))


def _days(raw, field: str, low: int, high: int, errors: dict) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not text.isdigit() or not low <= int(text) <= high:
        errors[field] = _("请填写 %(low)d–%(high)d 之间的整数。") % {"low": low, "high": high}
        return None
    return int(text)


def _optional_date(raw, field: str, errors: dict):
    if not str(raw or "").strip():
        return None
    try:
        return parse_date(raw, field)
    except ProjectRefused as refusal:
        errors.update(refusal.errors)
        return None


def _parse(values: dict) -> tuple[dict, dict]:
    errors, parsed = {}, {}
    parsed["midterm_due_on"] = _optional_date(values.get("midterm_due_on"), "midterm_due_on", errors)
    parsed["closing_due_on"] = _optional_date(values.get("closing_due_on"), "closing_due_on", errors)
    parsed["excellent_from"] = _score(values.get("excellent_from"), "excellent_from", errors)
    parsed["pass_from"] = _score(values.get("pass_from"), "pass_from", errors)
    parsed["remind_days_before"] = _days(values.get("remind_days_before"), "remind_days_before", 1, 60, errors)
    parsed["remind_days_after"] = _days(values.get("remind_days_after"), "remind_days_after", 1, 60, errors)
    parsed["reviewers_per_project"] = _days(values.get("reviewers_per_project"), "reviewers_per_project", 1, 9, errors)
    for name, parse in (
        ("excluded_items", lambda: optional_text(values.get("excluded_items"), "excluded_items", 300)),
        (
            "commitment_text",
            lambda: required_text(values.get("commitment_text"), "commitment_text", 2000, _("请填写资金使用承诺。")),
        ),
    ):
        try:
            parsed[name] = parse()
        except ProjectRefused as refusal:
            errors.update(refusal.errors)
    excellent, passing = parsed["excellent_from"], parsed["pass_from"]
    if excellent is not None and passing is not None and not passing < excellent:
        errors["pass_from"] = _("合格分数线应低于优秀分数线。")
    start, end = parsed["midterm_due_on"], parsed["closing_due_on"]
    if start and end and start >= end:
        errors["midterm_due_on"] = _("中期报告提交日期应早于结项材料提交截止日期。")
    return parsed, errors


def regraded(call, current: ProjectSettings, excellent: Decimal, passing: Decimal) -> list[Project]:
    """The call's projects with a confirmed grade that the new thresholds would grade otherwise."""
    proposed = ProjectSettings(excellent_from=excellent, pass_from=passing)
    confirmed = Project.objects.filter(call=call, graded_at__isnull=False, score__isnull=False).select_related("unit")
    return [p for p in confirmed if current.grade_for(p.score) != proposed.grade_for(p.score)]


@transaction.atomic
def update_settings(call, actor, **values) -> ProjectSettings:
    current = project_settings_of(call)
    current = ProjectSettings.objects.select_for_update().get(pk=current.pk)
    parsed, errors = _parse(values)
    if not errors:
        changed = regraded(call, current, parsed["excellent_from"], parsed["pass_from"])
        if changed:
            names = "、".join(p.unit.name for p in changed[:5])
            errors["excellent_from"] = _(
                "已有 %(count)d 个项目确认了结项等级（%(names)s），新的分数线会改变它们的等级，不能修改。"
            ) % {"count": len(changed), "names": names}
    if errors:
        raise ProjectRefused(_("设置未保存，请按提示修改。"), errors)
    before = {name: getattr(current, name) for name in FIELDS}
    for name, value in parsed.items():
        setattr(current, name, value)
    current.save()
    difference = {
        name: [str(before[name]) if before[name] is not None else "", str(value) if value is not None else ""]
        for name, value in parsed.items()
        if before[name] != value
    }
    record(actor, "projects.settings_changed", call, changed=difference)
    return current

"""What a section page shows: the progress list, the section's items in the paper form's order (fields, tables,
read-only registry values), the messages next to each input, the budget figures and a refused save's differences.

One query per table and one for the attachment counts, whatever the number of rows (the page is pinned in tests).
"""

import dataclasses
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from ..budget import amount, budget_summary, money
from ..checks import REQUIRED, REQUIRED_COLUMNS, check_application, member_share_hint, section_status
from ..checks.basic import PROFILE_MAX_CHARACTERS
from ..forms import READ_ONLY, RowForm
from ..models import ROW_MODELS, Application
from ..sections import (
    SEAL_LABELS,
    SECTIONS,
    SUBHEADINGS,
    TITLE_NOTES,
    budget_heading,
    column_label,
    label,
    plan_note,
)
from ..values import character_count
from ..versions import display
from . import form_fragments
from .form_html import field_html, row_html

PARTNER_OF = {"past_partner_name": "past_partnered", "partner_name": "partnered"}


@dataclass
class Cell:
    field: object  # a BoundField
    notes: list = dataclasses.field(default_factory=list)
    value: str = ""  # 金额 of a budget row (read-only)


@dataclass
class Item:
    type: str  # "field", "readonly", "table"
    name: str
    label: str
    field: object = None
    notes: list = dataclasses.field(default_factory=list)
    value: str = ""
    columns: list = dataclasses.field(default_factory=list)
    rows: list = dataclasses.field(default_factory=list)  # lists of Cell, one list per row
    blank: list = dataclasses.field(default_factory=list)  # the cells of a new row, for the page's script
    rows_html: list = dataclasses.field(default_factory=list)  # the rows as rendered (``form_html``)
    blank_html: str = ""
    html: str = ""  # a field as rendered (``form_html``)
    partner_of: str = ""


def saved_rows(application) -> dict:
    return {kind: list(getattr(application, kind).all()) for kind in ROW_MODELS}


def _notes(problems, section_key: str, bound: set) -> dict[str, list[str]]:
    """Check messages by input name: what is wrong (not what is merely missing) and warnings, except where the input
    already carries its own parsing message."""
    notes: dict[str, list[str]] = {}
    for found in problems:
        if found.section != section_key or found.field in bound or (found.code == REQUIRED and found.is_error):
            continue
        notes.setdefault(found.field, []).append(found.message_zh)
    return notes


def section_messages(edit, problems) -> dict[str, list[str]]:
    """Every message the section shows, by input name: what could not be read as typed, then the checks of what is
    stored (as ``items`` puts them beside the inputs). The autosave answers with exactly these."""
    errors = edit.error_messages()
    found = {name: list(messages) for name, messages in errors.items()}
    for name, notes in _notes(problems, edit.section.key, set(errors)).items():
        found.setdefault(name, []).extend(notes)
    return found


def items(edit, problems) -> list[Item]:
    section, application = edit.section, edit.application
    errors = edit.error_messages()
    notes = _notes(problems, section.key, set(errors))
    built = []
    if "plan" in edit.fields.fields:  # the paper's note, with the call's grant and year
        edit.fields.fields["plan"].help_text = plan_note(application.call)
    for name in section.items:
        if name in SUBHEADINGS:
            built.append(Item("subheading", name, str(SUBHEADINGS[name])))
        if name in READ_ONLY:
            value = application.get_district_union_display() or application.unit.get_district_union_display()
            built.append(Item("readonly", name, label(name), value=value))
        elif name in section.fields:
            bound = edit.fields[name]
            built.append(
                Item(
                    "field",
                    name,
                    label(name),
                    field=bound,
                    notes=notes.get(name, []),
                    partner_of=PARTNER_OF.get(name, ""),
                )
            )
        elif name in section.rows:
            marked = REQUIRED_COLUMNS.get(name, ())
            columns = [(column_label(name, column), column in marked) for column in ROW_MODELS[name].columns]
            heading = label(name)
            if name == "budget_items":  # 金额 before 说明, and the paper's heading with the call's grant
                columns.insert(ROW_MODELS[name].columns.index("notes"), (_("金额（元）"), False))
                heading = budget_heading(application.call)
            rows = [_cells(name, row, notes) for row in edit.tables[name]]
            blank = _cells(name, RowForm(name, prefix=f"{name}-__prefix__"), {})
            built.append(
                Item("table", name, heading, notes=notes.get(name, []), columns=columns, rows=rows, blank=blank)
            )
    return built


def _cells(kind, row, notes) -> list[Cell]:
    cells = [Cell(row[column], notes.get(row.add_prefix(column), [])) for column in row.fields]
    if kind == "budget_items":  # 金额 before 说明
        cells.insert(ROW_MODELS[kind].columns.index("notes"), Cell(None, value=_row_amount(row)))
    return cells


def _row_amount(row) -> str:
    data = row.cleaned_data if row.is_bound and hasattr(row, "cleaned_data") else None
    if data is None:
        price, quantity = row.initial.get("unit_price"), row.initial.get("quantity")
        try:
            value = amount(Decimal(price), Decimal(quantity)) if price and quantity else None
        except (ArithmeticError, InvalidOperation):
            value = None
    else:
        value = amount(data.get("unit_price"), data.get("quantity")) if not row.errors else None
    return money(value) if value is not None else ""


def progress(application, problems, current: str, current_has_errors: bool) -> list[dict]:
    status = section_status(problems)
    if current_has_errors:
        status[current] = "has_errors"
    labels = {"complete": _("已完成"), "incomplete": _("未完成"), "has_errors": _("有错误")}
    return [
        {
            "key": section.key,
            "title": section.title_for(application.call),
            "title_note": TITLE_NOTES.get(section.key, ""),
            "seal_labels": SEAL_LABELS if section.key == "signoff" else (),
            "status": status[section.key],
            "status_label": labels[status[section.key]],
            "url": reverse("applications:section", args=[application.pk, section.key]),
            "current": section.key == current,
        }
        for section in SECTIONS
    ]


def stale_changes(stale, application, data: dict) -> list[dict]:
    """What another save changed, beside what this user typed: saved value, your input."""
    changes = []
    for name in stale.fields:
        if name in ROW_MODELS:
            count = getattr(application, name).count()
            saved = _("表格已被修改，现有 %(count)d 行") % {"count": count}
            yours = _("您页面上有 %(count)d 行") % {
                "count": len({k.split("-")[1] for k in data if k.startswith(name + "-")})
            }
        else:
            saved = display(Application._meta.get_field(name), getattr(application, name))
            yours = str(data.get(name, "") or "")
        changes.append(
            {"name": name, "label": label(name), "saved": saved or _("（空）"), "yours": yours or _("（空）")}
        )
    return changes


def neighbours(application, section) -> tuple[dict | None, dict | None]:
    """The previous and the next section (key, title, address), None at either end."""
    index = [each.key for each in SECTIONS].index(section.key)

    def entry(position):
        if not 0 <= position < len(SECTIONS):
            return None
        other = SECTIONS[position]
        url = reverse("applications:section", args=[application.pk, other.key])
        return {"key": other.key, "title": other.title_for(application.call), "url": url}

    return entry(index - 1), entry(index + 1)


def rendered_items(edit, problems) -> tuple[list[Item], str]:
    """The section's items, and their block of HTML: the fields and tables, with the budget's figures."""
    application, section = edit.application, edit.section
    hint = member_share_hint(application) if section.key == "history" else None
    profile_length = character_count(application.unit_profile) if section.key == "basic" else 0
    shown = items(edit, problems)
    for item in shown:
        if item.type == "field":
            item.html = field_html(
                item,
                application=application,
                profile_length=profile_length,
                profile_limit=PROFILE_MAX_CHARACTERS,
                member_share_hint=hint,
            )
        elif item.type == "table":
            rows = enumerate(item.rows)
            item.rows_html = [row_html(item.name, cells, index, index + 1) for index, cells in rows]
            item.blank_html = row_html(item.name, item.blank, "__prefix__", "")
    budget = budget_of(application) if "budget_items" in section.rows else None
    return shown, render_to_string("applications/form/_items.html", {"items": shown, "budget": budget})


def section_context(edit, problems, *, stale=None, stale_data=None) -> dict:
    application, section = edit.application, edit.section
    if edit.bound:  # what was typed: never kept
        shown, items_html = rendered_items(edit, problems)
    else:
        notes = _notes(problems, section.key, set())
        shown, items_html = None, form_fragments.as_saved(edit, notes, lambda: rendered_items(edit, problems)[1])
    previous_section, next_section = neighbours(application, section)
    return {
        "application": application,
        "section": section,
        "previous_section": previous_section,
        "next_section": next_section,
        "title": section.title_for(application.call),
        "title_note": TITLE_NOTES.get(section.key, ""),
        "seal_labels": SEAL_LABELS if section.key == "signoff" else (),
        "progress": progress(application, problems, section.key, edit.has_errors),
        "items": shown or SimpleLazyObject(lambda: items(edit, problems)),  # for tests; the page shows items_html
        "items_html": items_html,
        "edit": edit,
        "grant_amount": str(application.call.grant_amount) if "budget_items" in section.rows else "",
        "stale": stale,
        "js_messages": js_messages(),
        "stale_changes": stale_changes(stale, application, stale_data or {}) if stale else [],
        "psych_worker_names": [row.name for row in application.psych_workers.all() if row.name.strip()]
        if section.key == "signoff"
        else [],
    }


def budget_of(application) -> dict:
    """The budget's figures as the table's summary shows them."""
    budget = budget_summary(application)
    return {
        "total": money(budget.total),
        "grant": money(budget.grant),
        "self_funded": money(budget.self_funded),
        "grant_amount": str(application.call.grant_amount),
    }


def js_messages() -> dict:
    """What the page's script says, translated here (the script itself holds no text)."""
    return {
        "status": {"complete": _("已完成"), "incomplete": _("未完成"), "has_errors": _("有错误")},
        "item": _("项目"),
        "theirs": _("已保存的内容（他人保存）"),
        "yours": _("您的输入（仍在下方表单中）"),
        "keep_mine": _("核对无误，以我的内容保存"),
        "reload": _("放弃我的输入，重新载入"),
        "stale": _("未保存：他人已修改，请核对"),
        "saving": _("正在保存…"),
        "saved": _("已保存于 %(time)s"),
        "saved_with_errors": _("已保存于 %(time)s（%(count)s 处需要修改，这些项未保存）"),
        "failed": _("保存失败，请稍后重试"),
        "offline": _("网络异常，暂未保存；恢复后将自动重试"),
        "signed_out": _("保存失败：登录可能已过期或没有修改权限。请在新窗口重新登录后再保存；您的输入仍在本页面上。"),
        "counter": _("已输入 %(count)s 字，限 %(limit)s 字"),
        "counter_over": _("已输入 %(count)s 字，限 %(limit)s 字，超出 %(over)s 字"),
        "share_hint": _("按服务人数 ÷ 持卡职工人数计算约为 %(hint)s%%。"),
    }


def problems_of(application, rows: dict | None = None):
    return check_application(application, rows=rows)

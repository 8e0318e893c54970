"""The fields of a section and the rows of its repeating tables (equipment, staff, budget), rendered in Python: one
string per field or row.

A complete section 二 has twenty rows of five to seven inputs and dozens of fields; through the template engine
they cost more than the rest of the page. Each input keeps its label (hidden in a table's cells) and the list of
its messages next to it, where the page's script and a screen reader find them; the budget's 金额 is a read-only
cell. The inputs themselves are rendered by their widgets (``core.form_renderer``).
"""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from psyboost.core.escaping import escaped


def _messages(errors, notes) -> str:
    return "".join(f"<li>{escaped(message)}</li>" for message in (*errors, *notes))


def _cell(cell) -> str:
    if cell.field is None:  # the budget's 金额
        label = escaped(_("金额（元）"))
        return f'<td class="num amount" data-label="{label}" data-amount>{escaped(cell.value)}</td>'
    field = cell.field
    errors = field.errors
    label = escaped(field.label)
    return (
        f'<td class="{"has-error" if errors or cell.notes else ""}" data-label="{label}">'
        f'<label class="visually-hidden" for="{escaped(field.id_for_label)}">{label}</label>{field}'
        f'<ul class="errorlist" role="alert" data-errors-for="{escaped(field.html_name)}">'
        f"{_messages(errors, cell.notes)}</ul></td>"
    )


def row_html(table: str, cells, index, number) -> SafeString:
    """One ``<tr>`` of ``table``: its number (blank in the template row), its cells, and the buttons that move or
    remove it (``index``: the row's place, ``__prefix__`` in the template row)."""
    actions = "".join(
        f'<button type="submit" class="link" name="row_action" value="{action}:{escaped(table)}:'
        f'{escaped(index)}" data-row-{action}>'
        f"{escaped(text)}</button>"
        for action, text in (("up", _("上移")), ("down", _("下移")), ("remove", _("删除")))
    )
    return mark_safe(  # every value is escaped above; the inputs are rendered by their widgets
        f'<tr data-row><td class="num" data-row-number>{number}</td>{"".join(_cell(cell) for cell in cells)}'
        f'<td class="row-actions">{actions}</td></tr>'
    )


MARK = '<span class="required-mark" aria-hidden="true">*</span>'


def field_html(item, *, application, profile_length, profile_limit, member_share_hint) -> SafeString:
    """One field of a section (``item``: a ``form_context.Item`` of type "field"): its label (a legend for yes/no),
    input, help, the hints of a few fields, and the list of its messages."""
    bound = item.field
    widget, mark = bound.widget_type, MARK if bound.field.marked else ""
    label, auto_id = escaped(bound.label), escaped(bound.auto_id)
    errors = bound.errors
    classes = "field" + (" has-error" if errors or item.notes else "") + (" checkbox" if widget == "checkbox" else "")
    partner = f' data-partner-of="{escaped(item.partner_of)}"' if item.partner_of else ""
    parts = [f'<div class="{classes}" id="field-{escaped(item.name)}"{partner}>']
    if widget == "checkbox":
        parts.append(f'{bound} <label for="{escaped(bound.id_for_label)}">{label}{mark}</label>')
    elif widget == "radioselect":
        required = ' aria-required="true"' if mark else ""
        choices = "".join(
            f'<label class="choice">{choice.tag()} {escaped(choice.choice_label)}</label>' for choice in bound
        )
        parts.append(
            f'<fieldset class="yes-no" role="radiogroup"{required}><legend>{label}{mark}</legend>{choices}</fieldset>'
        )
    else:
        parts.append(f'<label for="{escaped(bound.id_for_label)}">{label}{mark}</label> {bound}')
    if bound.help_text:
        parts.append(f'<span class="helptext" id="{auto_id}_helptext">{escaped(bound.help_text)}</span>')
    if item.partner_of:
        parts.append(f'<span class="helptext no-js-only">{escaped(_("选择“是”时填写。"))}</span>')
    if item.name == "unit_profile":
        counted = _("已输入 %(count)s 字，限 %(limit)s 字") % {"count": profile_length, "limit": profile_limit}
        parts.append(
            f'<span class="helptext counter" data-counter-for="{auto_id}" data-limit="{profile_limit}">'
            f"{escaped(counted)}</span>"
        )
    if item.name == "past_member_share":
        holders = application.card_holders
        if member_share_hint is not None:
            hint = _("按服务人数 ÷ 持卡职工人数计算约为 %(hint)s%%。") % {"hint": member_share_hint}
        else:
            hint = _("填写服务人数和持卡职工人数后，可参考计算结果。")
        parts.append(
            '<span class="helptext share-hint" data-share-hint data-card-holders='
            f'"{escaped("" if holders is None else holders)}">{escaped(hint)}</span>'
        )
    name = escaped(bound.html_name)
    parts.append(
        f'<ul class="errorlist" id="{auto_id}_errors" role="alert" data-errors-for="{name}">'
        f"{_messages(errors, item.notes)}</ul></div>"
    )
    return mark_safe("".join(parts))  # every value is escaped above; the inputs are rendered by their widgets

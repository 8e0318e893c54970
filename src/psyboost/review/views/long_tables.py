"""The long tables and lists of the review pages (every ranked or accepted application) rendered in Python, one
string per table.

At 750 applications the template engine spent more time on these rows than the rest of the request; here each row
is one ``str.format`` over escaped values, the translated texts and the link pattern are prepared once per table.
Application labels (编号, unit name) are read live in one query of plain values, never stored with a result.
"""

from typing import NamedTuple

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from psyboost.applications.models import Application
from psyboost.core.addresses import address_of_each


def labels_of(call, application_ids) -> dict[int, tuple[str, str]]:
    """Application pk → (编号 as printed, unit name), in one query."""
    rows = Application.objects.filter(call=call, pk__in=list(application_ids)).values_list("pk", "number", "unit__name")
    return {pk: (Application.format_number(call.year, number), name) for pk, number, name in rows}


class ApplicationLabel(NamedTuple):
    """What a long list shows of an application: its pk, 编号 as printed and unit name."""

    pk: int
    display_number: str
    unit_name: str


def labelled(call, applications) -> list[ApplicationLabel]:
    """The applications of the queryset ``applications`` (of ``call``), in its order, as labels (one query)."""
    rows = applications.values_list("pk", "number", "unit__name")
    return [ApplicationLabel(pk, Application.format_number(call.year, number), name) for pk, number, name in rows]


def application_options(labels) -> SafeString:
    """``<option>`` elements of a select of applications: 编号 and unit name."""
    return mark_safe(  # every value is escaped or a number
        "".join(
            f'<option value="{label.pk}">{escape(label.display_number)} {escape(label.unit_name)}</option>'
            for label in labels
        )
    )


def explain_link(call):
    """A function pk → the address of the application's explanation page (reversed once)."""
    return address_of_each("review:explain", call.year)


def selection_rows(call, lines, *, open_: bool, quota: int) -> SafeString:
    """The selection table's body: a tick, the rank, 编号 (linked), unit, final score and the reason of each line
    (``line`` has ``pk``, ``rank``, ``final``, ``ticked``, ``reason``, ``error``, ``departs``, ``within_quota``);
    the quota line after the ``quota``-th."""
    labels = labels_of(call, (line.pk for line in lines))
    link = explain_link(call)
    label_selected, label_reason = escape(_("入选")), escape(_("调整理由"))
    quota_line = '<tr class="quota-line"><td colspan="6">{}</td></tr>'.format(
        escape(_("—— 名额线（%(quota)s）——") % {"quota": quota})
    )
    disabled = "" if open_ else " disabled"
    parts = []
    for index, line in enumerate(lines):
        number, unit = labels.get(line.pk, ("", ""))
        css = "override" if line.departs else ("" if line.within_quota else "below-quota")
        if open_:
            invalid = ' aria-invalid="true"' if line.error else ""
            error = (
                f'<div role="alert"><ul class="errorlist"><li>{escape(line.error)}</li></ul></div>'
                if line.error
                else ""
            )
            reason = (
                f'<textarea name="reason_{line.pk}" rows="1" aria-label="{label_reason}"{invalid}>'
                f"{escape(line.reason)}</textarea>{error}"
            )
        else:
            reason = escape(line.reason)
        parts.append(
            f'<tr class="{css}"><td><input type="checkbox" name="selected" value="{line.pk}" id="sel-{line.pk}"'
            f"{' checked' if line.ticked else ''}{disabled}>"
            f'<label for="sel-{line.pk}" class="visually-hidden">{label_selected}</label></td>'
            f'<td class="num">{line.rank}</td><td><a href="{link(line.pk)}">{escape(number)}</a></td>'
            f'<td>{escape(unit)}</td><td class="num">{floatformat(line.final, 2)}</td><td>{reason}</td></tr>\n'
        )
        if line.rank == quota and index < len(lines) - 1:
            parts.append(quota_line)
    return mark_safe("".join(parts))  # every value above is escaped or a number


def agreement_rows(lines, labels: dict) -> SafeString:
    """The insight page's table of every application: 编号, each review's total, the sd and the 分歧大 flag."""
    flag = ' <span class="badge flag">{}</span>'.format(escape(_("分歧大")))
    parts = []
    for line in lines:
        number = labels.get(line.application_id, ("", ""))[0]
        totals = escape("、".join(str(total) for total in line.totals))
        parts.append(
            f"<tr><td>{escape(number)}</td><td>{totals}</td>"
            f'<td class="num">{floatformat(line.sd, 2)}{flag if line.high else ""}</td></tr>\n'
        )
    return mark_safe("".join(parts))  # every value above is escaped or a number

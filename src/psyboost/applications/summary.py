"""The 汇总表 of a call: one row per application with every field of the form, and each table of the form on its own
sheet (编号 and unit name first, so the rows join back). Submitted applications only (drafts are the units' own).

Every cell is written as a value: text that starts like a formula is stored as text, never evaluated.
"""

import io

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from openpyxl import Workbook

from psyboost.core.spreadsheets import append_row

from .models import ROW_MODELS, Application
from .sections import FORM_FIELDS, ROW_KINDS, column_label, label
from .versions import display, to_json
from .workflow import State

SHEET_TITLE_LIMIT = 31  # Excel's limit on a sheet name


def _value(model, name, value):
    return display(model._meta.get_field(name), to_json(value))


def summary_workbook(call) -> bytes:
    applications = list(
        Application.objects.filter(call=call).exclude(state=State.DRAFT).select_related("unit").order_by("number")
    )
    prefetch_related_objects(applications, *ROW_KINDS)
    workbook = Workbook()
    main = workbook.active
    main.title = _("申报汇总")
    append_row(main, [_("编号"), _("单位名称"), _("命名年份"), _("状态"), *[label(name) for name in FORM_FIELDS]])
    for application in applications:
        append_row(
            main,
            [
                application.display_number,
                application.unit.name,
                "、".join(str(year) for year in application.unit.named_years),
                application.get_state_display(),
                *[_value(Application, name, getattr(application, name)) for name in FORM_FIELDS],
            ],
        )
    for kind in ROW_KINDS:
        model = ROW_MODELS[kind]
        sheet = workbook.create_sheet(label(kind)[:SHEET_TITLE_LIMIT])
        append_row(sheet, [_("编号"), _("单位名称"), _("序号"), *[column_label(kind, c) for c in model.columns]])
        for application in applications:
            for position, row in enumerate(getattr(application, kind).all(), start=1):
                values = [_value(model, column, getattr(row, column)) for column in model.columns]
                append_row(sheet, [application.display_number, application.unit.name, position, *values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

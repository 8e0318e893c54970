"""The whole application, read-only, in the paper form's order: what ``includes/readonly.html`` renders (a read
model shared by the pages of every stage that show an application; no view module of its own).

A view that includes the template puts ``context(application, request.user)`` into its context (one query per
table and one for the files, whatever the size); the template's tag builds it itself when the view did not.
Personal information of 心理工作人员 goes through ``rules.psych_worker_name`` / ``rules.psych_worker_birth_month``:
masked for anyone but the unit, federation staff and assigned experts.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from .budget import budget_summary, money
from .choices import AttachmentKind
from .models import ROW_MODELS, Application, Version
from .rules import CONTACT_FIELDS, mask_contact, psych_worker_birth_month, psych_worker_name
from .sections import SECTIONS, column_label, label
from .versions import display, to_json


@dataclass
class Item:
    """One entry of a section: a field (``value``), a table (``columns``, ``rows``) or a kind of files."""

    type: str  # "field", "table" or "files"
    name: str
    label: str
    value: str = ""
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    files: list = field(default_factory=list)
    total: str = ""  # 经费预算: 总计 (元), under 金额
    total_span: int = 0  # the columns before 金额 (the 总计 label spans them)


@dataclass
class Readonly:
    application: Application
    header: dict
    sections: list


class _Viewer:
    """The viewing user with ``has_perm`` answered once per (permission, object): ``psych_worker_name`` and
    ``psych_worker_birth_month`` ask for every row, and an expert's answer costs queries."""

    def __init__(self, user):
        self.user = user
        self.answers: dict = {}

    def has_perm(self, perm, obj=None) -> bool:
        key = (perm, getattr(obj, "pk", None))
        if key not in self.answers:
            self.answers[key] = bool(self.user is not None and self.user.has_perm(perm, obj))
        return self.answers[key]


def _field_value(application, name) -> str:
    model_field = Application._meta.get_field(name)
    return display(model_field, to_json(getattr(application, name)))


def _row_cells(user, application, kind, row) -> list[str]:
    model = ROW_MODELS[kind]
    cells = []
    for column in model.columns:
        if kind == "psych_workers" and column == "name":
            cells.append(psych_worker_name(user, application, row))
        elif kind == "psych_workers" and column == "birth_month":
            cells.append(psych_worker_birth_month(user, application, row))
        else:
            cells.append(display(model._meta.get_field(column), to_json(getattr(row, column))))
    if kind == "budget_items":  # 金额 before 说明, as on paper
        cells.insert(model.columns.index("notes"), money(row.amount) if row.amount is not None else "")
    return [str(row.position + 1), *cells]


def _table(user, application, kind, rows: list) -> Item:
    columns = [column_label(kind, column) for column in ROW_MODELS[kind].columns]
    item = Item("table", kind, label(kind), columns=[_("序号"), *columns])
    if kind == "budget_items":
        item.columns.insert(item.columns.index(column_label(kind, "notes")), _("金额（元）"))
        item.total = money(budget_summary(application, rows).total)
        item.total_span = item.columns.index(_("金额（元）"))
    item.rows = [_row_cells(user, application, kind, row) for row in rows]
    return item


def _build(application, shown, user, rows: dict, files: dict, header: dict) -> Readonly:
    """The sections of ``shown`` (the application, or an unsaved copy holding a version's values)."""
    user = _Viewer(user)
    sections = []
    for section in SECTIONS:
        items = []
        for name in section.items:
            if name in ROW_MODELS:
                items.append(_table(user, application, name, rows.get(name, [])))
            elif name in AttachmentKind.values:
                items.append(Item("files", name, label(name), files=files.get(name, [])))
            elif name in CONTACT_FIELDS and not user.has_perm("applications.view_contact_details", application):
                items.append(Item("field", name, label(name), value=mask_contact(getattr(shown, name))))
            else:
                items.append(Item("field", name, label(name), value=_field_value(shown, name)))
        sections.append({"key": section.key, "title": section.title_for(application.call), "items": items})
    return Readonly(application, header, sections)


def context(application: Application, user) -> dict:
    """``{"readonly": Readonly}`` for ``includes/readonly.html``: header, sections, items, files by kind."""
    prefetch_related_objects([application], *ROW_MODELS, "attachments")
    files: dict[str, list] = {}
    for attachment in application.attachments.all():
        files.setdefault(attachment.kind, []).append(attachment)
    rows = {kind: list(getattr(application, kind).all()) for kind in ROW_MODELS}
    header = {
        "number": application.display_number,
        "unit_name": application.unit.name,
        "named_year": application.unit.named_year,
        "filled_on": application.filled_on,
    }
    return {"readonly": _build(application, application, user, rows, files, header)}


def _python(model, name, value):
    return model._meta.get_field(name).to_python(value)


def version_context(application: Application, version: Version, user) -> dict:
    """The same for a submitted ``version``, from its snapshot. A file links to the application's file with the
    same content while there is one; a file deleted since is listed by name only."""
    data = version.data
    values = {name: _python(Application, name, value) for name, value in data.get("fields", {}).items()}
    shown = Application(pk=application.pk, call=application.call, unit=application.unit, **values)
    rows = {
        kind: [
            model(position=index, **{column: _python(model, column, item.get(column)) for column in model.columns})
            for index, item in enumerate(data.get("rows", {}).get(kind, []))
        ]
        for kind, model in ROW_MODELS.items()
    }
    current = {(file.kind, file.sha256): file for file in application.attachments.all()}
    files: dict[str, list] = {}
    for item in data.get("attachments", []):
        file = current.get((item["kind"], item["sha256"])) or SimpleNamespace(pk=None, **item)
        files.setdefault(item["kind"], []).append(file)
    saved = data.get("header", {})
    header = {
        "number": saved.get("number", ""),
        "unit_name": saved.get("unit_name", ""),
        "named_year": saved.get("named_year", ""),
        "filled_on": _python(Application, "filled_on", saved.get("filled_on")),
    }
    return {"readonly": _build(application, shown, user, rows, files, header)}

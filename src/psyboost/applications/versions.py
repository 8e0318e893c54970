"""Snapshots of the whole form (fields, rows, attachment list) and the differences between two of them."""

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from .choices import AttachmentKind
from .models import ROW_MODELS, Application, Attachment
from .sections import FORM_FIELDS, ROW_KINDS, SECTIONS, column_label, label, section_of

SCHEMA = 1


class Change(NamedTuple):
    label: str  # e.g. "一、单位人数", "四、经费预算 第2行 单价（元）"
    old: str
    new: str


def to_json(value):
    """A field's value as JSON keeps it exactly: Decimal as text, dates in ISO format."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_values(kind: str, rows) -> list[dict]:
    return [{column: to_json(getattr(row, column)) for column in ROW_MODELS[kind].columns} for row in rows]


def snapshot(application: Application) -> dict:
    """Everything the unit submitted, as JSON: header, every form field, every table row, every file's identity."""
    return {
        "schema": SCHEMA,
        "header": {
            "number": application.display_number,
            "unit_name": application.unit.name,
            "named_year": application.unit.named_year,
            "filled_on": to_json(application.filled_on),
            "call_year": application.call.year,
        },
        "fields": {name: to_json(getattr(application, name)) for name in FORM_FIELDS},
        "rows": {kind: row_values(kind, getattr(application, kind).all()) for kind in ROW_KINDS},
        "attachments": [
            {
                "kind": attachment.kind,
                "original_name": attachment.original_name,
                "size": attachment.size,
                "content_type": attachment.content_type,
                "sha256": attachment.sha256,
            }
            for attachment in Attachment.objects.filter(application=application).order_by("kind", "uploaded_at", "id")
        ],
    }


def _choices_of(model_field) -> dict:
    return {key: str(text) for key, text in (model_field.flatchoices or [])}


def display(model_field, value) -> str:
    """A stored JSON value as the form shows it: choice labels, 是/否, year-months for 出生年月."""
    if value is None or value == "":
        return ""
    choices = _choices_of(model_field)
    if value in choices:
        return choices[value]
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if model_field.name == "birth_month" and isinstance(value, str):
        return value[:7]
    return str(value)


def _titled(name: str, text: str) -> str:
    number = section_of(name).number
    return f"{number}、{text}" if number else text


def _field_changes(name: str, before, after) -> list[Change]:
    if before == after or (before in (None, "") and after in (None, "")):
        return []
    model_field = Application._meta.get_field(name)
    return [Change(_titled(name, label(name)), display(model_field, before), display(model_field, after))]


def _row_changes(kind: str, old: list[dict], new: list[dict]) -> list[Change]:
    model = ROW_MODELS[kind]
    changes = []
    for index in range(max(len(old), len(new))):
        before = old[index] if index < len(old) else {}
        after = new[index] if index < len(new) else {}
        for column in model.columns:
            model_field = model._meta.get_field(column)
            was, now = display(model_field, before.get(column)), display(model_field, after.get(column))
            if was != now:
                where = _("%(table)s 第%(row)d行 %(column)s") % {
                    "table": label(kind),
                    "row": index + 1,
                    "column": column_label(kind, column),
                }
                changes.append(Change(_titled(kind, where), was, now))
    return changes


def _attachment_changes(kind: str, old: list[dict], new: list[dict]) -> list[Change]:
    before = [item for item in old if item["kind"] == kind]
    after = [item for item in new if item["kind"] == kind]
    if [item["sha256"] for item in before] == [item["sha256"] for item in after]:
        return []
    names = ("、".join(item["original_name"] for item in items) for items in (before, after))
    return [Change(_titled(kind, label(kind)), *names)]


def diff_data(old: dict, new: dict) -> list[Change]:
    """What changed from snapshot ``old`` to snapshot ``new``, in the form's order."""
    changes = []
    for section in SECTIONS:
        for name in section.items:
            if name in ROW_MODELS:
                changes += _row_changes(name, old.get("rows", {}).get(name, []), new.get("rows", {}).get(name, []))
            elif name in AttachmentKind.values:
                changes += _attachment_changes(name, old.get("attachments", []), new.get("attachments", []))
            else:
                changes += _field_changes(name, old.get("fields", {}).get(name), new.get("fields", {}).get(name))
    return changes


def diff_versions(v1, v2) -> list[Change]:
    """(label, old, new) for every field, row cell and attachment list that differs between two versions."""
    return diff_data(v1.data, v2.data)

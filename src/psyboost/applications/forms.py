"""The unit's form, one section at a time: fields parsed with ``values`` (Chinese messages), tables as numbered rows.

Every input is named as on the page: a field by its name, a table cell ``<table>-<row>-<column>`` (``id_…`` is what
the pre-submit check links to). The same flat names come from a plain POST and from the autosave's JSON, so both go
through ``SectionEdit``. A bad value is never saved and never dropped from the page: the bound form shows it again
with its message. A field with a bad value keeps its saved value; a table with a bad cell is saved with all its rows
and their valid cells, the bad cell stored empty (its row and the other rows are never lost).
"""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import values
from .checks import REQUIRED_COLUMNS, REQUIRED_FIELDS
from .models import ROW_MODELS, Application
from .sections import SECTIONS_BY_KEY, label

# Read from the registry and shown, never typed: 单位名称, 被命名年份 (on the unit) and 所属区/产业工会.
READ_ONLY = ("district_union",)
TEXT_LIMIT = 5000  # a long text (工作模式, 服务效果…) may hold this much; the form's own limits are in ``checks``
SMALL_INTEGER = 32767
BLANK_CHOICE = [("", "———")]


def _limit(field, kind):
    for validator in field.validators:
        if isinstance(validator, kind):
            return validator.limit_value
    return None


def parser_for(field):
    """The ``values`` parser of a model field, as a function of the raw input."""
    name = field.name
    if isinstance(field, models.DecimalField):
        minimum = _limit(field, MinValueValidator)
        return lambda raw: values.parse_decimal(
            raw,
            max_digits=field.max_digits,
            places=field.decimal_places,
            minimum=Decimal(0) if minimum is None else minimum,
            maximum=_limit(field, MaxValueValidator),
        )
    if isinstance(field, models.IntegerField):
        minimum = _limit(field, MinValueValidator) or 0
        maximum = SMALL_INTEGER if isinstance(field, models.PositiveSmallIntegerField) else values.MAX_INTEGER
        return lambda raw: values.parse_integer(raw, minimum=minimum, maximum=maximum)
    if isinstance(field, models.DateField):
        return values.parse_year_month if name == "birth_month" else values.parse_date
    if name.endswith("_mobile"):
        return values.parse_mobile
    if name.endswith("_landline"):
        return values.parse_landline
    if name.endswith("email"):
        return values.parse_email
    limit = field.max_length or TEXT_LIMIT
    return lambda raw: values.parse_text(raw, max_length=limit)


class ParsedField(forms.Field):
    """A field whose input goes through a ``values`` parser; its ``ValueProblem`` is the message shown."""

    def __init__(self, parse, **kwargs):
        self.parse = parse
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return self.parse(value)
        except values.ValueProblem as problem:
            raise forms.ValidationError(problem.message, code="invalid") from problem


def _display(value) -> str:
    """A saved value as the input shows it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def form_field(field, field_label=None):
    """The form field for a model field: a select, 是/否 radios, a checkbox, or a parsed text input."""
    text_label = field_label or field.verbose_name
    help_text = field.help_text or ""
    if isinstance(field, models.BooleanField) and not field.null:
        return forms.BooleanField(label=text_label, help_text=help_text, required=False)
    if isinstance(field, models.BooleanField):
        return forms.TypedChoiceField(
            label=text_label,
            choices=[("True", _("是")), ("False", _("否"))],
            coerce=lambda value: value == "True",
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "yes-no"}),
        )
    if field.choices:
        return forms.ChoiceField(label=text_label, choices=BLANK_CHOICE + list(field.choices), required=False)
    attrs = {}
    if isinstance(field, models.TextField):
        widget = forms.Textarea(attrs={"rows": 5})
    elif isinstance(field, models.IntegerField):
        widget, attrs = forms.TextInput, {"inputmode": "numeric", "autocomplete": "off"}
    elif isinstance(field, models.DecimalField):
        widget, attrs = forms.TextInput, {"inputmode": "decimal", "autocomplete": "off"}
    elif isinstance(field, models.DateField):
        month = field.name == "birth_month"
        widget, attrs = forms.TextInput, {"placeholder": "1985-06" if month else "2020-08-01"}
    elif field.name.endswith("email"):
        widget, attrs = forms.EmailInput, {}
    elif field.name.endswith(("_mobile", "_landline")):
        widget, attrs = forms.TextInput, {"inputmode": "tel"}
    else:
        widget, attrs = forms.TextInput, {}
    if getattr(field, "max_length", None):
        attrs["maxlength"] = field.max_length
    if not isinstance(widget, forms.Widget):
        widget = widget(attrs=attrs)
    return ParsedField(parser_for(field), label=text_label, help_text=help_text, widget=widget)


def _marked(field, required: bool):
    """A field the checks require is marked (``field.marked``; ``aria-required`` on its input, on the radio group for
    是/否): the form can still be saved without it, only submission needs it."""
    field.marked = required
    if required and not isinstance(field.widget, forms.RadioSelect):
        field.widget.attrs["aria-required"] = "true"
    return field


class FieldsForm(forms.Form):
    """The plain fields of one section (not the tables)."""

    def __init__(self, section, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in section.fields:
            if name not in READ_ONLY:
                self.fields[name] = _marked(
                    form_field(Application._meta.get_field(name), label(name)), name in REQUIRED_FIELDS
                )


class RowForm(forms.Form):
    """One row of a table; its prefix ``<table>-<index>`` names the inputs."""

    def __init__(self, kind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        model = ROW_MODELS[kind]
        for column in model.columns:
            field = _marked(form_field(model._meta.get_field(column)), column in REQUIRED_COLUMNS.get(kind, ()))
            field.widget.attrs["data-column"] = column
            self.fields[column] = field

    def is_blank(self) -> bool:
        return not any(str(self.data.get(self.add_prefix(column), "") or "").strip() for column in self.fields)


def initial_of(instance, names) -> dict:
    initial = {}
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, bool) and instance._meta.get_field(name).null:
            value = str(value)  # the 是/否 radio's value
        elif name == "birth_month" and value is not None:
            value = f"{value:%Y-%m}"
        initial[name] = value if isinstance(value, bool) else _display(value)
    return initial


def row_indexes(data, kind: str) -> list[int]:
    """The row numbers present in ``data`` for ``kind``, in order (as the page numbered them)."""
    found = set()
    for key in data:
        head, _sep, rest = key.partition("-")
        index, _sep, _column = rest.partition("-")
        if head == kind and index.isdigit():
            found.add(int(index))
    return sorted(found)


def apply_row_action(data, action: str) -> tuple[dict, str | None]:
    """A row button pressed without JavaScript: ``remove:<table>:<i>``, ``up:…``, ``down:…``; ``add:<table>``
    only asks for one more empty row on the page (returned as the table's name), nothing is stored for it."""
    verb, _sep, rest = (action or "").partition(":")
    kind, _sep, index = rest.partition(":")
    if kind not in ROW_MODELS:
        return data, None
    if verb == "add":
        return data, kind
    if not index.isdigit():
        return data, None
    order = row_indexes(data, kind)
    position = order.index(int(index)) if int(index) in order else None
    if position is None:
        return data, None
    if verb == "remove":
        order.pop(position)
    elif verb in ("up", "down"):
        other = position - 1 if verb == "up" else position + 1
        if 0 <= other < len(order):
            order[position], order[other] = order[other], order[position]
    renumbered = {key: value for key, value in data.items() if not key.startswith(f"{kind}-")}
    for new, old in enumerate(order):
        for column in ROW_MODELS[kind].columns:
            key = f"{kind}-{old}-{column}"
            if key in data:
                renumbered[f"{kind}-{new}-{column}"] = data[key]
    return renumbered, None


class SectionEdit:
    """One section's inputs: its fields form and a row form per table row, bound to ``data`` (or the saved values).

    ``changes()`` and ``table_rows()`` give what ``services.save_draft`` takes: only the valid fields, and every
    table with its rows (a bad cell empty, blank rows dropped).
    """

    def __init__(
        self, section, application, saved_rows: dict, data=None, extra_row: str | None = None, partial: bool = False
    ):
        self.section = section
        self.application = application
        self.bound = data is not None
        self.partial = partial  # the data holds only some inputs: an unticked box not sent is left alone
        if data is None:
            self.fields = FieldsForm(section, initial=initial_of(application, section.fields), prefix=None)
            self.tables = {
                kind: [
                    RowForm(kind, initial=initial_of(row, ROW_MODELS[kind].columns), prefix=f"{kind}-{i}")
                    for i, row in enumerate(saved_rows.get(kind, []))
                ]
                for kind in section.rows
            }
        else:
            self.fields = FieldsForm(section, data)
            self.tables = {
                kind: [RowForm(kind, data, prefix=f"{kind}-{i}") for i in range(len(row_indexes(data, kind)))]
                for kind in section.rows
            }
            self.fields.is_valid()
            for rows in self.tables.values():
                for row in rows:
                    row.is_valid()
        if extra_row in self.tables:
            self.tables[extra_row].append(RowForm(extra_row, prefix=f"{extra_row}-{len(self.tables[extra_row])}"))

    def changes(self) -> dict:
        """The valid fields; a text, number or choice input missing from the data is left alone (a checkbox or a
        是/否 radio that is not sent is unticked, as browsers send them)."""
        if not self.bound:
            return {}
        ticks = (forms.BooleanField, forms.TypedChoiceField)
        return {
            name: value
            for name, value in self.fields.cleaned_data.items()
            if name in self.fields.data or (not self.partial and isinstance(self.fields.fields[name], ticks))
        }

    def inputs(self) -> dict[str, str]:
        """Every input of the section as the page's script reads it (a ticked box "on", an unticked one ""): what an
        unbound edit shows is what is stored."""
        found = {}
        for name, field in self.fields.fields.items():
            value = self.fields[name].value()
            if isinstance(field, forms.BooleanField):
                value = "on" if value else ""
            found[name] = "" if value is None else str(value)
        for rows in self.tables.values():
            for row in rows:
                for column in row.fields:
                    value = row[column].value()
                    found[row.add_prefix(column)] = "" if value is None else str(value)
        return found

    def bad_tables(self) -> list[str]:
        return [kind for kind, rows in self.tables.items() if any(row.errors for row in rows)]

    def table_rows(self) -> dict:
        """The tables the data holds: a table is replaced only when it has a row in the data or the page's marker
        (``tables``, every table shown) names it; an absent table is left as saved, never emptied."""
        if not self.bound:
            return {}
        present = set(str(self.fields.data.get("tables") or "").split(","))
        return {
            kind: [row.cleaned_data for row in rows if not row.is_blank()]
            for kind, rows in self.tables.items()
            if rows or kind in present
        }

    @property
    def has_errors(self) -> bool:
        return bool(self.fields.errors) or bool(self.bad_tables())

    def error_messages(self) -> dict[str, list[str]]:
        """Input name → messages, for the autosave's answer."""
        found = {name: list(messages) for name, messages in self.fields.errors.items()}
        for rows in self.tables.values():
            for row in rows:
                for column, messages in row.errors.items():
                    found[row.add_prefix(column)] = list(messages)
        return found


# Names the form used before the 心理工作人员 became psych workers (issue 11). A page loaded before the rename, or a
# tab left open, still sends them: accepted for one release, then remove.
FORMER_NAMES = {
    "staff_members": "psych_workers",
    "union_staff_count": "union_worker_count",
    "internal_staff_count": "internal_psych_worker_count",
    "external_staff_count": "external_psych_worker_count",
    "qualified_staff_count": "qualified_people_count",
}


def current_name(name: str) -> str:
    """An input's name as the form names it now: ``staff_members-0-name`` → ``psych_workers-0-name``."""
    if name in FORMER_NAMES:
        return FORMER_NAMES[name]
    head, dash, tail = name.partition("-")
    return FORMER_NAMES[head] + dash + tail if dash and head in FORMER_NAMES else name


def _current_names(data: dict) -> dict:
    renamed = {current_name(key): value for key, value in data.items()}
    if renamed.get("tables"):
        renamed["tables"] = ",".join(current_name(kind) for kind in str(renamed["tables"]).split(","))
    if renamed.get("row_action"):
        verb, *rest = str(renamed["row_action"]).split(":")
        renamed["row_action"] = ":".join([verb, *(current_name(part) for part in rest[:1]), *rest[1:]])
    return renamed


def normalized(data) -> dict:
    """A QueryDict (or the autosave's dict) as name → one value; the checkbox's "on" stays as typed. Former names
    (``FORMER_NAMES``) are taken as the current ones."""
    if hasattr(data, "getlist"):
        return _current_names({key: ",".join(data.getlist(key)) if key == "tables" else data.get(key) for key in data})
    return _current_names(
        {
            str(key): ",".join(map(str, value)) if key == "tables" and isinstance(value, list) else _one(value)
            for key, value in data.items()
        }
    )


def _one(value):
    return value if isinstance(value, str) or value is None else str(value)


def section_or_none(key: str):
    return SECTIONS_BY_KEY.get(key)

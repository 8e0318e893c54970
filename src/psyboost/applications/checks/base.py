"""What every check works with: the problem it reports and the application with its rows and attachment counts."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from ..models import Application, Attachment
from ..sections import ROW_KINDS, column_label, section_of, short_label
from ..values import character_count

ERROR = "error"  # blocks submission (a draft may still be saved)
WARN = "warn"  # shown, but the unit may submit

REQUIRED = "required"  # something is missing: the section is incomplete
INVALID = "invalid"  # something is wrong: the section has errors
NOTICE = "notice"  # a warning worth a look


@dataclass(frozen=True)
class Problem:
    section: str  # Section.key: basic, foundation, history, project, signoff
    field: str  # a field name, "psych_workers-0-birth_month" for a row's cell, or an attachment kind
    message_zh: str
    severity: str = ERROR
    code: str = INVALID

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass
class Subject:
    """An application as the checks see it: its fields, its rows and how many files of each kind it has."""

    application: Application
    rows: dict[str, list] = field(default_factory=dict)
    attachments: dict[str, int] = field(default_factory=dict)

    @property
    def call(self):
        return self.application.call

    @property
    def implementation_window(self) -> tuple[date, date]:
        call = self.call
        return (
            call.implementation_start or date(call.year, 1, 1),
            call.implementation_end or date(call.year, 12, 31),
        )


def gather(application: Application, rows: dict | None = None, attachment_counts: dict | None = None) -> Subject:
    """The subject to check; rows and attachment counts are read from the database unless given."""
    saved = application.pk is not None
    given = rows or {}
    all_rows = {
        kind: list(given[kind]) if kind in given else (list(getattr(application, kind).all()) if saved else [])
        for kind in ROW_KINDS
    }
    if attachment_counts is None:
        attachment_counts = {}
        if saved:
            counted = Attachment.objects.filter(application=application).values("kind").annotate(n=Count("id"))
            attachment_counts = {entry["kind"]: entry["n"] for entry in counted}
    return Subject(application, all_rows, dict(attachment_counts))


def _code(severity: str, code: str | None) -> str:
    return code or (INVALID if severity == ERROR else NOTICE)


def problem(name: str, message: str, severity: str = ERROR, code: str | None = None) -> Problem:
    return Problem(section_of(name).key, name, message, severity, _code(severity, code))


def row_problem(kind: str, index: int, column: str, message: str, severity: str = ERROR) -> Problem:
    """A problem in one cell of a table; the message starts with the row's 序号."""
    return Problem(
        section_of(kind).key,
        f"{kind}-{index}-{column}",
        _("第%(row)d行：%(message)s") % {"row": index + 1, "message": message},
        severity,
        _code(severity, REQUIRED if message.startswith(_("请填写")) else None),
    )


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def required(subject: Subject, *names: str) -> list[Problem]:
    """请填写… for each empty field; 请选择… for choices and 是/否."""
    problems = []
    for name in names:
        if is_blank(getattr(subject.application, name)):
            model_field = Application._meta.get_field(name)
            template = _("请选择%(label)s。") if model_field.choices else _("请填写%(label)s。")
            problems.append(problem(name, template % {"label": short_label(name)}, code=REQUIRED))
    return problems


# The cells every row of a table must have.
REQUIRED_CELLS = {
    "functional_areas": ("name",),
    "equipment": ("name",),
    "psych_workers": ("name",),
    "schedule_items": ("content",),
    "budget_items": ("item", "unit_price", "quantity"),
}


def required_cells(subject: Subject, kind: str) -> list[Problem]:
    """请填写… for each empty required cell (``REQUIRED_CELLS``) of each row."""
    problems = []
    for index, row in enumerate(subject.rows[kind]):
        for column in REQUIRED_CELLS[kind]:
            if is_blank(getattr(row, column)):
                problems.append(
                    row_problem(kind, index, column, _("请填写%(label)s。") % {"label": column_label(kind, column)})
                )
    return problems


def at_most_characters(subject: Subject, name: str, maximum: int) -> list[Problem]:
    length = character_count(getattr(subject.application, name) or "")
    if length > maximum:
        return [
            problem(
                name,
                _("%(label)s最多 %(maximum)d 字，现有 %(length)d 字。")
                % {"label": short_label(name), "maximum": maximum, "length": length},
            )
        ]
    return []

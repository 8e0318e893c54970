"""Limits every field carries in the model: numbers in their range, texts within their length.

The pages refuse such values before saving; these checks catch them wherever else they came from (an unsaved form,
an import) with the same wording, so nothing out of range ever reaches submission.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _

from ..models import ROW_MODELS, Application
from ..sections import FORM_FIELDS, column_label, short_label
from .base import Problem, Subject, problem, row_problem

_POSITIVE = (models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField)
_NUMBERS = (models.IntegerField, models.DecimalField)


def _range_message(field, value, label: str) -> str | None:
    """Why ``value`` is out of ``field``'s range, or None. A validator's own message wins over the default one."""
    if isinstance(field, _POSITIVE) and value < 0:
        return _("%(label)s不能小于 0。") % {"label": label}
    for validator in field.validators:
        if not isinstance(validator, MinValueValidator | MaxValueValidator):
            continue
        custom = validator.message not in (MinValueValidator.message, MaxValueValidator.message)
        if isinstance(validator, MinValueValidator) and value < validator.limit_value:
            default = _("%(label)s不能小于 %(limit)s。")
        elif isinstance(validator, MaxValueValidator) and value > validator.limit_value:
            default = _("%(label)s不能大于 %(limit)s。")
        else:
            continue
        return str(validator.message) if custom else default % {"label": label, "limit": validator.limit_value}
    return None


def out_of_range(subject: Subject) -> list[Problem]:
    problems = []
    for name in FORM_FIELDS:
        field, value = Application._meta.get_field(name), getattr(subject.application, name)
        if isinstance(field, _NUMBERS) and value is not None:
            message = _range_message(field, value, short_label(name))
            if message:
                problems.append(problem(name, message))
    for kind, rows in subject.rows.items():
        model = ROW_MODELS[kind]
        numbers = [column for column in model.columns if isinstance(model._meta.get_field(column), _NUMBERS)]
        for index, row in enumerate(rows):
            for column in numbers:
                value = getattr(row, column)
                if value is not None:
                    message = _range_message(model._meta.get_field(column), value, column_label(kind, column))
                    if message:
                        problems.append(row_problem(kind, index, column, message))
    return problems


def _length_message(field, value) -> str | None:
    if isinstance(field, models.CharField) and isinstance(value, str) and len(value) > field.max_length:
        return _("内容过长（%(length)d 字），最多 %(max)d 字。") % {"length": len(value), "max": field.max_length}
    return None


def too_long(subject: Subject) -> list[Problem]:
    """A text longer than its field holds."""
    problems = []
    for name in FORM_FIELDS:
        message = _length_message(Application._meta.get_field(name), getattr(subject.application, name))
        if message:
            problems.append(problem(name, message))
    for kind, rows in subject.rows.items():
        model = ROW_MODELS[kind]
        for index, row in enumerate(rows):
            for column in model.columns:
                message = _length_message(model._meta.get_field(column), getattr(row, column))
                if message:
                    problems.append(row_problem(kind, index, column, message))
    return problems

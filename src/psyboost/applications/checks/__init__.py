"""Every check of 申报表（2020版）, as pure functions of an application, its rows and its attachment counts.

``check_application`` returns the problems in the form's order. An ``error`` blocks submission; a ``warn`` is shown
but the unit may still submit; a draft can always be saved.
"""

from ..budget import BudgetSummary, budget_summary
from ..models import ROW_MODELS, Application
from ..sections import SECTIONS
from .base import ERROR, INVALID, NOTICE, REQUIRED, REQUIRED_CELLS, WARN, Problem, gather
from .basic import BASIC_REQUIRED, PHONES_REQUIRED, check_basic
from .foundation import FOUNDATION_REQUIRED, check_foundation
from .limits import out_of_range, too_long
from .project import (
    HISTORY_REQUIRED,
    PROJECT_REQUIRED,
    SIGNOFF_REQUIRED,
    check_history,
    check_project,
    check_signoff,
    member_share_hint,
)

__all__ = [
    "ERROR",
    "INVALID",
    "NOTICE",
    "REQUIRED",
    "REQUIRED_COLUMNS",
    "REQUIRED_FIELDS",
    "WARN",
    "BudgetSummary",
    "Problem",
    "budget_summary",
    "check_application",
    "errors",
    "member_share_hint",
    "section_status",
]

# What the form marks as required (*, aria-required): the fields ``required()`` asks for and the table cells
# ``required_cells()`` asks for, named where the checks ask for them.
REQUIRED_FIELDS = frozenset(
    (
        *BASIC_REQUIRED,
        *PHONES_REQUIRED,
        *FOUNDATION_REQUIRED,
        *HISTORY_REQUIRED,
        *PROJECT_REQUIRED,
        *SIGNOFF_REQUIRED,
    )
)
REQUIRED_COLUMNS = {kind: frozenset(columns) for kind, columns in REQUIRED_CELLS.items()}

CHECKS = (check_basic, check_foundation, check_history, check_project, check_signoff)

COMPLETE = "complete"
INCOMPLETE = "incomplete"
HAS_ERRORS = "has_errors"


def _order():
    """Sort key: section, then field / table / attachment in the section's order, then row, then column."""
    position = {}
    for section_index, section in enumerate(SECTIONS):
        for item_index, name in enumerate(section.items):
            position[name] = (section_index, item_index)

    def key(found: Problem):
        name, _sep, rest = found.field.partition("-")
        row, _sep, column = rest.partition("-")
        columns = ROW_MODELS[name].columns if name in ROW_MODELS else ()
        return (
            *position.get(name, (len(SECTIONS), 0)),
            int(row) if row.isdigit() else -1,
            columns.index(column) if column in columns else -1,
        )

    return key


_SORT_KEY = _order()


def check_application(
    application: Application, *, rows: dict | None = None, attachment_counts: dict | None = None
) -> list[Problem]:
    """All problems of ``application``, in form order. ``rows`` (table name → row objects) and
    ``attachment_counts`` (kind → number of files) replace what is saved, e.g. for a form not yet saved."""
    subject = gather(application, rows, attachment_counts)
    found = [found for check in CHECKS for found in check(subject)]
    found.extend(out_of_range(subject))
    found.extend(too_long(subject))
    return sorted(found, key=_SORT_KEY)


def errors(problems: list[Problem]) -> list[Problem]:
    return [found for found in problems if found.severity == ERROR]


def section_status(problems: list[Problem]) -> dict[str, str]:
    """Per section key: has_errors (something is wrong), incomplete (something is missing) or complete."""
    status = {section.key: COMPLETE for section in SECTIONS}
    for found in errors(problems):
        if found.code == INVALID:
            status[found.section] = HAS_ERRORS
        elif status[found.section] == COMPLETE:
            status[found.section] = INCOMPLETE
    return status

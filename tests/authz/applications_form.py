"""Entries for the ``applications:*`` patterns of ``urls_form``: the unit's start page, the section pages, the
autosave and the privacy notice.

The form is the unit's: its users edit a draft (or returned) application of their own unit. Staff (and the unit,
once the application is submitted) are sent to the read-only page; other signed-in users get 403, a missing
application 404; signed-out visitors go to the login page. The privacy notice is public.
"""

from django.urls import reverse

from psyboost.applications.models import Application

from .applications_staff import draft, draft_of_a, missing, submitted, submitted_of_a
from .framework import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Redirect,
    answers,
    entry,
    everyone,
    get,
    hidden_from_other_units,
    post,
)

UNIT_ONLY = answers(FORBIDDEN, anonymous=LOGIN, unit=OK, other_unit=OK)
MISSING = answers(NOT_FOUND, anonymous=LOGIN)


def section_of(unit_of):
    def target(w):
        application = Application.objects.get(call=w.call, unit=unit_of(w))
        return reverse("applications:section", args=[application.pk, "basic"])

    return Redirect(target)


def to_detail(builder):
    return Redirect(lambda w: reverse("applications:detail", args=[builder(w).pk]))


def basic(builder):
    return lambda w: {"pk": builder(w).pk, "section": "basic"}


def edit_data(w) -> dict:
    return {"version": draft_of_a(w).version, "union_leader": "王建国"}


def autosave_data(w) -> dict:
    return {"section": "basic", "version": draft_of_a(w).version, "union_leader": "王建国"}


EDITORS = answers(FORBIDDEN, anonymous=LOGIN, unit=OK)

ENTRIES = [
    entry(
        "applications:mine",
        get(UNIT_ONLY),
        post(
            answers(
                FORBIDDEN,
                anonymous=LOGIN,
                unit=section_of(lambda w: w.unit_a),
                other_unit=section_of(lambda w: w.unit_b),
            ),
            "start",
            data=lambda w: {"call": w.call.pk},
        ),
    ),
    entry(
        "applications:section",
        get(
            answers(FORBIDDEN, anonymous=LOGIN, unit=OK, staff=to_detail(draft_of_a), admin=to_detail(draft_of_a)),
            kwargs=basic(draft_of_a),
        ),
        get(MISSING, "missing", kwargs=lambda w: {**missing(w), "section": "basic"}),
        get(
            answers(FORBIDDEN, anonymous=LOGIN, unit=NOT_FOUND, staff=NOT_FOUND, admin=NOT_FOUND),
            "unknown section",
            kwargs=lambda w: {**draft(w), "section": "nonsense"},
        ),
        get(
            answers(
                FORBIDDEN,
                anonymous=LOGIN,
                unit=to_detail(submitted_of_a),
                staff=to_detail(submitted_of_a),
                admin=to_detail(submitted_of_a),
            ),
            "submitted",
            kwargs=lambda w: {**submitted(w), "section": "basic"},
        ),
        post(
            answers(
                FORBIDDEN,
                anonymous=LOGIN,
                unit=Redirect(lambda w: reverse("applications:section", args=[draft_of_a(w).pk, "basic"])),
                staff=to_detail(draft_of_a),
                admin=to_detail(draft_of_a),
            ),
            kwargs=basic(draft_of_a),
            data=edit_data,
        ),
    ),
    entry(
        "applications:autosave",
        get(answers(NOT_ALLOWED, anonymous=NOT_ALLOWED), kwargs=draft),
        post(EDITORS, kwargs=draft, data=autosave_data),
        post(answers(FORBIDDEN, anonymous=LOGIN), "submitted", kwargs=submitted, data=autosave_data),
        post(MISSING, "missing", kwargs=missing, data=autosave_data),
    ),
    entry("applications:privacy_notice", get(everyone(OK))),
]
# Another unit's application answers as a missing one (404), not 403.
ENTRIES = hidden_from_other_units(ENTRIES)

"""Entries for ``documents:*``: the printed form (DOCX, PDF), the package (ZIP) and the staff's batch rendering.

Objects belong to unit A (role ``unit``). Readers are those who may view the application and its personal
information: the unit, staff, and an expert once assigned. A signed-in user without the right gets 403, a missing
application 404; signed-out visitors always go to the login page.
"""

from datetime import datetime

from psyboost.applications import services
from psyboost.applications.models import Application
from tests import factories

from .framework import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    answers,
    entry,
    get,
    hidden_from_other_units,
    post,
    redirect,
    staff_only,
)

IN_TIME = datetime(2020, 7, 1, 10, 0, tzinfo=factories.BEIJING)


def submitted_of_a(w) -> Application:
    application = Application.objects.filter(unit=w.unit_a).first()
    if application is None:
        application = factories.ApplicationFactory(call=w.call, unit=w.unit_a)
        services.submit(application, w.users["unit"], now=IN_TIME)
    return application


def submitted(w) -> dict:
    return {"pk": submitted_of_a(w).pk}


def draft(w) -> dict:
    application = Application.objects.filter(unit=w.unit_a).first()
    return {"pk": (application or factories.ApplicationFactory(call=w.call, unit=w.unit_a)).pk}


def for_assigned_expert(w) -> dict:
    application = submitted_of_a(w)
    if application.state == "submitted":
        factories.PaperCopyFactory(application=application)
        services.accept(application, w.users["staff"])
        expert = factories.ExpertProfileFactory(user=w.users["expert"])
        factories.AssignmentFactory(application=application, expert=expert)
    return {"pk": application.pk}


def missing(w) -> dict:
    return {"pk": 999999}


def year(w) -> dict:
    return {"year": w.call.year}


READERS = answers(FORBIDDEN, anonymous=LOGIN, unit=OK, staff=OK, admin=OK)
MISSING = answers(NOT_FOUND, anonymous=LOGIN)


def downloads(name: str):
    return entry(
        f"documents:{name}",
        get(READERS, kwargs=submitted),
        get(READERS, "draft", kwargs=draft),
        get({**READERS, "expert": OK}, "assigned expert", kwargs=for_assigned_expert),
        get(MISSING, "missing", kwargs=missing),
        post(answers(NOT_ALLOWED), kwargs=submitted),
    )


ENTRIES = [
    downloads("application_docx"),
    downloads("application_pdf"),
    downloads("application_package"),
    entry(
        "documents:blank_form",
        get(answers(OK), "docx", kwargs=lambda w: {"year": 2020, "extension": "docx"}),
        get(answers(OK), "pdf", kwargs=lambda w: {"year": 2020, "extension": "pdf"}),
        get(answers(NOT_FOUND), "other format", kwargs=lambda w: {"year": 2020, "extension": "odt"}),
        get(answers(NOT_FOUND), "missing year", kwargs=lambda w: {"year": 1999, "extension": "pdf"}),
    ),
    entry(
        "documents:render_all",
        post(staff_only(redirect("calls:staff_detail", 2020)), kwargs=year),
        post(staff_only(NOT_FOUND), "missing year", kwargs=lambda w: {"year": 1999}),
        get(answers(NOT_ALLOWED), kwargs=year),
    ),
]
# Another unit's application answers as a missing one (404), not 403.
ENTRIES = hidden_from_other_units(ENTRIES, besides=("documents:render_all", "documents:blank_form"))

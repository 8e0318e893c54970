"""Entries for the results side of ``review:*``: ranking, explanation, selection, decision, insight, exports.

Staff and administrators only: experts, units and other signed-in roles get 403, anonymous visitors the login page
(no 404 here: a result page names no application an expert could learn of; a missing year or application is 404
for staff).
"""

from decimal import Decimal

from psyboost.applications.models import Application
from psyboost.review.models import Assignment, Expert, PanelMember, Review, ReviewPhase, ReviewSettings, Score
from tests import factories

from .framework import NOT_ALLOWED, NOT_FOUND, OK, Redirect, entry, get, post, staff_only


def scored(w, phase=ReviewPhase.DECISION) -> Application:
    """Application A of the call with one submitted materials review, the call in ``phase``."""
    ReviewSettings.objects.update_or_create(call=w.call, defaults={"phase": phase})
    criterion = w.call.criteria.first() or factories.CriterionFactory(
        call=w.call, name="场地与设施", max_points=Decimal("15")
    )
    application = Application.objects.filter(call=w.call, unit=w.unit_a).first() or (
        factories.AcceptedApplicationFactory(call=w.call, unit=w.unit_a, with_rows=False, with_photos=False)
    )
    expert = Expert.objects.filter(name="结果专家").first() or factories.ExpertProfileFactory(name="结果专家")
    PanelMember.objects.get_or_create(call=w.call, expert=expert)
    assignment, _ = Assignment.objects.get_or_create(application=application, expert=expert, stage="materials")
    review, created = Review.objects.get_or_create(
        assignment=assignment, defaults={"state": "submitted", "submitted_at": factories.submitted_in_the_call(w.call)}
    )
    if created:
        Score.objects.create(review=review, criterion=criterion, points=Decimal("12"))
    return application


def year(w) -> dict:
    scored(w)
    return {"year": w.call.year}


def explained(w) -> dict:
    return {"year": w.call.year, "pk": scored(w).pk}


def selection_data(w) -> dict:
    return {"selected": [str(scored(w).pk)]}


def decision_data(w) -> dict:
    from psyboost.review.services import selection

    application = scored(w)
    selection.confirm(w.call, {application.pk}, {}, actor=None)
    return {"decided_on": "2020-10-15", "members": [str(Expert.objects.get(name="结果专家").pk)], "minutes": "同意"}


def missing_year(w) -> dict:
    return {"year": 1999}


SELECTION = Redirect(lambda w: f"/review/{w.call.year}/selection/")

ENTRIES = [
    entry(
        "review:ranking",
        get(staff_only(OK), kwargs=year),
        get(staff_only(NOT_FOUND), "missing year", kwargs=missing_year),
    ),
    entry(
        "review:explain",
        get(staff_only(OK), kwargs=explained),
        get(staff_only(NOT_FOUND), "missing application", kwargs=lambda w: {"year": w.call.year, "pk": 999999}),
    ),
    entry(
        "review:selection",
        get(staff_only(OK), kwargs=year),
        post(staff_only(SELECTION), "confirm", kwargs=year, data=selection_data),
        post(staff_only(NOT_FOUND), "missing year", kwargs=missing_year, data=lambda w: {}),
    ),
    entry(
        "review:decision",
        get(staff_only(NOT_ALLOWED), kwargs=year),
        post(staff_only(SELECTION), "record", kwargs=year, data=decision_data),
    ),
    entry(
        "review:insight",
        get(staff_only(OK), kwargs=year),
        get(staff_only(OK), "on-site stage", kwargs=year, query="stage=onsite"),
    ),
    entry("review:export_ranking", get(staff_only(OK), kwargs=year)),
    entry("review:export_score_sheets", get(staff_only(OK), kwargs=year)),
]

"""Entries for the scoring side of ``review:*``: the expert's assignments and scoring page, the panel's view of an
application's scores, staff's progress and reopen, the on-site plan, and the unit's on-site slot.

The role ``expert`` is unassigned unless a builder assigns it. Answers: experts asking for an assignment or an
application's scores they may not see get 404 (they must not learn it exists); other signed-in roles 403.
"""

from decimal import Decimal

from django.urls import reverse

from psyboost.applications.models import Application
from psyboost.review.models import Assignment, Conflict, Expert, PanelMember, Review, ReviewPhase, ReviewSettings
from tests import factories

from .framework import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Redirect, answers, entry, get, post, staff_only

NOBODY = answers(FORBIDDEN, anonymous=LOGIN)
EXPERT = answers(FORBIDDEN, anonymous=LOGIN, expert=OK)
EXPERT_404 = answers(FORBIDDEN, anonymous=LOGIN, expert=NOT_FOUND)


def open_call(w, phase=ReviewPhase.MATERIALS):
    ReviewSettings.objects.update_or_create(call=w.call, defaults={"phase": phase})
    if not w.call.criteria.exists():
        factories.CriterionFactory(call=w.call, name="场地与设施", max_points=Decimal("15"))
    return w.call.criteria.get()


def application_a(w):
    return Application.objects.filter(call=w.call, unit=w.unit_a).first() or factories.AcceptedApplicationFactory(
        call=w.call, unit=w.unit_a, with_rows=False, with_photos=False
    )


def role_expert(w):
    """The role ``expert``'s profile, on the call's panel."""
    expert = Expert.objects.filter(user=w.users["expert"]).first() or factories.ExpertProfileFactory(
        user=w.users["expert"]
    )
    PanelMember.objects.get_or_create(call=w.call, expert=expert)
    return expert


def assignment_of(w, expert) -> Assignment:
    open_call(w)
    assignment, _ = Assignment.objects.get_or_create(application=application_a(w), expert=expert, stage="materials")
    return assignment


def assigned(w) -> dict:
    return {"pk": assignment_of(w, role_expert(w)).pk}


def unassigned(w) -> dict:
    role_expert(w)
    other = Expert.objects.exclude(user=w.users["expert"]).first() or factories.ExpertProfileFactory()
    return {"pk": assignment_of(w, other).pk}


def conflicted(w) -> dict:
    kwargs = assigned(w)
    Conflict.objects.get_or_create(
        call=w.call, expert=role_expert(w), unit=w.unit_a, kind="own_unit", defaults={"source": "declared"}
    )
    return kwargs


def score_form(w) -> dict:
    criterion = open_call(w)
    return {f"points_{criterion.pk}": "12", f"comment_{criterion.pk}": "", "comment": "", "version": "1", "save": ""}


def scores_on_panel(w) -> dict:
    role_expert(w)
    open_call(w, ReviewPhase.SHORTLIST)
    return {"pk": application_a(w).pk}


def scores_off_panel(w) -> dict:
    open_call(w, ReviewPhase.SHORTLIST)
    return {"pk": application_a(w).pk}


def scores_conflicted(w) -> dict:
    kwargs = scores_on_panel(w)
    Conflict.objects.get_or_create(
        call=w.call, expert=role_expert(w), unit=w.unit_a, kind="own_unit", defaults={"source": "declared"}
    )
    return kwargs


def submitted_review(w) -> dict:
    assignment = assignment_of(w, factories.ExpertProfileFactory())
    review, _ = Review.objects.get_or_create(assignment=assignment)
    Review.objects.filter(pk=review.pk).update(state="submitted", submitted_at="2020-08-10T10:00:00+08:00")
    return {"pk": review.pk}


def year(w) -> dict:
    return {"year": w.call.year}


def missing_year(w) -> dict:
    return {"year": 1999}


def back_to_score(w):
    return reverse("review:score", args=[Assignment.objects.get(expert__user=w.users["expert"]).pk])


PROGRESS = Redirect(lambda w: f"{reverse('review:progress', args=[w.call.year])}?stage=materials")

ENTRIES = [
    entry(
        "review:my_assignments", get(EXPERT), get(EXPERT, "with an assignment", kwargs=lambda w: (assigned(w), {})[1])
    ),
    entry(
        "review:score",
        get(EXPERT, "assigned expert", kwargs=assigned),
        get(EXPERT_404, "unassigned expert", kwargs=unassigned),
        get(EXPERT_404, "conflicted expert", kwargs=conflicted),
        get(EXPERT_404, "missing assignment", kwargs=lambda w: {"pk": 999999}),
        post(
            answers(FORBIDDEN, anonymous=LOGIN, expert=Redirect(back_to_score)),
            "assigned expert saves",
            kwargs=assigned,
            data=score_form,
        ),
        post(EXPERT_404, "unassigned expert", kwargs=unassigned, data=score_form),
        post(EXPERT_404, "conflicted expert", kwargs=conflicted, data=score_form),
    ),
    entry(
        "review:application_scores",
        get(staff_only(OK, expert=OK), "panel member, stage closed", kwargs=scores_on_panel),
        get(staff_only(OK, expert=NOT_FOUND), "expert not on the panel", kwargs=scores_off_panel),
        get(staff_only(OK, expert=NOT_FOUND), "conflicted panel member", kwargs=scores_conflicted),
        get(staff_only(NOT_FOUND, expert=NOT_FOUND), "missing application", kwargs=lambda w: {"pk": 999999}),
    ),
    entry(
        "review:reopen",
        get(staff_only(NOT_ALLOWED), kwargs=submitted_review),
        post(staff_only(PROGRESS), "with reason", kwargs=submitted_review, data=lambda w: {"reason": "笔误"}),
        post(staff_only(PROGRESS), "without reason", kwargs=submitted_review, data=lambda w: {"reason": ""}),
        post(staff_only(NOT_FOUND), "missing review", kwargs=lambda w: {"pk": 999999}, data=lambda w: {"reason": "x"}),
    ),
    entry(
        "review:progress",
        get(staff_only(OK), kwargs=lambda w: (submitted_review(w), year(w))[1]),
        get(staff_only(NOT_FOUND), "missing year", kwargs=missing_year),
    ),
    entry(
        "review:onsite",
        get(staff_only(OK), kwargs=year),
        get(staff_only(NOT_FOUND), "missing year", kwargs=missing_year),
        post(staff_only(OK), "assign from sessions", kwargs=year, data=lambda w: {"action": "assign"}),
    ),
    entry(
        "review:my_slot",
        get(answers(FORBIDDEN, anonymous=LOGIN, unit=OK, other_unit=OK), kwargs=year),
        get(
            answers(FORBIDDEN, anonymous=LOGIN, unit=NOT_FOUND, other_unit=NOT_FOUND),
            "missing year",
            kwargs=missing_year,
        ),
    ),
]

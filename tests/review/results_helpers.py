"""Shared set-up of the results tests: a small call with known scores and known figures.

Materials (criteria 60 + 40 points), experts 甲 乙 丙, quota 2:
  A (编号 1): 80, 80, 70      → 76.6667, sd 4.7140
  B (编号 2): 90, 50, 80      → 73.3333, sd 16.9967 (分歧大: > 10)
  C (编号 3): 50, 60; 丙 is conflicted with C's unit (his 100 does not count); 丁's draft (100) does not count
On-site (one criterion, 100 points), expert 甲: A 70, B 95 → finals A 74.0000, B 82.0000, C 55.0000.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache

from psyboost.review.models import Review, ReviewPhase, ReviewSettings, Stage
from psyboost.review.services import stored
from tests import factories


def another_worker() -> None:
    """What a request served by another worker process finds: the stored results, nothing held in its memory."""
    stored.forget_memo()
    cache.clear()


@dataclass
class Small:
    call: object
    a: object
    b: object
    c: object
    experts: list
    staff: object


def submit(application, expert, stage, points, criteria, state=Review.State.SUBMITTED):
    assignment = factories.AssignmentFactory(application=application, expert=expert, stage=stage)
    review = factories.ReviewFactory(
        assignment=assignment,
        state=state,
        submitted_at=factories.submitted_in_the_call(application.call) if state == Review.State.SUBMITTED else None,
    )
    for criterion, value in zip(criteria, points, strict=True):
        factories.ScoreFactory(review=review, criterion=criterion, points=Decimal(value))
    return review


def small(phase=ReviewPhase.DECISION, onsite=True) -> Small:
    call = factories.CallFactory()
    call.quota = 2
    call.save()
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": phase})
    m1 = factories.CriterionFactory(call=call, name="场地与设施", max_points=Decimal("60"), position=1)
    m2 = factories.CriterionFactory(call=call, name="服务方案", max_points=Decimal("40"), position=2)
    o1 = factories.CriterionFactory(call=call, stage=Stage.ONSITE, name="现场表现", max_points=Decimal("100"))
    experts = [
        factories.ExpertProfileFactory(user=factories.ExpertFactory(username=f"judge{i}"), name=name)
        for i, name in enumerate(["甲专家", "乙专家", "丙专家", "丁专家"])
    ]
    for expert in experts:
        factories.PanelMemberFactory(call=call, expert=expert, is_chair=expert.name == "甲专家")
    apps = [
        factories.AcceptedApplicationFactory(
            call=call, number=n, unit=factories.UnitFactory(name=name), with_rows=False, with_photos=False
        )
        for n, name in ((1, "甲单位"), (2, "乙单位"), (3, "丙单位"))
    ]
    a, b, c = apps
    e1, e2, e3, e4 = experts
    for app, rows in ((a, [(50, 30), (45, 35), (40, 30)]), (b, [(55, 35), (30, 20), (50, 30)])):
        for expert, points in zip((e1, e2, e3), rows, strict=True):
            submit(app, expert, Stage.MATERIALS, points, [m1, m2])
    submit(c, e1, Stage.MATERIALS, (30, 20), [m1, m2])
    submit(c, e2, Stage.MATERIALS, (40, 20), [m1, m2])
    submit(c, e3, Stage.MATERIALS, (60, 40), [m1, m2])
    factories.ConflictFactory(call=call, expert=e3, unit=c.unit)
    submit(c, e4, Stage.MATERIALS, (60, 40), [m1, m2], state=Review.State.DRAFT)
    if onsite:
        submit(a, e1, Stage.ONSITE, (70,), [o1])
        submit(b, e1, Stage.ONSITE, (95,), [o1])
    staff = factories.StaffFactory(username="staff1")
    return Small(call, a, b, c, experts, staff)

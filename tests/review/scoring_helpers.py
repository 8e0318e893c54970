"""Shared set-up of the scoring tests: a call in the materials phase with a two-criterion rubric, an expert on
the panel assigned to one application."""

from dataclasses import dataclass
from decimal import Decimal

from psyboost.review.models import Criterion, ReviewPhase, ReviewSettings, Stage
from tests import factories


@dataclass
class Scene:
    call: object
    expert: object  # review.Expert
    application: object
    assignment: object
    site: Criterion  # max 15
    budget: Criterion  # max 10, comment required


def scene(phase: str = ReviewPhase.MATERIALS, stage: str = Stage.MATERIALS, **application_kwargs) -> Scene:
    call = factories.CallFactory()
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": phase})
    site = factories.CriterionFactory(
        call=call, stage=stage, name="场地与设施", max_points=Decimal("15"), guidance="面积、功能分区", position=1
    )
    budget = factories.CriterionFactory(
        call=call, stage=stage, name="经费预算合理性", max_points=Decimal("10"), comment_required=True, position=2
    )
    expert = factories.ExpertProfileFactory(user=factories.ExpertFactory(username="judge"), name="王评审")
    factories.PanelMemberFactory(call=call, expert=expert)
    application_kwargs.setdefault("with_rows", False)
    application_kwargs.setdefault("with_photos", False)
    application = factories.AcceptedApplicationFactory(call=call, **application_kwargs)
    assignment = factories.AssignmentFactory(application=application, expert=expert, stage=stage)
    return Scene(call, expert, application, assignment, site, budget)


def set_phase(call, phase: str) -> None:
    ReviewSettings.objects.filter(call=call).update(phase=phase)

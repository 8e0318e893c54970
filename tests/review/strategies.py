"""Hypothesis strategies for the review algorithms: small panels with random scores in both stages."""

from decimal import Decimal

from hypothesis import strategies as st

from psyboost.review.aggregation import MATERIALS, ONSITE, Score

# (criterion id, maximum points) per stage
CRITERIA = {MATERIALS: ((1, 10), (2, 20)), ONSITE: ((3, 15),)}


@st.composite
def panels(draw, max_applications=8, max_experts=6, onsite=True):
    """A list of Scores: every application reviewed by 1… experts in materials, some also on site."""
    experts = list(range(1, draw(st.integers(1, max_experts)) + 1))
    applications = range(1, draw(st.integers(1, max_applications)) + 1)
    stages = (MATERIALS, ONSITE) if onsite else (MATERIALS,)
    scores = []
    for application in applications:
        for stage in stages:
            minimum = 1 if stage == MATERIALS else 0
            reviewers = draw(st.lists(st.sampled_from(experts), min_size=minimum, unique=True))
            for expert in reviewers:
                for criterion, maximum in CRITERIA[stage]:
                    points = draw(st.integers(0, maximum))
                    scores.append(Score(application, expert, stage, criterion, Decimal(points), Decimal(maximum)))
    return scores


def raised(scores, index, new_points):
    """``scores`` with the points of ``scores[index]`` replaced by ``new_points``."""
    old = scores[index]
    changed = Score(old.application_id, old.expert_id, old.stage, old.criterion_id, new_points, old.max_points)
    return [*scores[:index], changed, *scores[index + 1 :]]

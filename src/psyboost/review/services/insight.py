"""Figures for the insight page (and the exports): each expert's scoring against the panel, agreement per
application, and the mean score by criterion, for one stage. Read-only; built from ``results.scores_of``."""

from collections import defaultdict
from dataclasses import dataclass

from psyboost.review import aggregation
from psyboost.review.models import Criterion

from . import stored
from .results import disagreement_threshold, scores_of, stage_maxima


@dataclass
class ExpertLine:
    expert_id: int
    totals: list
    mean: object
    sd: object
    deviates: bool  # mean more than one panel sd away from the panel's mean


@dataclass
class AgreementLine:
    application_id: int
    totals: list
    mean: object
    sd: object
    high: bool


@dataclass
class CriterionLine:
    criterion: Criterion
    mean: object
    share: object  # mean ÷ max points, in per cent


def insight_of(call, stage: str) -> dict:
    """The figures of ``stage``, computed once per change of the call's results (``stored``). The value is the one
    this process holds for every request of the revision: read it, never change it."""
    return stored.cached(call, f"insight:{stage}", lambda: compute_insight(call, stage))


def compute_insight(call, stage: str) -> dict:
    scores = scores_of(call, stage)
    reviews = aggregation.review_totals(scores)
    all_totals = [review.total for review in reviews]
    result = {"experts": [], "applications": [], "criteria": [], "panel_mean": None, "panel_sd": None}
    if not reviews:
        return result
    panel_mean = aggregation.exact_mean(all_totals)
    panel_sd = aggregation.exact_sd(all_totals, panel_mean)
    result["panel_mean"], result["panel_sd"] = aggregation.figure(panel_mean), aggregation.figure(panel_sd)
    by_expert, by_application = defaultdict(list), defaultdict(list)
    for review in reviews:
        by_expert[review.expert_id].append(review.total)
        by_application[review.application_id].append(review.total)
    for expert_id, totals in sorted(by_expert.items()):
        mean = aggregation.exact_mean(totals)
        line = ExpertLine(
            expert_id,
            sorted(aggregation.figure(total) for total in totals),
            aggregation.figure(mean),
            aggregation.sd(totals),
            abs(mean - panel_mean) > panel_sd,
        )
        result["experts"].append(line)
    threshold = disagreement_threshold(stage_maxima(call)[stage])
    for application_id, totals in sorted(by_application.items()):
        spread = aggregation.sd(totals)
        result["applications"].append(
            AgreementLine(
                application_id,
                [aggregation.figure(total) for total in totals],
                aggregation.mean(totals),
                spread,
                len(totals) > 1 and spread > threshold,
            )
        )
    result["threshold"] = threshold
    points = defaultdict(list)
    for score in scores:
        points[score.criterion_id].append(score.points)
    for criterion in Criterion.objects.filter(call=call, stage=stage).order_by("position", "id"):
        if points[criterion.pk]:
            mean = aggregation.mean(points[criterion.pk])
            share = aggregation.figure(mean * 100 / criterion.max_points).quantize(aggregation.QUANTUM.scaleb(2))
            result["criteria"].append(CriterionLine(criterion, mean, share))
    return result

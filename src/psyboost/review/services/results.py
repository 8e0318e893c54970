"""From stored scores to the ranking: the submitted reviews' scores as ``aggregation.Score`` rows, the call's
review settings as ``RankingSettings``, the ranking, and the shortlist for the on-site exchange.

Only scores of SUBMITTED reviews count, and never those of a conflicted pair (an active conflict of the expert with
the application's unit in the call), even if the review was submitted before the conflict was recorded. Rows are
keyed by the application's primary key, so the last tie rule ("lower application id") follows the order in which
applications were created. ``scores_of`` runs two queries whatever the size of the call.
"""

from dataclasses import dataclass
from decimal import Decimal

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.review import aggregation
from psyboost.review.models import Conflict, Criterion, Review, Score, Stage
from psyboost.review.ranking import Ranking, RankingSettings, rank

from . import stored
from .panel import review_settings_of

# A stage figure whose reviews disagree by more than this share of the stage's maximum total (population sd of the
# review totals, e.g. > 10 points on a 100-point rubric) is flagged "分歧大" for discussion by the panel.
DISAGREEMENT_SHARE = Decimal("0.10")


def scores_of(call, stage: str | None = None) -> list[aggregation.Score]:
    """The scores of the call's submitted reviews (of ``stage`` only, if given), without conflicted pairs."""
    conflicted = Conflict.objects.filter(call=call).active().pairs()
    rows = Score.objects.filter(
        review__state=Review.State.SUBMITTED, review__assignment__application__call=call
    ).order_by("review__assignment__application_id", "review__assignment__expert_id", "criterion_id")
    if stage is not None:
        rows = rows.filter(review__assignment__stage=stage)
    else:  # the selection's stages only: a funded project's closing evaluation is judged apart (projects app)
        rows = rows.exclude(review__assignment__stage=Stage.CLOSING)
    result = []
    for application_id, unit_id, expert_id, row_stage, criterion_id, points, max_points, weight in rows.values_list(
        "review__assignment__application_id",
        "review__assignment__application__unit_id",
        "review__assignment__expert_id",
        "review__assignment__stage",
        "criterion_id",
        "points",
        "criterion__max_points",
        "criterion__weight",
    ):
        if (expert_id, unit_id) in conflicted:
            continue
        result.append(aggregation.Score(application_id, expert_id, row_stage, criterion_id, points, max_points, weight))
    return result


def ranking_settings_of(call, review_settings=None) -> RankingSettings:
    """The call's ``ReviewSettings`` as ranking settings: method, normalisation, stage weights in process order."""
    review_settings = review_settings or review_settings_of(call)
    return RankingSettings(
        method=review_settings.method,
        normalise=review_settings.normalise,
        weights=(
            (Stage.MATERIALS.value, review_settings.materials_weight),
            (Stage.ONSITE.value, review_settings.onsite_weight),
        ),
    )


def compute_ranking(call, review_settings=None) -> Ranking:
    """The final ranking of the call computed now from the stored scores."""
    return rank(scores_of(call), ranking_settings_of(call, review_settings))


def ranking_of(call, review_settings=None) -> Ranking:
    """The final ranking of the call: every application with at least one counted score. Computed once per change
    of its inputs (``stored``); ``review_settings`` only spares a query when it must be computed."""
    return stored.cached(call, "ranking", lambda: compute_ranking(call, review_settings))


def compute_materials_ranking(call, review_settings=None) -> Ranking:
    base = ranking_settings_of(call, review_settings)
    materials_only = RankingSettings(
        method=base.method, normalise=base.normalise, weights=((Stage.MATERIALS.value, Decimal(1)),)
    )
    return rank(scores_of(call, Stage.MATERIALS), materials_only)


def materials_ranking(call, review_settings=None) -> Ranking:
    """The ranking by the materials review alone (weight 1), as used for the shortlist; stored like ``ranking_of``."""
    return stored.cached(call, "materials_ranking", lambda: compute_materials_ranking(call, review_settings))


def shortlist(call) -> list[Application]:
    """The top ``shortlist_size`` accepted applications by the materials ranking, best first."""
    review_settings = review_settings_of(call)
    order = materials_ranking(call, review_settings).order()[: review_settings.shortlist_size]
    by_pk = Application.objects.select_related("unit", "call").in_bulk(order)
    return [by_pk[pk] for pk in order if pk in by_pk and by_pk[pk].state == State.ACCEPTED]


def stage_maxima(call) -> dict[str, Decimal]:
    """The highest possible review total of each stage (Σ max_points × weight of its criteria)."""
    maxima = {stage: Decimal(0) for stage in Stage.values}
    for stage, max_points, weight in Criterion.objects.filter(call=call).values_list("stage", "max_points", "weight"):
        maxima[stage] += max_points * weight
    return maxima


def disagreement_threshold(maximum: Decimal) -> Decimal:
    return aggregation.figure(maximum * DISAGREEMENT_SHARE)


@dataclass
class Line:
    """One row of the ranking page: the ranked row, its application, each stage's figure (or None) and flags."""

    row: object
    application: Application
    stages: list
    high_disagreement: bool
    within_quota: bool
    rule: str = ""


def lines_of(call, ranking: Ranking, quota: int, maxima: dict | None = None, rows=None) -> list[Line]:
    """The ranking's rows (or ``rows`` of it: a page) joined with their applications (one query) and the
    disagreement flags."""
    maxima = stage_maxima(call) if maxima is None else maxima
    rows = ranking.rows if rows is None else rows
    applications = Application.objects.select_related("unit", "call").in_bulk([row.application_id for row in rows])
    lines = []
    for row in rows:
        figures = [row.stage(stage) for stage in ranking.settings.stages]
        flagged = any(
            figure is not None and maxima[figure.stage] and figure.sd > disagreement_threshold(maxima[figure.stage])
            for figure in figures
        )
        lines.append(Line(row, applications[row.application_id], figures, flagged, row.rank <= quota))
    return lines


def money(value: Decimal) -> str:
    """``800000`` → ``800,000.00`` (the amounts on the pages and exports)."""
    return f"{value.quantize(Decimal('0.01')):,.2f}"

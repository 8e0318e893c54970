"""Final scores and the ranking: a pure function of the scores and the settings, identical on every run.

``rank(scores, settings)`` takes the :class:`~.aggregation.Score` rows of submitted reviews and returns a
:class:`Ranking`: one :class:`RankedRow` per application, best first, each with the figures of every stage and of
the final score, and with everything needed to show how each figure was made (the reviews used, the dropped ones,
the normalisation, the weights, and which rule separated the row from the one above it).

Stage figure
    The review totals of the application in that stage (normalised first when ``settings.normalise``; see
    :mod:`.normalisation`) aggregated by ``settings.method`` (:mod:`.aggregation`). The raw mean and the sd
    (disagreement, population sd of the raw totals) are kept beside it.

Final score
    ``Σ weight_s × figure_s / Σ weight_s`` over the stages the application has scores in. With the default weights
    (材料审核 0.6, 现场交流 0.4) and both stages that is ``0.6 × materials + 0.4 × on-site``; an application without
    on-site scores gets its materials figure only (the missing stage is listed in :attr:`FinalFigure.missing`).
    Stage figures enter as the rounded figures shown, so the final score can be checked by hand.

Order (ties broken by these rules, in turn; :attr:`RankedRow.decided_by` names the first rule that differs from
the row above)
    1. ``stages`` – more stages scored first (only when ``settings.complete_first``, the default): an application
       that went through the on-site exchange ranks above one that stopped at the materials review, whatever the
       figures. Switch it off to rank on the final score alone.
    2. ``final`` – higher final score.
    3. ``<stage>`` – higher stage figure, latest stage first (on-site, then materials); a missing stage ranks below.
    4. ``<stage>:raw_mean`` – higher mean of the raw review totals, latest stage first.
    5. ``<stage>:sd`` – smaller disagreement between the experts, latest stage first.
    6. ``application_id`` – lower application number.

Without normalisation raising any one score of an application never lowers its rank: rules 2–4 can only improve
and rule 4 strictly improves, so rule 5 is never reached against a row it was tied with. With normalisation an
expert's raised score also moves that expert's scale and the stage's grand sd, which moves *other* applications'
figures too; then the rank is not guaranteed to be monotone (the expert's own order still is).

For the shortlist (top N by materials) call ``rank`` with the materials scores only and
``RankingSettings(weights=((MATERIALS, Decimal(1)),))``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .aggregation import (
    CONTEXT,
    MATERIALS,
    METHODS,
    ONSITE,
    TRIMMED_MEAN,
    ReviewTotal,
    Score,
    ScoreError,
    aggregate,
    decimal_value,
    exact_mean,
    figure,
    mean,
    review_totals,
    sd,
    trim,
)
from .normalisation import Normalised, StageScale, normalise

DEFAULT_WEIGHTS = ((MATERIALS, Decimal("0.6")), (ONSITE, Decimal("0.4")))
BY_STAGES = "stages"
BY_FINAL = "final"
BY_APPLICATION = "application_id"


@dataclass(frozen=True)
class RankingSettings:
    """How to aggregate and rank. ``weights`` lists the stages in process order with their positive weights."""

    method: str = TRIMMED_MEAN
    normalise: bool = False
    weights: tuple[tuple[str, Decimal], ...] = DEFAULT_WEIGHTS
    complete_first: bool = True

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ScoreError(f"unknown aggregation method {self.method!r}")
        pairs: Iterable[Any] = self.weights.items() if isinstance(self.weights, Mapping) else self.weights
        weights = tuple((str(stage), decimal_value(weight, f"weight of {stage}")) for stage, weight in pairs)
        if not weights:
            raise ScoreError("at least one stage needs a weight")
        if len({stage for stage, _weight in weights}) != len(weights):
            raise ScoreError("a stage is weighted twice")
        if any(weight <= 0 for _stage, weight in weights):
            raise ScoreError("stage weights must be positive")
        object.__setattr__(self, "weights", weights)

    @property
    def stages(self) -> tuple[str, ...]:
        return tuple(stage for stage, _weight in self.weights)

    def rule_names(self) -> tuple[str, ...]:
        """The names of the ordering rules, in the order they are applied."""
        latest_first = self.stages[::-1]
        return (
            *((BY_STAGES,) if self.complete_first else ()),
            BY_FINAL,
            *latest_first,
            *(f"{stage}:raw_mean" for stage in latest_first),
            *(f"{stage}:sd" for stage in latest_first),
            BY_APPLICATION,
        )


@dataclass(frozen=True, slots=True)
class ReviewFigure:
    """One review as it entered a stage figure: raw total, normalisation (if any), the value used, dropped or not."""

    expert_id: Hashable
    total: Decimal
    criteria: int
    normalised: Normalised | None
    value: Decimal
    dropped: bool


@dataclass(frozen=True, slots=True)
class StageFigure:
    """An application's figure in one stage and how it was computed."""

    stage: str
    method: str
    normalised: bool
    reviews: tuple[ReviewFigure, ...]
    value: Decimal
    raw_mean: Decimal
    sd: Decimal
    exact_raw_mean: Decimal

    @property
    def dropped(self) -> tuple[ReviewFigure, ...]:
        return tuple(review for review in self.reviews if review.dropped)


@dataclass(frozen=True, slots=True)
class FinalPart:
    stage: str
    weight: Decimal
    value: Decimal


@dataclass(frozen=True, slots=True)
class FinalFigure:
    """``value = Σ weight × value / weight_sum`` over ``parts``; ``missing`` lists weighted stages without scores."""

    value: Decimal
    parts: tuple[FinalPart, ...]
    weight_sum: Decimal
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RankedRow:
    rank: int
    application_id: Hashable
    final: FinalFigure
    stages: tuple[StageFigure, ...]
    decided_by: str

    def stage(self, name: str) -> StageFigure | None:
        for stage_figure in self.stages:
            if stage_figure.stage == name:
                return stage_figure
        return None


@dataclass(frozen=True)
class Ranking:
    settings: RankingSettings
    rows: tuple[RankedRow, ...]
    scales: tuple[StageScale, ...]

    def row(self, application_id: Hashable) -> RankedRow:
        for row in self.rows:
            if row.application_id == application_id:
                return row
        raise KeyError(application_id)

    def order(self) -> list[Hashable]:
        return [row.application_id for row in self.rows]


def stage_figure(
    stage: str,
    reviews: list[ReviewTotal],
    method: str,
    normalised: Mapping[tuple[Hashable, Hashable], Normalised] | None,
) -> StageFigure:
    """The figure of one application in one stage from its review totals (all of that application and stage)."""
    entries = []
    for review in reviews:
        result = None if normalised is None else normalised[review.application_id, review.expert_id]
        entries.append((figure(review.total) if result is None else result.value, review.expert_id, review, result))
    if method == TRIMMED_MEAN:
        kept, dropped_entries = trim([(value, expert_id) for value, expert_id, _review, _result in entries])
        dropped = {expert_id for _value, expert_id in dropped_entries}
        value = mean([entry_value for entry_value, _expert_id in kept])
    else:
        dropped = set()
        value = aggregate([entry[0] for entry in entries], method)
    raw = [review.total for review in reviews]
    exact_raw = exact_mean(raw)
    figures = tuple(
        ReviewFigure(
            expert_id=expert_id,
            total=figure(review.total),
            criteria=review.criteria,
            normalised=result,
            value=entry_value,
            dropped=expert_id in dropped,
        )
        for entry_value, expert_id, review, result in sorted(entries, key=lambda entry: entry[1])
    )
    return StageFigure(stage, method, normalised is not None, figures, value, figure(exact_raw), sd(raw), exact_raw)


def final_figure(settings: RankingSettings, figures: Mapping[str, StageFigure]) -> FinalFigure:
    parts = tuple(
        FinalPart(stage, weight, figures[stage].value) for stage, weight in settings.weights if stage in figures
    )
    missing = tuple(stage for stage in settings.stages if stage not in figures)
    weight_sum = weighted = Decimal(0)
    for part in parts:
        weight_sum = CONTEXT.add(weight_sum, part.weight)
        weighted = CONTEXT.add(weighted, CONTEXT.multiply(part.weight, part.value))
    return FinalFigure(figure(CONTEXT.divide(weighted, weight_sum)), parts, weight_sum, missing)


def _sort_key(
    settings: RankingSettings, application_id: Hashable, figures: Mapping[str, StageFigure], final: FinalFigure
):
    latest_first = settings.stages[::-1]
    absent = (1, Decimal(0))
    minus = CONTEXT.minus
    return (
        *((-len(figures),) if settings.complete_first else ()),
        minus(final.value),
        *((0, minus(figures[stage].value)) if stage in figures else absent for stage in latest_first),
        *((0, minus(figures[stage].exact_raw_mean)) if stage in figures else absent for stage in latest_first),
        *((0, figures[stage].sd) if stage in figures else absent for stage in latest_first),
        application_id,
    )


def _first_difference(names: tuple[str, ...], previous: tuple, key: tuple) -> str:
    for name, before, after in zip(names, previous, key, strict=True):
        if before != after:
            return name
    raise ScoreError("two rows with the same application id")


def rank(scores: Iterable[Score], settings: RankingSettings | None = None) -> Ranking:
    """Rank every application that has at least one score; see the module docstring for every rule."""
    settings = settings or RankingSettings()
    reviews = review_totals(scores)
    stages = settings.stages
    by_stage: dict[str, list[ReviewTotal]] = {stage: [] for stage in stages}
    for review in reviews:
        if review.stage not in by_stage:
            raise ScoreError(f"scores of stage {review.stage!r}, which has no weight in the settings")
        by_stage[review.stage].append(review)

    scales = []
    normalised: dict[str, dict[tuple[Hashable, Hashable], Normalised] | None] = dict.fromkeys(stages)
    if settings.normalise:
        for stage in stages:
            if by_stage[stage]:
                scale, normalised[stage] = normalise(stage, by_stage[stage])
                scales.append(scale)

    grouped: dict[Hashable, dict[str, list[ReviewTotal]]] = {}
    for review in reviews:
        grouped.setdefault(review.application_id, {}).setdefault(review.stage, []).append(review)

    keyed = []
    for application_id in sorted(grouped):
        figures = {
            stage: stage_figure(stage, stage_reviews, settings.method, normalised[stage])
            for stage, stage_reviews in sorted(grouped[application_id].items(), key=lambda item: stages.index(item[0]))
        }
        final = final_figure(settings, figures)
        keyed.append((_sort_key(settings, application_id, figures, final), application_id, figures, final))
    keyed.sort(key=lambda item: item[0])

    names = settings.rule_names()
    rows = []
    previous = None
    for position, (key, application_id, figures, final) in enumerate(keyed, start=1):
        decided_by = "" if previous is None else _first_difference(names, previous, key)
        rows.append(RankedRow(position, application_id, final, tuple(figures.values()), decided_by))
        previous = key
    return Ranking(settings, tuple(rows), tuple(scales))

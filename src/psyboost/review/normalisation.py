"""Per-expert normalisation (z-scores) of review totals within one stage, to even out lenient and harsh graders.

For each expert ``e``, over all of that expert's review totals ``x`` in the stage::

    z = (x − mean_e) / sd_e          (population sd; z = 0 when the expert has one review or sd_e = 0)
    normalised = grand_mean + z × grand_sd

where ``grand_mean`` and ``grand_sd`` (population) are taken over every review total of the stage, so normalised
figures stay on the familiar points scale. Everything is computed at full :data:`~.aggregation.CONTEXT` precision
(``Decimal.sqrt`` in that fixed context); the normalised value is then rounded to a figure (4 places, half up) and it
is that figure which the stage aggregation uses and the page shows. The parameters shown with it (means and sds to 4
places, ``z`` to :data:`Z_PLACES` places) are rounded for display only, so recomputing from them may differ in the
last place.

Within one expert, ``x ↦ normalised`` is increasing (strictly so when ``sd_e`` and ``grand_sd`` are not 0): an
expert's own order of applications is never changed, only their scale.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .aggregation import CONTEXT, ZERO, ReviewTotal, ScoreError, exact_mean, exact_sd, figure

Z_PLACES = 6
Z_QUANTUM = Decimal(1).scaleb(-Z_PLACES)


@dataclass(frozen=True, slots=True)
class ExpertScale:
    """How one expert graded in one stage: the mean and sd (figures) of their review totals."""

    expert_id: Hashable
    count: int
    mean: Decimal
    sd: Decimal


@dataclass(frozen=True, slots=True)
class StageScale:
    """The normalisation parameters of one stage: the grand mean and sd, and each expert's scale."""

    stage: str
    count: int
    grand_mean: Decimal
    grand_sd: Decimal
    experts: tuple[ExpertScale, ...]

    def expert(self, expert_id: Hashable) -> ExpertScale:
        for scale in self.experts:
            if scale.expert_id == expert_id:
                return scale
        raise KeyError(expert_id)


@dataclass(frozen=True, slots=True)
class Normalised:
    """One review total after normalisation: its z-score (display precision) and its normalised figure."""

    z: Decimal
    value: Decimal


def normalise(
    stage: str, reviews: Sequence[ReviewTotal]
) -> tuple[StageScale, dict[tuple[Hashable, Hashable], Normalised]]:
    """Normalise one stage's review totals: the stage's scale, and the result per (application, expert)."""
    if not reviews:
        raise ScoreError(f"no reviews to normalise in stage {stage!r}")
    if any(review.stage != stage for review in reviews):
        raise ScoreError(f"reviews of other stages passed to the normalisation of {stage!r}")
    totals = [review.total for review in reviews]
    grand_mean = exact_mean(totals)
    grand_sd = exact_sd(totals, grand_mean)

    by_expert: dict[Hashable, list[ReviewTotal]] = {}
    for review in reviews:
        by_expert.setdefault(review.expert_id, []).append(review)

    scales = []
    results: dict[tuple[Hashable, Hashable], Normalised] = {}
    for expert_id in sorted(by_expert):
        own = by_expert[expert_id]
        values = [review.total for review in own]
        expert_mean = exact_mean(values)
        expert_sd = exact_sd(values, expert_mean)
        scales.append(ExpertScale(expert_id, len(values), figure(expert_mean), figure(expert_sd)))
        for review in own:
            if len(values) == 1 or expert_sd == ZERO:
                z = ZERO
            else:
                z = CONTEXT.divide(CONTEXT.subtract(review.total, expert_mean), expert_sd)
            value = figure(CONTEXT.add(grand_mean, CONTEXT.multiply(z, grand_sd)))
            shown_z = z.quantize(Z_QUANTUM, rounding=ROUND_HALF_UP, context=CONTEXT)
            results[review.application_id, expert_id] = Normalised(z=shown_z, value=value)

    scale = StageScale(stage, len(totals), figure(grand_mean), figure(grand_sd), tuple(scales))
    return scale, results

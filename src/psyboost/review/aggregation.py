"""Scores and their aggregation: exact Decimal arithmetic, one rounding rule, the same figures on every machine.

Input
-----
The models hand over plain :class:`Score` rows, one per criterion of a *submitted* review::

    Score(application_id, expert_id, stage, criterion_id, points, max_points, weight=1)

* ``points``, ``max_points`` and ``weight`` are ``int`` or ``Decimal``; a ``float`` is refused (``TypeError``) because
  it would make the figures depend on binary rounding. ``0 ≤ points ≤ max_points`` and ``weight > 0``, else
  :class:`ScoreError`.
* A *review* is one (application, expert, stage). Its total is ``Σ points × weight`` over its criteria; with the
  default rubric (weights 1, maxima adding up to 100) that is the familiar 100-point total. The same criterion twice
  in one review is a :class:`ScoreError`.
* Application, expert and criterion ids are hashable and sortable values of one type each (primary keys or 编号).
  Stages are the strings :data:`MATERIALS` (材料审核) and :data:`ONSITE` (现场交流), or any others the settings name.

Precision
---------
Intermediate results are computed in :data:`CONTEXT` (28 significant digits, ROUND_HALF_EVEN), which is fixed here
and never taken from the thread. Every figure that is shown, stored or compared is quantized by :func:`figure` to
:data:`PLACES` = 4 decimal places with ROUND_HALF_UP (四舍五入). So a figure is the same on every run and every
machine, and anyone can recompute it from the figures shown beside it.

Methods
-------
* ``mean`` – the arithmetic mean.
* ``median`` – the middle value; with an even count, the mean of the two middle values.
* ``trimmed_mean`` – with at least :data:`TRIM_MIN` (5) values, drop exactly one highest and one lowest value, then
  take the mean; with fewer values, the plain mean. Among equal values the one dropped is fixed by :func:`trim`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Any, TypeVar

MATERIALS = "materials"
ONSITE = "onsite"
CLOSING = "closing"  # the closing evaluation of a funded project (projects app)

MEAN = "mean"
MEDIAN = "median"
TRIMMED_MEAN = "trimmed_mean"
METHODS = (MEAN, MEDIAN, TRIMMED_MEAN)

TRIM_MIN = 5
PLACES = 4
QUANTUM = Decimal(1).scaleb(-PLACES)
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
ZERO = Decimal(0)

T = TypeVar("T")


class ScoreError(ValueError):
    """Scores that cannot be aggregated: out of range, duplicated, or of an unknown stage or method."""


def decimal_value(value: Any, name: str) -> Decimal:
    """``value`` as a finite Decimal; ints and Decimals only (no floats, no strings, no bools)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{name} must be int or Decimal, not {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ScoreError(f"{name} must be a finite number, not {result}")
    return result


def figure(value: Decimal) -> Decimal:
    """``value`` rounded to :data:`PLACES` decimal places, half up: the form of every shown figure."""
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP, context=CONTEXT)


@dataclass(frozen=True, slots=True)
class Score:
    """The points one expert gave one criterion of one application in one stage."""

    application_id: Hashable
    expert_id: Hashable
    stage: str
    criterion_id: Hashable
    points: Decimal
    max_points: Decimal
    weight: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        points = decimal_value(self.points, "points")
        maximum = decimal_value(self.max_points, "max_points")
        weight = decimal_value(self.weight, "weight")
        if weight <= 0:
            raise ScoreError(f"weight must be positive, not {weight}")
        if not ZERO <= points <= maximum:
            raise ScoreError(f"points {points} outside 0…{maximum} (criterion {self.criterion_id!r})")
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "max_points", maximum)
        object.__setattr__(self, "weight", weight)

    @property
    def review_key(self) -> tuple[Hashable, Hashable, str]:
        return (self.application_id, self.expert_id, self.stage)


@dataclass(frozen=True, slots=True)
class ReviewTotal:
    """One submitted review reduced to its total: ``Σ points × weight`` over its criteria (exact, not rounded)."""

    application_id: Hashable
    expert_id: Hashable
    stage: str
    total: Decimal
    criteria: int


def review_totals(scores: Iterable[Score]) -> list[ReviewTotal]:
    """The reviews behind ``scores``, in a fixed order (stage, application, expert) whatever the input order."""
    totals: dict[tuple[Hashable, Hashable, str], Decimal] = {}
    seen: dict[tuple[Hashable, Hashable, str], set[Hashable]] = {}
    for score in scores:
        key = score.review_key
        criteria = seen.setdefault(key, set())
        if score.criterion_id in criteria:
            raise ScoreError(f"criterion {score.criterion_id!r} scored twice in review {key!r}")
        criteria.add(score.criterion_id)
        totals[key] = CONTEXT.add(totals.get(key, ZERO), CONTEXT.multiply(score.points, score.weight))
    return [
        ReviewTotal(
            application_id=app,
            expert_id=expert,
            stage=stage,
            total=totals[app, expert, stage],
            criteria=len(seen[app, expert, stage]),
        )
        for app, expert, stage in sorted(totals, key=lambda key: (key[2], key[0], key[1]))
    ]


def exact_mean(values: Sequence[Decimal]) -> Decimal:
    """The mean in :data:`CONTEXT`, unrounded (used for comparisons and further arithmetic)."""
    if not values:
        raise ScoreError("no values to aggregate")
    total = ZERO
    for value in sorted(values):
        total = CONTEXT.add(total, value)
    return CONTEXT.divide(total, len(values))


def mean(values: Sequence[Decimal]) -> Decimal:
    """The arithmetic mean, as a figure."""
    return figure(exact_mean(values))


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value, or the mean of the two middle values of an even count, as a figure."""
    if not values:
        raise ScoreError("no values to aggregate")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return figure(ordered[middle])
    return figure(exact_mean(ordered[middle - 1 : middle + 1]))


def trim(entries: Sequence[tuple[Decimal, T]]) -> tuple[list[tuple[Decimal, T]], list[tuple[Decimal, T]]]:
    """Split ``(value, key)`` entries into (kept, dropped) for the trimmed mean.

    With fewer than :data:`TRIM_MIN` entries nothing is dropped. Otherwise the entries are ordered by (value, key)
    and the first and the last are dropped: of several equal lowest values the one with the smallest key goes, of
    several equal highest values the one with the largest key. Keys must be mutually comparable (expert ids).
    """
    ordered = sorted(entries, key=lambda entry: (entry[0], entry[1]))
    if len(ordered) < TRIM_MIN:
        return ordered, []
    return ordered[1:-1], [ordered[0], ordered[-1]]


def trimmed_mean(values: Sequence[Decimal]) -> Decimal:
    """The mean without one highest and one lowest value when there are at least five values, as a figure."""
    kept, _dropped = trim([(value, index) for index, value in enumerate(values)])
    return mean([value for value, _index in kept])


def aggregate(values: Sequence[Decimal], method: str) -> Decimal:
    """``values`` aggregated by ``method`` (one of :data:`METHODS`)."""
    if method == MEAN:
        return mean(values)
    if method == MEDIAN:
        return median(values)
    if method == TRIMMED_MEAN:
        return trimmed_mean(values)
    raise ScoreError(f"unknown aggregation method {method!r}")


def exact_sd(values: Sequence[Decimal], centre: Decimal | None = None) -> Decimal:
    """The population standard deviation in :data:`CONTEXT`, unrounded; 0 for a single value."""
    centre = exact_mean(values) if centre is None else centre
    squares = ZERO
    for value in sorted(values):
        deviation = CONTEXT.subtract(value, centre)
        squares = CONTEXT.add(squares, CONTEXT.multiply(deviation, deviation))
    return CONTEXT.sqrt(CONTEXT.divide(squares, len(values)))


def sd(values: Sequence[Decimal]) -> Decimal:
    """The population standard deviation (disagreement between experts), as a figure."""
    return figure(exact_sd(values))

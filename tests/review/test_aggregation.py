"""Aggregation of one application's scores in one stage: exact values, half-up rounding to 4 places."""

from decimal import Decimal

import pytest

from psyboost.review.aggregation import (
    MATERIALS,
    ONSITE,
    Score,
    ScoreError,
    aggregate,
    figure,
    mean,
    median,
    review_totals,
    sd,
    trim,
    trimmed_mean,
)


def d(*values):
    return [Decimal(str(value)) for value in values]


def test_mean_exact_values():
    assert mean(d(70, 80, 85)) == Decimal("78.3333")
    assert mean(d(0, 1, 1)) == Decimal("0.6667")
    assert mean(d(77)) == Decimal("77.0000")
    assert str(mean(d(1, 2))) == "1.5000"


def test_rounding_is_half_up_to_four_places():
    assert mean(d("0.0002", "0.0003")) == Decimal("0.0003")  # 0.00025; half-even would give 0.0002
    assert median(d("80.0002", "80.0003")) == Decimal("80.0003")
    assert figure(Decimal("-1.00005")) == Decimal("-1.0001")
    assert figure(Decimal("2.00004999")) == Decimal("2.0000")


def test_median_odd_even_and_single():
    assert median(d(85, 70, 80)) == Decimal("80.0000")
    assert median(d(90, 70, 85, 80)) == Decimal("82.5000")
    assert median(d(60, 95)) == Decimal("77.5000")
    assert median(d(77.5)) == Decimal("77.5000")


def test_trimmed_mean_with_four_scores_is_the_plain_mean():
    assert trimmed_mean(d(60, 70, 80, 100)) == Decimal("77.5000")
    assert trimmed_mean(d(60, 70, 80, 100)) == mean(d(60, 70, 80, 100))


def test_trimmed_mean_with_five_scores_drops_one_highest_and_one_lowest():
    assert trimmed_mean(d(100, 60, 80, 90, 70)) == Decimal("80.0000")
    assert trimmed_mean(d(50, 80, 80, 81, 99)) == Decimal("80.3333")


def test_trimmed_mean_with_seven_scores():
    assert trimmed_mean(d(55, 61, 70, 75, 82, 90, 98)) == Decimal("75.6000")
    # Equal extremes: exactly one of each is dropped, not all of them.
    assert trimmed_mean(d(70, 70, 70, 80, 90, 90, 90)) == Decimal("80.0000")


def test_trim_names_the_dropped_entries_and_breaks_ties_by_key():
    entries = [(Decimal(90), "e5"), (Decimal(70), "e2"), (Decimal(80), "e3"), (Decimal(70), "e1"), (Decimal(90), "e4")]
    kept, dropped = trim(entries)
    assert dropped == [(Decimal(70), "e1"), (Decimal(90), "e5")]
    assert kept == [(Decimal(70), "e2"), (Decimal(80), "e3"), (Decimal(90), "e4")]
    assert trim(entries[:4]) == (sorted(entries[:4]), [])


def test_aggregate_dispatches_and_refuses_unknown_methods_and_empty_input():
    values = d(60, 70, 80, 90, 100, 100)
    assert aggregate(values, "mean") == Decimal("83.3333")
    assert aggregate(values, "median") == Decimal("85.0000")
    assert aggregate(values, "trimmed_mean") == Decimal("85.0000")
    with pytest.raises(ScoreError):
        aggregate(values, "mode")
    for method in ("mean", "median", "trimmed_mean"):
        with pytest.raises(ScoreError):
            aggregate([], method)


def test_population_sd():
    assert sd(d(60, 70, 80)) == Decimal("8.1650")
    assert sd(d(80, 90)) == Decimal("5.0000")
    assert sd(d(75)) == Decimal("0.0000")


def score(app=1, expert=1, stage=MATERIALS, criterion=1, points=8, max_points=10, weight=1):
    return Score(app, expert, stage, criterion, points, max_points, weight)


def test_review_total_is_points_times_weight_summed_over_criteria():
    scores = [
        score(criterion=2, points=7, max_points=10),
        score(criterion=1, points=8, max_points=10, weight=Decimal("1.5")),
        score(app=2, expert=3, stage=ONSITE, points=Decimal("4.5")),
    ]
    totals = review_totals(scores)
    assert [(t.application_id, t.expert_id, t.stage, t.total, t.criteria) for t in totals] == [
        (1, 1, MATERIALS, Decimal("19.0"), 2),
        (2, 3, ONSITE, Decimal("4.5"), 1),
    ]
    assert review_totals(reversed(scores)) == totals


def test_the_same_criterion_twice_in_a_review_is_refused():
    with pytest.raises(ScoreError, match="scored twice"):
        review_totals([score(points=3), score(points=4)])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"points": 11}, ScoreError),
        ({"points": -1}, ScoreError),
        ({"points": Decimal("NaN")}, ScoreError),
        ({"points": Decimal("Infinity"), "max_points": Decimal("Infinity")}, ScoreError),
        ({"weight": 0}, ScoreError),
        ({"points": 8.5}, TypeError),
        ({"points": "8"}, TypeError),
        ({"points": True}, TypeError),
        ({"max_points": 10.0}, TypeError),
    ],
)
def test_bad_scores_are_refused(kwargs, error):
    with pytest.raises(error):
        score(**kwargs)


def test_scores_hold_decimals():
    made = score(points=8, max_points=10, weight=2)
    assert (made.points, made.max_points, made.weight) == (Decimal(8), Decimal(10), Decimal(2))
    assert isinstance(made.points, Decimal)

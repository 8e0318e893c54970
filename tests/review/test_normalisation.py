"""Per-expert z-score normalisation: a hand-computed example and the expert's own order kept."""

from decimal import Decimal

import pytest
from hypothesis import given

from psyboost.review.aggregation import MATERIALS, ONSITE, ReviewTotal, ScoreError, review_totals
from psyboost.review.normalisation import ExpertScale, normalise

from .strategies import panels


def totals(*rows):
    return [ReviewTotal(app, expert, MATERIALS, Decimal(total), 1) for app, expert, total in rows]


# Expert "A" scores 60, 70, 80 (mean 70, sd √(200/3)); expert "B" scores 80, 90 (mean 85, sd 5).
# All five totals: mean 76, sd √104. So A's 60 becomes 76 − √(3/2)·√104 = 76 − √156 = 63.510004…,
# B's 80 becomes 76 − √104 = 65.801960…, A's 70 (z = 0) becomes the grand mean 76.
HAND = totals((1, "A", 60), (2, "A", 70), (3, "A", 80), (1, "B", 80), (2, "B", 90))


def test_hand_computed_example():
    scale, result = normalise(MATERIALS, HAND)

    assert (scale.count, scale.grand_mean, scale.grand_sd) == (5, Decimal("76.0000"), Decimal("10.1980"))
    assert scale.experts == (
        ExpertScale("A", 3, Decimal("70.0000"), Decimal("8.1650")),
        ExpertScale("B", 2, Decimal("85.0000"), Decimal("5.0000")),
    )
    assert {key: (n.z, n.value) for key, n in result.items()} == {
        (1, "A"): (Decimal("-1.224745"), Decimal("63.5100")),
        (2, "A"): (Decimal("0.000000"), Decimal("76.0000")),
        (3, "A"): (Decimal("1.224745"), Decimal("88.4900")),
        (1, "B"): (Decimal("-1.000000"), Decimal("65.8020")),
        (2, "B"): (Decimal("1.000000"), Decimal("86.1980")),
    }
    assert normalise(MATERIALS, list(reversed(HAND))) == (scale, result)


def test_a_single_review_or_a_constant_expert_maps_to_the_grand_mean():
    scale, result = normalise(MATERIALS, totals((1, "A", 50), (1, "B", 70), (2, "B", 70), (3, "C", 90)))
    assert scale.grand_mean == Decimal("70.0000")
    assert {key: n.value for key, n in result.items()} == {
        (1, "A"): Decimal("70.0000"),
        (1, "B"): Decimal("70.0000"),
        (2, "B"): Decimal("70.0000"),
        (3, "C"): Decimal("70.0000"),
    }
    assert scale.expert("B") == ExpertScale("B", 2, Decimal("70.0000"), Decimal("0.0000"))
    with pytest.raises(KeyError):
        scale.expert("Z")


def test_empty_or_mixed_stages_are_refused():
    with pytest.raises(ScoreError):
        normalise(MATERIALS, [])
    with pytest.raises(ScoreError):
        normalise(ONSITE, HAND)


@given(panels(onsite=False))
def test_normalisation_keeps_each_experts_own_order(scores):
    reviews = review_totals(scores)
    _scale, result = normalise(MATERIALS, reviews)
    by_expert = {}
    for review in reviews:
        by_expert.setdefault(review.expert_id, []).append(
            (review.total, result[review.application_id, review.expert_id])
        )
    for own in by_expert.values():
        for raw_a, norm_a in own:
            for raw_b, norm_b in own:
                if raw_a < raw_b:
                    # Integer totals differ by at least 1, and grand_sd/sd_e ≥ √(n_e/N): far above the rounding.
                    assert norm_a.value < norm_b.value
                    assert norm_a.z < norm_b.z
                elif raw_a == raw_b:
                    assert norm_a == norm_b

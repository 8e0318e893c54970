"""Final score, tie-break rules, explanations and the ranking's properties."""

from decimal import Decimal

import pytest

from psyboost.review.aggregation import MATERIALS, ONSITE, Score, ScoreError
from psyboost.review.ranking import FinalPart, RankingSettings, rank

MATERIALS_ONLY = ((MATERIALS, Decimal(1)),)


def reviews(app, stage, *totals, first_expert=1):
    """One single-criterion review (max 100) per total, by experts first_expert, first_expert + 1, …"""
    return [
        Score(app, expert, stage, "c", Decimal(str(total)), Decimal(100))
        for expert, total in enumerate(totals, start=first_expert)
    ]


def test_final_score_weights_the_stages_and_explains_itself():
    scores = reviews(7, MATERIALS, 80, 90, 70) + reviews(7, ONSITE, 85, 95, 90, 70, 100)
    row = rank(scores).row(7)

    materials, onsite = row.stage(MATERIALS), row.stage(ONSITE)
    assert (materials.value, materials.raw_mean, materials.sd) == (
        Decimal("80.0000"),
        Decimal("80.0000"),
        Decimal("8.1650"),
    )
    assert materials.dropped == ()
    assert onsite.value == Decimal("90.0000")  # trimmed: 70 and 100 dropped, (85 + 90 + 95) / 3
    assert [(r.expert_id, r.total, r.value, r.dropped) for r in onsite.reviews] == [
        (1, Decimal("85.0000"), Decimal("85.0000"), False),
        (2, Decimal("95.0000"), Decimal("95.0000"), False),
        (3, Decimal("90.0000"), Decimal("90.0000"), False),
        (4, Decimal("70.0000"), Decimal("70.0000"), True),
        (5, Decimal("100.0000"), Decimal("100.0000"), True),
    ]
    assert onsite.raw_mean == Decimal("88.0000")
    assert (onsite.method, onsite.normalised, onsite.reviews[0].normalised) == ("trimmed_mean", False, None)
    assert row.final.value == Decimal("84.0000")  # 0.6 × 80 + 0.4 × 90
    assert row.final.parts == (
        FinalPart(MATERIALS, Decimal("0.6"), Decimal("80.0000")),
        FinalPart(ONSITE, Decimal("0.4"), Decimal("90.0000")),
    )
    assert (row.final.weight_sum, row.final.missing) == (Decimal("1.0"), ())


def test_without_onsite_scores_the_final_is_the_materials_figure():
    row = rank(reviews(3, MATERIALS, 81, 82, 86)).row(3)
    assert row.final.value == Decimal("83.0000")
    assert row.final.missing == (ONSITE,)
    assert row.final.parts == (FinalPart(MATERIALS, Decimal("0.6"), Decimal("83.0000")),)
    assert row.stage(ONSITE) is None


def test_applications_through_both_stages_rank_first_unless_switched_off():
    scores = reviews(1, MATERIALS, 95, 95, 95) + reviews(2, MATERIALS, 80, 80, 80) + reviews(2, ONSITE, 60, 60, 60)
    assert [(r.application_id, r.final.value, r.decided_by) for r in rank(scores).rows] == [
        (2, Decimal("72.0000"), ""),
        (1, Decimal("95.0000"), "stages"),
    ]
    assert rank(scores, RankingSettings(complete_first=False)).order() == [1, 2]


def test_ties_on_the_final_score_go_to_the_higher_onsite_figure():
    scores = (
        reviews(1, MATERIALS, 85, 85, 85)
        + reviews(1, ONSITE, 82.5, 82.5, 82.5)
        + reviews(2, MATERIALS, 80, 80, 80)
        + reviews(2, ONSITE, 90, 90, 90)
    )
    rows = rank(scores).rows
    assert [(r.application_id, r.final.value, r.decided_by) for r in rows] == [
        (2, Decimal("84.0000"), ""),
        (1, Decimal("84.0000"), "onsite"),
    ]


def test_then_the_higher_raw_mean_then_the_smaller_disagreement_then_the_number():
    settings = RankingSettings(weights=MATERIALS_ONLY)
    scores = (
        reviews(1, MATERIALS, 60, 80, 80, 80, 100)  # trimmed 80, raw mean 80
        + reviews(2, MATERIALS, 70, 80, 80, 80, 100)  # trimmed 80, raw mean 82
        + reviews(3, MATERIALS, 70, 75, 80, 85, 90)  # trimmed 80, raw mean 80, sd 7.0711
        + reviews(4, MATERIALS, 70, 75, 80, 85, 90)  # the same as 3
    )
    rows = rank(scores, settings).rows
    assert [(r.rank, r.application_id, r.decided_by) for r in rows] == [
        (1, 2, ""),
        (2, 3, "materials:raw_mean"),
        (3, 4, "application_id"),
        (4, 1, "materials:sd"),
    ]
    assert (rows[1].stage(MATERIALS).sd, rows[3].stage(MATERIALS).sd) == (Decimal("7.0711"), Decimal("12.6491"))


def test_median_and_mean_methods():
    scores = reviews(1, MATERIALS, 60, 70, 95, 99)
    assert rank(scores, RankingSettings(method="median")).row(1).final.value == Decimal("82.5000")
    assert rank(scores, RankingSettings(method="mean")).row(1).final.value == Decimal("81.0000")


def test_normalised_ranking_uses_and_shows_the_normalised_values():
    # The hand example of test_normalisation: A scores 60, 70, 80 and B scores 80, 90.
    scores = reviews(1, MATERIALS, 60, 80) + reviews(2, MATERIALS, 70, 90) + reviews(3, MATERIALS, 80)
    ranking = rank(scores, RankingSettings(method="mean", normalise=True, weights=MATERIALS_ONLY))

    assert [(r.application_id, r.final.value) for r in ranking.rows] == [
        (3, Decimal("88.4900")),
        (2, Decimal("81.0990")),
        (1, Decimal("64.6560")),
    ]
    first = ranking.row(1).stage(MATERIALS)
    assert [(r.expert_id, r.total, r.value, r.normalised.z) for r in first.reviews] == [
        (1, Decimal("60.0000"), Decimal("63.5100"), Decimal("-1.224745")),
        (2, Decimal("80.0000"), Decimal("65.8020"), Decimal("-1.000000")),
    ]
    assert (first.normalised, first.raw_mean) == (True, Decimal("70.0000"))
    (scale,) = ranking.scales
    assert (scale.stage, scale.grand_mean, scale.grand_sd) == (MATERIALS, Decimal("76.0000"), Decimal("10.1980"))
    assert rank(scores).scales == ()


def test_settings_are_checked():
    with pytest.raises(ScoreError):
        RankingSettings(method="mode")
    with pytest.raises(ScoreError):
        RankingSettings(weights=((MATERIALS, 0),))
    with pytest.raises(ScoreError):
        RankingSettings(weights=((MATERIALS, 1), (MATERIALS, 2)))
    with pytest.raises(ScoreError):
        RankingSettings(weights=())
    with pytest.raises(TypeError):
        RankingSettings(weights=((MATERIALS, 0.6),))
    assert RankingSettings(weights={ONSITE: 1, MATERIALS: Decimal("2")}).weights == (
        (ONSITE, Decimal(1)),
        (MATERIALS, Decimal(2)),
    )


def test_scores_of_an_unweighted_stage_are_refused():
    with pytest.raises(ScoreError, match="onsite"):
        rank(reviews(1, ONSITE, 80), RankingSettings(weights=MATERIALS_ONLY))


def test_no_scores_no_rows():
    assert rank([]).rows == ()

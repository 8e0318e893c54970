"""Properties of the ranking: order of entry irrelevant, raising a score never hurts, always a full ranking."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from psyboost.review.aggregation import METHODS
from psyboost.review.ranking import RankingSettings, rank

from .strategies import panels, raised

SETTINGS = st.builds(
    RankingSettings,
    method=st.sampled_from(METHODS),
    normalise=st.booleans(),
    complete_first=st.booleans(),
    weights=st.sampled_from([None, {"materials": 1, "onsite": 1}, {"materials": Decimal("0.3"), "onsite": 2}]).map(
        lambda weights: RankingSettings().weights if weights is None else weights
    ),
)
RAW_SETTINGS = SETTINGS.map(
    lambda s: RankingSettings(method=s.method, normalise=False, weights=s.weights, complete_first=s.complete_first)
)


@given(panels(), SETTINGS, st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_scores_are_entered(scores, settings, random):
    shuffled = list(scores)
    random.shuffle(shuffled)
    assert rank(shuffled, settings) == rank(scores, settings)


@given(panels(), SETTINGS)
def test_every_scored_application_gets_exactly_one_rank(scores, settings):
    ranking = rank(scores, settings)
    assert sorted(ranking.order()) == sorted({score.application_id for score in scores})
    assert [row.rank for row in ranking.rows] == list(range(1, len(ranking.rows) + 1))
    assert all(row.decided_by for row in ranking.rows[1:])


@given(panels(), RAW_SETTINGS, st.data())
def test_raising_one_score_never_lowers_the_rank_of_its_application(scores, settings, data):
    index = data.draw(st.integers(0, len(scores) - 1))
    old = scores[index]
    new_points = data.draw(st.integers(int(old.points), int(old.max_points)))
    before = rank(scores, settings).order().index(old.application_id)
    after = rank(raised(scores, index, Decimal(new_points)), settings).order().index(old.application_id)
    assert after <= before

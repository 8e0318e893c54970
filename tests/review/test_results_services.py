"""Results services on a small fixture with exact figures (see ``results_helpers``)."""

from decimal import Decimal

import pytest

from psyboost.review.models import Review, Stage
from psyboost.review.ranking import RankingSettings
from psyboost.review.services import results

from .results_helpers import small

pytestmark = pytest.mark.django_db


def test_scores_of_counts_submitted_unconflicted_only(django_assert_num_queries):
    s = small()
    with django_assert_num_queries(2):
        scores = results.scores_of(s.call)
    reviews = {(score.application_id, score.expert_id, score.stage) for score in scores}
    _e1, _e2, e3, e4 = (expert.pk for expert in s.experts)
    assert (s.c.pk, e3, Stage.MATERIALS) not in reviews  # conflicted
    assert (s.c.pk, e4, Stage.MATERIALS) not in reviews  # draft
    assert len(reviews) == 3 + 3 + 2 + 2
    assert len(results.scores_of(s.call, Stage.ONSITE)) == 2


def test_settings_of_follows_review_settings():
    s = small()
    s.call.review_settings.method = "median"
    s.call.review_settings.normalise = True
    s.call.review_settings.save()
    assert results.ranking_settings_of(s.call) == RankingSettings(
        method="median",
        normalise=True,
        weights=(("materials", Decimal("0.60")), ("onsite", Decimal("0.40"))),
    )


def test_ranking_exact_figures():
    s = small()
    ranking = results.ranking_of(s.call)
    assert ranking.order() == [s.b.pk, s.a.pk, s.c.pk]
    b, a, c = ranking.rows
    assert (b.final.value, a.final.value, c.final.value) == (Decimal("82.0000"), Decimal("74.0000"), Decimal("55.0000"))
    assert a.stage("materials").value == Decimal("76.6667")
    assert a.stage("materials").sd == Decimal("4.7140")
    assert b.stage("materials").value == Decimal("73.3333")
    assert b.stage("materials").sd == Decimal("16.9967")
    assert c.stage("materials").value == Decimal("55.0000")
    assert c.stage("onsite") is None
    assert [row.decided_by for row in ranking.rows] == ["", "final", "stages"]


def test_lines_flag_disagreement_and_quota():
    s = small()
    ranking = results.ranking_of(s.call)
    lines = results.lines_of(s.call, ranking, s.call.quota)
    assert [(line.application.number, line.high_disagreement, line.within_quota) for line in lines] == [
        (2, True, True),
        (1, False, True),
        (3, False, False),
    ]
    assert results.disagreement_threshold(Decimal("100")) == Decimal("10.0000")


def test_shortlist_is_materials_order_cut_at_size():
    s = small()
    s.call.review_settings.shortlist_size = 2
    s.call.review_settings.save()
    assert results.shortlist(s.call) == [s.a, s.b]


def test_reopened_review_leaves_the_ranking():
    s = small()
    Review.objects.filter(assignment__application=s.b, assignment__stage="onsite").update(
        state=Review.State.DRAFT, submitted_at=None
    )
    ranking = results.ranking_of(s.call)
    assert ranking.order() == [s.a.pk, s.b.pk, s.c.pk]


def test_money():
    assert results.money(Decimal("800000")) == "800,000.00"

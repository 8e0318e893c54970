"""The demo review of the 2020 call: a panel, conflicts, k=3 materials scores, a shortlist with on-site scores,
the phase at ``decision``; the same on every run and never duplicated."""

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.demo.loader import load_demo
from psyboost.review.models import (
    Assignment,
    Conflict,
    Expert,
    OnsiteSlot,
    PanelMember,
    Review,
    ReviewPhase,
    Score,
    Stage,
)
from psyboost.review.services import results
from tests.demo.loaded import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def counts():
    return (
        Expert.objects.count(),
        PanelMember.objects.count(),
        Conflict.objects.count(),
        Assignment.objects.count(),
        Review.objects.count(),
        Score.objects.count(),
        OnsiteSlot.objects.count(),
        AuditEntry.objects.count(),
    )


def test_panel_of_nine_with_a_chair():
    members = PanelMember.objects.filter(call__year=2020)
    assert members.count() == 9
    assert members.get(is_chair=True).expert.user.username == "expert1"
    assert Expert.objects.get(user__username="expert3").name == "张国华"


def test_materials_k3_submitted_for_every_accepted_application_without_conflicted_pairs():
    ranking = results.materials_ranking(Conflict.objects.filter(call__year=2020).first().call)
    assert len(ranking.rows) >= 60
    assert all(len(row.stage("materials").reviews) == 3 for row in ranking.rows)
    assert Review.objects.exclude(state=Review.State.SUBMITTED).count() == 0
    conflicts = Conflict.objects.filter(call__year=2020)
    assert sorted(set(conflicts.values_list("source", flat=True))) == ["declared", "detected", "staff"]
    for conflict in Conflict.objects.all():  # 2020's and the 2025 review's (the projects step)
        assert not Assignment.objects.filter(
            expert=conflict.expert, application__unit=conflict.unit, application__call=conflict.call
        ).exists()


def test_spread_lenient_harsh_and_disagreements():
    call = Conflict.objects.filter(call__year=2020).first().call
    ranking = results.ranking_of(call)
    lines = results.lines_of(call, ranking, call.quota)
    assert sum(line.high_disagreement for line in lines) >= 3
    finals = [row.final.value for row in ranking.rows]
    assert max(finals) - min(finals) > 20


def test_shortlist_has_onsite_scores_and_phase_is_decision():
    call = Conflict.objects.filter(call__year=2020).first().call
    assert call.review_settings.phase == ReviewPhase.DECIDED  # the announcement step goes on from the decision
    shortlisted = set(OnsiteSlot.objects.filter(session__call=call).values_list("application_id", flat=True))
    assert len(shortlisted) == call.review_settings.shortlist_size == 50
    onsite = set(
        Assignment.objects.filter(stage=Stage.ONSITE, application__call=call).values_list("application_id", flat=True)
    )
    assert onsite == shortlisted


def test_running_it_again_duplicates_nothing_and_gives_the_same_ranking():
    call = Conflict.objects.filter(call__year=2020).first().call
    before, order = counts(), results.ranking_of(call).order()
    report = dict((step.key, (r.created, r.updated, r.unchanged)) for step, r in load_demo(now=NOW))
    assert report["review"] == (0, 0, 1)
    assert counts() == before
    assert results.ranking_of(call).order() == order


def test_staff_pages_work_on_the_demo_review(client):
    from django.contrib.auth import get_user_model

    call = Conflict.objects.filter(call__year=2020).first().call
    client.force_login(get_user_model().objects.get(username="staff"))
    for path in ("ranking/", "selection/", "insight/", "insight/?stage=onsite", "export/ranking.xlsx"):
        assert client.get(f"/review/{call.year}/{path}").status_code == 200
    first = results.ranking_of(call).rows[0].application_id
    assert client.get(f"/review/{call.year}/ranking/{first}/").status_code == 200

"""save_review and reopen: parsing, range, stale tabs, locks, phases, conflicts, audit."""

from decimal import Decimal

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Review, ReviewPhase, Score
from psyboost.review.services import scoring
from tests import factories

from .scoring_helpers import scene, set_phase

pytestmark = pytest.mark.django_db


def save(s, review, points, comments=None, *, version=None, actor=None, submit=False, comment=""):
    return scoring.save_review(
        review,
        {s.site.pk: points[0], s.budget.pk: points[1]},
        comments or {},
        comment,
        review.version if version is None else version,
        actor or s.expert.user,
        submit=submit,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", Decimal("12.0")),
        (" 7.5 ", Decimal("7.5")),
        ("0", Decimal("0.0")),
        ("15", Decimal("15.0")),
        ("14，5", Decimal("14.5")),
        ("", None),
    ],
)
def test_parse_points_accepts(raw, expected):
    assert scoring.parse_points(raw, Decimal("15")) == (expected, "")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "非数字：请填写 0–15 之间的分数。"),
        ("NaN", "非数字：请填写 0–15 之间的分数。"),
        ("Infinity", "非数字：请填写 0–15 之间的分数。"),
        ("1e20", "超出范围：分数应在 0–15 之间。"),
        ("-1", "超出范围：分数应在 0–15 之间。"),
        ("15.5", "超出范围：分数应在 0–15 之间。"),
        ("12.3", "分数以 0.5 分为单位。"),
    ],
)
def test_parse_points_refuses(raw, message):
    assert scoring.parse_points(raw, Decimal("15")) == (None, message)


def test_draft_then_submit_stores_scores_and_audits_changes():
    s = scene()
    review = scoring.open_review(s.assignment)
    review = save(s, review, ("12", ""))
    assert (review.state, review.version) == ("draft", 2)
    assert list(review.scores.values_list("criterion__name", "points")) == [("场地与设施", Decimal("12.0"))]
    review = save(s, review, ("13.5", "8"), {s.budget.pk: "预算细致"}, submit=True, comment="总体良好")
    assert (review.state, review.version, review.comment) == ("submitted", 3, "总体良好")
    assert review.submitted_at is not None
    assert sorted(review.scores.values_list("points", "comment")) == [
        (Decimal("8.0"), "预算细致"),
        (Decimal("13.5"), ""),
    ]
    saved = AuditEntry.objects.filter(action="review.scores_saved").order_by("pk")
    assert [entry.data["changes"] for entry in saved] == [
        {"场地与设施": [None, "12.0"]},
        {"场地与设施": ["12.0", "13.5"], "经费预算合理性": [None, "8.0"]},
    ]
    assert AuditEntry.objects.get(action="review.submitted").data == {"total": "21.5"}


def test_invalid_figures_store_nothing_and_name_each_field():
    s = scene()
    review = scoring.open_review(s.assignment)
    with pytest.raises(scoring.ScoresInvalid) as invalid:
        save(s, review, ("abc", "11"))
    assert invalid.value.errors == {
        s.site.pk: "非数字：请填写 0–15 之间的分数。",
        s.budget.pk: "超出范围：分数应在 0–10 之间。",
    }
    review.refresh_from_db()
    assert (review.version, Score.objects.count(), AuditEntry.objects.count()) == (1, 0, 0)


def test_submit_requires_every_score_and_required_comments():
    s = scene()
    review = scoring.open_review(s.assignment)
    with pytest.raises(scoring.ScoresInvalid) as invalid:
        save(s, review, ("", "5"), submit=True)
    assert invalid.value.errors == {s.site.pk: "提交前请为每一项评分。", s.budget.pk: "必须填写评语。"}
    assert Review.objects.get().state == "draft"


def test_clearing_a_draft_score_deletes_it():
    s = scene()
    review = save(s, scoring.open_review(s.assignment), ("12", "4"))
    review = save(s, review, ("", "4"))
    assert list(review.scores.values_list("points", flat=True)) == [Decimal("4.0")]
    assert AuditEntry.objects.filter(action="review.scores_saved").order_by("pk").last().data["changes"] == {
        "场地与设施": ["12.0", None]
    }


def test_stale_tab_is_refused_and_nothing_stored():
    s = scene()
    review = scoring.open_review(s.assignment)
    save(s, review, ("12", "4"), version=1)
    with pytest.raises(scoring.ScoringRefused, match="已在其他页面"):
        save(s, review, ("1", "1"), version=1)
    assert sorted(Score.objects.values_list("points", flat=True)) == [Decimal("4.0"), Decimal("12.0")]


def test_second_submit_is_refused_and_nothing_stored_twice():
    s = scene()
    review = scoring.open_review(s.assignment)
    save(s, review, ("12", "4"), {s.budget.pk: "好"}, version=1, submit=True)
    with pytest.raises(scoring.ScoringRefused, match="已提交并锁定"):
        save(s, review, ("12", "4"), {s.budget.pk: "好"}, version=2, submit=True)
    assert AuditEntry.objects.filter(action="review.submitted").count() == 1
    assert Score.objects.count() == 2


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        (ReviewPhase.PREPARING, "该评审环节尚未开始，暂不能评分。"),
        (ReviewPhase.SHORTLIST, "该评审环节已结束，评分不能再修改。"),
        (ReviewPhase.ONSITE, "该评审环节已结束，评分不能再修改。"),
    ],
)
def test_save_refused_unless_stage_open(phase, message):
    s = scene()
    review = scoring.open_review(s.assignment)
    set_phase(s.call, phase)
    with pytest.raises(scoring.ScoringRefused) as refusal:
        save(s, review, ("12", "4"))
    assert str(refusal.value) == message
    assert Score.objects.count() == 0


def test_onsite_stage_scores_while_onsite_open():
    s = scene(phase=ReviewPhase.ONSITE, stage="onsite")
    review = save(s, scoring.open_review(s.assignment), ("12", "4"))
    assert review.scores.count() == 2


def test_conflicted_or_other_expert_refused():
    s = scene()
    review = scoring.open_review(s.assignment)
    other = factories.ExpertProfileFactory()
    with pytest.raises(scoring.ScoringRefused, match="这不是分配给您的评审任务"):
        save(s, review, ("12", "4"), actor=other.user)
    with pytest.raises(scoring.ScoringRefused, match="这不是分配给您的评审任务"):
        save(s, review, ("12", "4"), actor=factories.StaffFactory())
    factories.ConflictFactory(call=s.call, expert=s.expert, unit=s.application.unit)
    with pytest.raises(scoring.ScoringRefused, match="利益冲突"):
        save(s, review, ("12", "4"))
    assert Score.objects.count() == 0


def test_reopen_needs_reason_and_open_stage_and_is_logged():
    s = scene()
    staff = factories.StaffFactory()
    review = save(s, scoring.open_review(s.assignment), ("12", "4"), {s.budget.pk: "好"}, submit=True)
    with pytest.raises(scoring.ScoringRefused, match="须填写理由"):
        scoring.reopen(review, staff, "  ")
    review = scoring.reopen(review, staff, "评分笔误")
    assert (review.state, review.submitted_at, review.version) == ("draft", None, 3)
    entry = AuditEntry.objects.get(action="review.reopened")
    assert (entry.reason, entry.actor, entry.data) == ("评分笔误", staff, {"version": 3})
    with pytest.raises(scoring.ScoringRefused, match="尚未提交"):
        scoring.reopen(review, staff, "再次")
    review = save(s, review, ("14", "4"), {s.budget.pk: "好"}, submit=True)
    set_phase(s.call, ReviewPhase.SHORTLIST)
    with pytest.raises(scoring.ScoringRefused, match="未在进行中"):
        scoring.reopen(review, staff, "太晚")

"""The expert's list and scoring page, the panel's scores page, staff's progress and reopen."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Review, ReviewPhase, Score
from psyboost.review.services import scoring
from tests import factories

from .scoring_helpers import scene, set_phase

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def score_url(s):
    return reverse("review:score", args=[s.assignment.pk])


def form(s, site="12", budget="8", budget_comment="预算合理", version=1, **extra):
    return {
        f"points_{s.site.pk}": site,
        f"points_{s.budget.pk}": budget,
        f"comment_{s.budget.pk}": budget_comment,
        "comment": "总体良好",
        "version": str(version),
        **extra,
    }


def test_score_page_shows_application_rubric_and_guidance(client):
    s = scene(with_photos=True)
    client.force_login(s.expert.user)
    response = client.get(score_url(s))
    html = text(response)
    assert response.status_code == 200
    assert 'class="application-readonly"' in html
    assert "面积、功能分区" in html
    assert "满分 15" in html and "满分 10" in html
    assert reverse("applications:attachment_thumbnail", args=[s.application.attachments.first().pk]) in html
    assert "保存草稿" in html and "提交" in html
    assert Review.objects.get().version == 1


def test_draft_then_submit_through_the_page(client):
    s = scene()
    client.force_login(s.expert.user)
    client.get(score_url(s))
    response = client.post(score_url(s), form(s, budget="", save=""), follow=True)
    assert "草稿已保存。" in text(response)
    response = client.post(score_url(s), form(s, version=2, submit=""), follow=True)
    html = text(response)
    assert "评审意见已提交，谢谢！" in html
    assert "已提交（已锁定）" in html
    assert "保存草稿" not in html
    assert sorted(Score.objects.values_list("points", flat=True)) == [Decimal("8.0"), Decimal("12.0")]


@pytest.mark.parametrize(
    ("site", "message"),
    [
        ("abc", "非数字：请填写 0–15 之间的分数。"),
        ("NaN", "非数字：请填写 0–15 之间的分数。"),
        ("1e20", "超出范围：分数应在 0–15 之间。"),
        ("-3", "超出范围：分数应在 0–15 之间。"),
        ("16", "超出范围：分数应在 0–15 之间。"),
    ],
)
def test_bad_figure_is_shown_next_to_the_field_with_input_kept(client, site, message):
    s = scene()
    client.force_login(s.expert.user)
    client.get(score_url(s))
    response = client.post(score_url(s), form(s, site=site, submit=""))
    html = text(response)
    assert response.status_code == 200
    assert f'<ul class="errorlist" id="error_{s.site.pk}"><li>{message}</li></ul>' in html
    assert f'value="{site}"' in html
    assert "预算合理" in html
    assert Score.objects.count() == 0


def test_second_tab_gets_a_clear_message_and_keeps_its_input(client):
    s = scene()
    client.force_login(s.expert.user)
    client.get(score_url(s))
    client.post(score_url(s), form(s, submit=""))
    response = client.post(score_url(s), form(s, site="3", submit=""))
    html = text(response)
    assert "该评审意见已提交并锁定" in html
    assert 'value="3"' in html
    assert AuditEntry.objects.filter(action="review.submitted").count() == 1
    assert sorted(Score.objects.values_list("points", flat=True)) == [Decimal("8.0"), Decimal("12.0")]


def test_stale_draft_tab_is_refused(client):
    s = scene()
    client.force_login(s.expert.user)
    client.get(score_url(s))
    client.post(score_url(s), form(s, save=""))
    response = client.post(score_url(s), form(s, site="1", save=""))
    assert "已在其他页面（或窗口）保存过" in text(response)
    assert 'value="1"' in text(response)
    assert Score.objects.get(criterion=s.site).points == Decimal("12.0")


def test_after_close_page_is_read_only_and_post_refused(client):
    s = scene()
    client.force_login(s.expert.user)
    client.get(score_url(s))
    client.post(score_url(s), form(s, save=""))
    set_phase(s.call, ReviewPhase.SHORTLIST)
    response = client.get(score_url(s))
    assert "该评审环节未在进行中，只能查看" in text(response)
    assert "保存草稿" not in text(response)
    response = client.post(score_url(s), form(s, site="1", version=2, submit=""))
    assert "该评审环节已结束，评分不能再修改。" in text(response)
    assert Score.objects.get(criterion=s.site).points == Decimal("12.0")


def test_before_open_post_without_review_is_refused(client):
    s = scene(phase=ReviewPhase.PREPARING)
    client.force_login(s.expert.user)
    response = client.post(score_url(s), form(s, submit=""), follow=True)
    assert "该评审环节未在进行中，不能评分。" in text(response)
    assert Review.objects.count() == 0


def test_conflicted_and_unassigned_experts_get_404(client):
    s = scene()
    other = factories.ExpertProfileFactory()
    client.force_login(other.user)
    assert client.get(score_url(s)).status_code == 404
    assert client.post(score_url(s), form(s, submit="")).status_code == 404
    factories.ConflictFactory(call=s.call, expert=s.expert, unit=s.application.unit)
    client.force_login(s.expert.user)
    assert client.get(score_url(s)).status_code == 404
    assert client.post(score_url(s), form(s, submit="")).status_code == 404
    assert client.get(reverse("review:application_scores", args=[s.application.pk])).status_code == 404
    assert Score.objects.count() == 0


def test_my_assignments_groups_progress_and_hides_conflicts(client):
    s = scene()
    second = factories.AcceptedApplicationFactory(call=s.call, with_rows=False, with_photos=False)
    factories.AssignmentFactory(application=second, expert=s.expert)
    hidden = factories.AcceptedApplicationFactory(call=s.call, with_rows=False, with_photos=False)
    factories.AssignmentFactory(application=hidden, expert=s.expert)
    factories.ConflictFactory(call=s.call, expert=s.expert, unit=hidden.unit)
    review = scoring.open_review(s.assignment)
    scoring.save_review(
        review, {s.site.pk: "10", s.budget.pk: "5"}, {s.budget.pk: "好"}, "", 1, s.expert.user, submit=True
    )
    client.force_login(s.expert.user)
    html = text(client.get(reverse("review:my_assignments")))
    assert '<span class="num">1 / 2</span>' in html
    assert s.application.display_number in html and second.display_number in html
    assert hidden.display_number not in html
    assert "评分进行中" in html


def _many(n):
    s = scene()
    for _ in range(n):
        application = factories.AcceptedApplicationFactory(call=s.call, with_rows=False, with_photos=False)
        assignment = factories.AssignmentFactory(application=application, expert=s.expert)
        factories.ReviewFactory(assignment=assignment)
    return s


@pytest.mark.parametrize("n", [2, 12])
def test_my_assignments_query_count_is_fixed(client, django_assert_num_queries, n):
    s = _many(n)
    client.force_login(s.expert.user)
    with django_assert_num_queries(5):  # session, user, expert profile, assignments, notifications
        response = client.get(reverse("review:my_assignments"))
    assert f'<span class="num">0 / {n + 1}</span>' in text(response)


@pytest.mark.parametrize("n", [2, 12])
def test_progress_query_count_is_fixed(staff_client, django_assert_num_queries, n):
    s = _many(n)
    url = reverse("review:progress", args=[s.call.year])
    # session, user, call, revision (the page cache), settings, counts per expert, applications (count, page), their
    # assignments, revision (nothing changed while rendering), notifications
    with django_assert_num_queries(11):
        response = staff_client.get(url)
    assert f'<span class="num">0 / {n + 1}</span>' in text(response)
    # then the page as rendered: session, user, call, revision, notifications
    with django_assert_num_queries(5):
        assert f'<span class="num">0 / {n + 1}</span>' in text(staff_client.get(url))


def test_application_scores_follow_the_phase(client, staff_user):
    s = scene()
    review = scoring.open_review(s.assignment)
    scoring.save_review(
        review, {s.site.pk: "10", s.budget.pk: "5.5"}, {s.budget.pk: "好"}, "总评", 1, s.expert.user, submit=True
    )
    url = reverse("review:application_scores", args=[s.application.pk])
    colleague = factories.PanelMemberFactory(call=s.call).expert
    client.force_login(colleague.user)
    html = text(client.get(url))
    assert "该环节尚未结束" in html and "15.5" not in html
    staff_client = Client()
    staff_client.force_login(staff_user)
    staff_html = text(staff_client.get(url))
    assert "<strong>15.50</strong>" in staff_html and "王评审" in staff_html
    set_phase(s.call, ReviewPhase.SHORTLIST)
    html = text(client.get(url))
    assert "<strong>15.50</strong>" in html and ">5.50<" in html and "总评" in html
    outsider = factories.ExpertProfileFactory()
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404


def test_progress_and_reopen(staff_client):
    s = scene()
    review = scoring.open_review(s.assignment)
    scoring.save_review(
        review, {s.site.pk: "10", s.budget.pk: "5"}, {s.budget.pk: "好"}, "", 1, s.expert.user, submit=True
    )
    url = reverse("review:progress", args=[s.call.year])
    html = text(staff_client.get(url))
    assert '<td class="num">1 / 1</td>' in html
    assert reverse("review:reopen", args=[review.pk]) in html
    response = staff_client.post(reverse("review:reopen", args=[review.pk]), {"reason": ""}, follow=True)
    assert "退回评审意见须填写理由。" in text(response)
    response = staff_client.post(reverse("review:reopen", args=[review.pk]), {"reason": "笔误"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{url}?stage=materials"
    assert "已退回 王评审 的评审意见。" in text(response)
    assert Review.objects.get().state == "draft"


def test_onsite_assignment_uses_the_same_page_with_onsite_criteria(client):
    s = scene(phase=ReviewPhase.ONSITE, stage="onsite")
    factories.CriterionFactory(call=s.call, stage="materials", name="材料指标", max_points=Decimal("5"))
    client.force_login(s.expert.user)
    html = text(client.get(score_url(s)))
    assert "现场交流" in html and "场地与设施" in html and "材料指标" not in html
    response = client.post(score_url(s), form(s, submit=""), follow=True)
    assert "评审意见已提交，谢谢！" in text(response)


def test_staff_home_links_to_progress_and_onsite(staff_client):
    s = scene()
    html = text(staff_client.get(reverse("review:staff_home", args=[s.call.year])))
    assert reverse("review:progress", args=[s.call.year]) in html
    assert reverse("review:onsite", args=[s.call.year]) in html


def test_application_scores_mark_a_conflicted_experts_review_as_not_counted(staff_client):
    s = scene()
    review = scoring.open_review(s.assignment)
    scoring.save_review(
        review, {s.site.pk: "10", s.budget.pk: "5.5"}, {s.budget.pk: "好"}, "总评", 1, s.expert.user, submit=True
    )
    url = reverse("review:application_scores", args=[s.application.pk])
    assert "不计入" not in text(staff_client.get(url))
    factories.ConflictFactory(call=s.call, expert=s.expert, unit=s.application.unit)
    html = text(staff_client.get(url))
    assert '<tr class="muted"><th scope="row">王评审 <span class="badge">利益冲突，不计入</span></th>' in html


def test_score_page_shows_the_saved_total_and_carries_the_live_total(client):
    s = scene()
    client.force_login(s.expert.user)
    html = text(client.get(score_url(s)))
    assert 'data-max="15"' in html and 'data-max="10"' in html  # each input's maximum for the live total
    assert (
        'id="live-total"' in html and 'data-max="25.00"' in html and 'data-template="当前合计 {total} / {max}"' in html
    )
    assert "review-score-total.js" in html and "已保存得分合计" not in html
    client.post(score_url(s), form(s, site="12.5", budget="", save=""))
    html = text(client.get(score_url(s)))
    assert "已保存得分合计 12.50 / 25.00" in html  # after a save, without JavaScript

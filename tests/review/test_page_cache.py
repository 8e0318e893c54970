"""The review pages' cached content (``review.views.page_cache``) never shows stale results.

Each page is requested once (its content is then cached), one change is made through the project's own code path
(a service, or a model's ``save`` as the app does), and the same page asked again shows the new value, not the old
one: a changed score, a renamed unit, a renamed expert, a confirmed selection, a changed quota. The cached content
never carries another user's CSRF token nor another language's texts, and content rendered while a change was
committed is not kept.
"""

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from psyboost.calls import unit_history
from psyboost.review.models import Review, Stage
from psyboost.review.services import scoring, stored
from psyboost.review.services import selection as selection_service
from psyboost.review.views import page_cache
from tests import factories

from .results_helpers import small
from .test_long_tables import rows_of

pytestmark = pytest.mark.django_db

RANKING = "/review/2020/ranking/"
PROGRESS = "/review/2020/progress/?stage=materials"
SELECTION = "/review/2020/selection/"
INSIGHT = "/review/2020/insight/?stage=materials"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def ranking_table(client) -> str:
    """The ranking's table (cached), without the live part above it (the changes since the last look)."""
    html = page(client, RANKING)
    return html[html.index('<table class="ranking">') : html.index("</table>")]


def rendered(response) -> list[str]:
    """The templates rendered for the response (a page served from the cache renders no content template)."""
    return [template.name for template in response.templates]


def test_a_resubmitted_score_moves_the_ranking(client):
    """甲单位's on-site review (70) is returned and submitted again with 100: final 76.6667 × 0.6 + 100 × 0.4."""
    s = small(phase="onsite")
    client.force_login(s.staff)
    before = ranking_table(client)
    assert before.index("2020-002") < before.index("2020-001")
    assert "<strong>74.00</strong>" in before and "<strong>86.00</strong>" not in before
    review = Review.objects.get(assignment__application=s.a, assignment__stage=Stage.ONSITE)
    review = scoring.reopen(review, s.staff, "评分笔误")
    criterion = s.call.criteria.get(stage=Stage.ONSITE)
    scoring.save_review(review, {criterion.pk: "100"}, {}, "", review.version, s.experts[0].user, submit=True)
    after = ranking_table(client)
    assert after.index("2020-001") < after.index("2020-002") < after.index("2020-003")
    assert "<strong>86.00</strong>" in after and "<strong>74.00</strong>" not in after


@pytest.mark.parametrize("url", [RANKING, SELECTION, PROGRESS])
def test_a_renamed_unit_is_shown_by_the_next_page(client, url):
    s = small()
    client.force_login(s.staff)
    assert "<td>甲单位</td>" in page(client, url)
    unit_history.rename(s.a.unit, "北京朝阳职工之家", s.staff)
    html = page(client, url)
    assert "<td>北京朝阳职工之家</td>" in html
    assert "甲单位" not in html


@pytest.mark.parametrize("url", [PROGRESS, INSIGHT])
def test_a_renamed_expert_is_shown_by_the_next_page(client, url):
    s = small()
    client.force_login(s.staff)
    assert "甲专家" in page(client, url)
    expert = s.experts[0]
    expert.name = "庚专家"
    expert.save()
    html = page(client, url)
    assert "庚专家" in html
    assert "甲专家" not in html


def test_a_confirmed_departure_is_shown_by_the_next_selection_page(client):
    s = small()
    client.force_login(s.staff)
    rows = rows_of(page(client, SELECTION))
    assert f'id="sel-{s.a.pk}" checked>' in rows[1] and f'id="sel-{s.c.pk}">' in rows[3]
    reasons = {s.a.pk: "材料存在问题", s.c.pk: "现场考察后调整"}
    selection_service.confirm(s.call, {s.b.pk, s.c.pk}, reasons, actor=s.staff)
    rows = rows_of(page(client, SELECTION))
    assert '<tr class="override">' in rows[1] and f'id="sel-{s.a.pk}">' in rows[1]
    assert 'aria-label="调整理由">材料存在问题</textarea>' in rows[1]
    assert '<tr class="override">' in rows[3] and f'id="sel-{s.c.pk}" checked>' in rows[3]
    assert 'aria-label="调整理由">现场考察后调整</textarea>' in rows[3]


def test_a_changed_quota_moves_the_ranking_stats_and_quota_line(client):
    s = small()
    client.force_login(s.staff)
    before = page(client, RANKING)
    assert '<span class="num">2</span><span class="label">入选名额</span>' in before
    assert "—— 名额线：以上 2 个申报在名额以内 ——" in before and "40,000.00 元" in before
    s.call.quota = 1
    s.call.save()
    after = page(client, RANKING)
    assert '<span class="num">1</span><span class="label">入选名额</span>' in after
    assert "—— 名额线：以上 1 个申报在名额以内 ——" in after and "20,000.00 元" in after
    assert '<span class="num">2</span><span class="label">入选名额</span>' not in after
    assert "以上 2 个申报" not in after and "40,000.00 元" not in after
    table = after[after.index('<table class="ranking">') :]
    assert table.index("2020-002") < table.index('<tr class="quota-line">') < table.index("2020-001")


def selection_token(html: str) -> str:
    """The CSRF token of the selection form."""
    form = html[html.index(f'<form method="post" action="{SELECTION}"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_each_staff_member_posts_the_cached_selection_page_with_their_own_token():
    s = small()
    second = factories.StaffFactory(username="staff2")
    clients = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    tokens = []
    for client, user in zip(clients, (s.staff, second), strict=True):
        client.force_login(user)
        response = client.get(SELECTION)
        assert response.status_code == 200
        tokens.append(selection_token(response.content.decode()))
        if user == second:  # served from the cache: no content template rendered
            assert "review/results/_selection_content.html" not in rendered(response)
        else:
            assert "review/results/_selection_content.html" in rendered(response)
    for client, token in zip(clients, tokens, strict=True):
        data = {"csrfmiddlewaretoken": token, "selected": [str(s.b.pk), str(s.a.pk)]}
        response = client.post(reverse("review:selection", args=[2020]), data)
        assert response.status_code == 302  # confirmed (a refused token is 403)
        assert response["Location"] == SELECTION


def test_the_english_ranking_is_not_the_chinese_one_cached(client):
    s = small()
    client.force_login(s.staff)
    chinese = page(client, RANKING)
    assert '<span class="label">入选名额</span>' in chinese
    assert '<th scope="col">最终得分</th>' in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(client, RANKING)
    assert '<span class="label">Selection quota</span>' in english
    assert '<span class="label">Applications with scores</span>' in english
    assert '<th scope="col">Final score</th>' in english
    assert "入选名额" not in english and "最终得分" not in english


def test_content_rendered_while_a_change_was_committed_is_not_kept():
    s = small()
    request = RequestFactory().get(SELECTION)
    runs = []

    def build(label, change=False):
        def run():
            runs.append(label)
            if change:
                stored.bump(s.call.pk)  # a change committed while the page renders
            return {"label": label}

        return run

    def ask(run):
        return page_cache.content(request, s.call, "test", "review/_pages.html", run, keep=("label",))[1]

    assert ask(build("during a change", change=True)) == {"label": "during a change"}
    assert ask(build("after it")) == {"label": "after it"}  # the first was not kept: built anew
    assert ask(build("never built")) == {"label": "after it"}  # the second was kept
    assert runs == ["during a change", "after it"]

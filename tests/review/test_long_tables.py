"""The long tables of the review pages (selection, insight, assignments' list of applications): rendered in Python
from the stored result and plain values, a fixed number of queries at any size, never stale, escaped."""

import pytest
from django.urls import reverse

from psyboost.review.models import Score, Stage
from tests import factories

from .results_helpers import another_worker, small, submit
from .test_results_views import add_applications

pytestmark = pytest.mark.django_db


def staff(client, s):
    client.force_login(s.staff)
    return client


def rows_of(html: str) -> list[str]:
    body = html[html.index('<form method="post" action="/review/2020/selection/"') :]
    return body[body.index("<tbody>") : body.index("</tbody>")].split("</tr>")[:-1]


@pytest.mark.parametrize("extra", [0, 12])
def test_selection_page_query_count_is_fixed(client, django_assert_num_queries, extra):
    s = small()
    add_applications(s, extra)
    url = reverse("review:selection", args=[2020])
    assert staff(client, s).get(url).status_code == 200  # computes and stores the ranking
    another_worker()  # reads the stored ranking, renders the page
    # session, user, call, revision (the page cache), review settings, revision, stored ranking, selections,
    # decision, labels of the applications (one query for all), the panel's experts (the decision form's choices),
    # the decision guard's open items: accepted applications, their counted reviews, unchecked submissions;
    # revision (nothing changed while rendering), unread notices
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.content.decode().count('name="selected"') == 3 + extra
    # the same worker again: session, user, call, revision (the page as rendered), unread notices
    with django_assert_num_queries(5):
        again = client.get(url)
    assert again.content.decode().count('name="selected"') == 3 + extra


@pytest.mark.parametrize("extra", [0, 12])
def test_insight_page_query_count_is_fixed(client, django_assert_num_queries, extra):
    s = small()
    add_applications(s, extra)
    url = reverse("review:insight", args=[2020])
    assert staff(client, s).get(url).status_code == 200
    another_worker()
    # session, user, call, revision (the page cache), revision, stored figures, expert names, labels of the
    # applications, revision (nothing changed while rendering), unread notices
    with django_assert_num_queries(10):
        response = client.get(url)
    # the same worker again: session, user, call, revision (the page as rendered), unread notices
    with django_assert_num_queries(5):
        again = client.get(url)
    assert html_rows(again) == html_rows(response)
    assert html_rows(response) == 1 + 3 + extra  # the head's row and one per application


def html_rows(response) -> int:
    """The rows of the insight page's table of every application."""
    html = response.content.decode()
    table = html[html.index("全部申报") :]
    return table[: table.index("</tbody>")].count("<tr>")


def test_selection_rows_are_ranked_with_the_quota_line_links_and_ticks(client):
    s = small()
    rows = rows_of(staff(client, s).get(reverse("review:selection", args=[2020])).content.decode())
    assert len(rows) == 4  # three applications and the quota line after the second
    assert rows[0].startswith(
        f'<tbody><tr class=""><td><input type="checkbox" name="selected" value="{s.b.pk}" id="sel-{s.b.pk}" checked>'
    )
    assert (
        f'<a href="/review/2020/ranking/{s.b.pk}/">2020-002</a></td><td>乙单位</td><td class="num">82.00</td>'
        in (rows[0])
    )
    assert f'<textarea name="reason_{s.b.pk}" rows="1" aria-label="调整理由"></textarea>' in rows[0]
    assert f'id="sel-{s.a.pk}" checked>' in rows[1] and '<td class="num">2</td>' in rows[1]
    assert rows[2].strip() == '<tr class="quota-line"><td colspan="6">—— 名额线（2）——</td>'
    assert '<tr class="below-quota">' in rows[3] and f'id="sel-{s.c.pk}">' in rows[3]


def test_selection_rows_after_the_decision_phase_closed_are_read_only(client):
    s = small(phase="onsite")
    html = staff(client, s).get(reverse("review:selection", args=[2020])).content.decode()
    assert html.count(" disabled>") == 3
    assert "<textarea" not in html


def test_a_refused_selection_keeps_the_ticks_and_reasons_and_marks_the_rows(client):
    s = small()
    response = staff(client, s).post(
        reverse("review:selection", args=[2020]), {"selected": [str(s.c.pk)], f"reason_{s.c.pk}": "<b>补录</b>"}
    )
    assert response.status_code == 400
    rows = rows_of(response.content.decode())
    assert '<tr class="override">' in rows[0] and f'id="sel-{s.b.pk}">' in rows[0]
    assert 'aria-invalid="true"' in rows[0] and "排名在名额线以内却未入选，须填写理由。" in rows[0]
    assert f'id="sel-{s.c.pk}" checked>' in rows[3]
    assert "&lt;b&gt;补录&lt;/b&gt;</textarea>" in rows[3] and 'aria-invalid="true"' not in rows[3]


def test_a_changed_score_is_in_the_next_selection_and_insight_pages(client):
    s = small()
    staff(client, s)
    selection = reverse("review:selection", args=[2020])
    assert rows_of(client.get(selection).content.decode())[0].count("2020-002") == 1
    insight = client.get(reverse("review:insight", args=[2020])).content.decode()
    assert "<tr><td>2020-003</td><td>50.0000、60.0000</td>" in insight
    # 甲单位's on-site score from 70 to 100 (final 76.6667 × 0.6 + 100 × 0.4 = 86): it now leads the selection;
    # 丙单位's two counted materials reviews become full marks (it stays last: fewer stages)
    onsite = Score.objects.get(review__assignment__application=s.a, review__assignment__stage=Stage.ONSITE)
    onsite.points = 100
    onsite.save()
    for score in Score.objects.filter(
        review__assignment__application=s.c, review__assignment__stage=Stage.MATERIALS
    ).exclude(review__assignment__expert__in=s.experts[2:]):
        score.points = score.criterion.max_points
        score.save()
    rows = rows_of(client.get(selection).content.decode())
    assert f'value="{s.a.pk}" id="sel-{s.a.pk}" checked>' in rows[0] and '<td class="num">86.00</td>' in rows[0]
    assert f'value="{s.b.pk}" id="sel-{s.b.pk}" checked>' in rows[1] and '<td class="num">82.00</td>' in rows[1]
    assert '<tr class="below-quota">' in rows[3] and '<td class="num">100.00</td>' in rows[3]
    insight = client.get(reverse("review:insight", args=[2020])).content.decode()
    assert "<tr><td>2020-003</td><td>100.0000、100.0000</td>" in insight


def test_unit_names_are_escaped_in_every_long_table(client):
    s = small()
    s.c.unit.name = '<script>alert("x")</script>'
    s.c.unit.save()
    staff(client, s)
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    for name in ("selection", "assignments"):
        html = client.get(reverse(f"review:{name}", args=[2020]) + "?stage=materials").content.decode()
        assert "<script>alert" not in html and escaped in html


def test_the_assignment_form_lists_every_accepted_application(client):
    s = small(phase="materials")
    add_applications(s, 2)
    html = staff(client, s).get(reverse("review:assignments", args=[2020]) + "?stage=materials").content.decode()
    select = html[html.index('<select name="application"') : html.index("</select>")]
    assert select.count("<option") == 1 + 5
    assert f'<option value="{s.a.pk}">2020-001 甲单位</option>' in select


def test_a_new_review_is_in_the_next_insight_page(client):
    s = small()
    html = staff(client, s).get(reverse("review:insight", args=[2020])).content.decode()
    assert "<tr><td>2020-003</td><td>50.0000、60.0000</td>" in html
    criteria = list(s.call.criteria.filter(stage=Stage.MATERIALS))
    submit(s.c, factories.ExpertProfileFactory(name="戊专家"), Stage.MATERIALS, (10, 10), criteria)
    html = client.get(reverse("review:insight", args=[2020])).content.decode()
    assert "<tr><td>2020-003</td><td>50.0000、60.0000、20.0000</td>" in html


def test_the_assignment_table_shows_each_expert_with_state_and_remove_button(client):
    s = small(phase="materials")
    html = staff(client, s).get(reverse("review:assignments", args=[2020]) + "?stage=materials").content.decode()
    row = html[html.index('<td class="nowrap">2020-003</td>') :].split("</tr>")[0]
    items = row.split("<li>")[1:]
    assert [item.split()[0].split("<")[0] for item in items] == ["丁专家", "丙专家", "乙专家", "甲专家"]
    assert "已提交" not in items[0] and 'aria-label="移除丁专家"' in items[0]
    assert "利益冲突，已失效" in items[1] and "已提交" in items[1] and "移除" not in items[1]
    assert "已提交" in items[3] and "移除" not in items[3]


def test_the_progress_table_lists_each_application_with_its_experts_and_states(client):
    s = small(phase="materials")
    factories.AssignmentFactory(application=s.a, expert=s.experts[3])  # not started
    html = staff(client, s).get(reverse("review:progress", args=[2020]) + "?stage=materials").content.decode()
    first = html[html.index(f'<a href="/review/applications/{s.a.pk}/scores/">2020-001</a>') :].split("</tr>")[0]
    assert "<td>甲单位</td>" in first and '<td class="num">3 / 4</td>' in first
    assert '丁专家\n          <span class="badge state-new">未开始</span>' in first
    third = html[html.index("2020-003</a>") :].split("</tr>")[0]
    assert '丁专家\n          <span class="badge state-draft">草稿</span>' in third
    assert third.count("state-submitted") == 3 and 'action="/review/reviews/' in third

"""The ranking workbook is built once per results revision and export key, and never served out of date: a change of
a submitted or draft score, a conflict, the settings or a name gives a new workbook with the new values."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from psyboost.review.models import Review, Score, Stage, StoredResult
from psyboost.review.services import conflicts, exports, stored
from tests import factories

from .results_helpers import small, submit

pytestmark = pytest.mark.django_db


def workbook(client, s):
    response = client.get(reverse("review:export_ranking", args=[2020]))
    assert response.status_code == 200
    return response.content


def ranking_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content))["排名"]
    return [(row[0], row[1], row[2], row[-2]) for row in sheet.iter_rows(min_row=2, max_row=4, values_only=True)]


def expert_sheet(content: bytes, name: str) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    sheet = book[next(title for title in book.sheetnames if title.startswith(name))]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_workbook_is_stored_and_served_again_without_rebuilding(client, django_assert_num_queries):
    s = small()
    client.force_login(s.staff)
    first = workbook(client, s)
    assert StoredResult.objects.filter(call=s.call, name="export:ranking.xlsx").count() == 1
    stored.forget_memo()  # another worker: reads the stored workbook
    # session, user, call, the export key (draft scores, experts, applications, conflicts), revision, stored
    # workbook (a file: no menu, no notices)
    with django_assert_num_queries(9):
        again = workbook(client, s)
    assert again == first
    with django_assert_num_queries(8):  # the same process holds it: no stored row read
        assert workbook(client, s) == first


def test_a_changed_submitted_score_gives_a_new_workbook_with_the_new_ranking(client):
    s = small()
    client.force_login(s.staff)
    before = workbook(client, s)
    assert ranking_rows(before) == [
        (1, "2020-002", "乙单位", 82),
        (2, "2020-001", "甲单位", 74),
        (3, "2020-003", "丙单位", 55),
    ]
    onsite = Score.objects.get(review__assignment__application=s.a, review__assignment__stage=Stage.ONSITE)
    onsite.points = 100  # 甲单位: 76.6667 × 0.6 + 100 × 0.4 = 86
    onsite.save()
    after = workbook(client, s)
    assert ranking_rows(after) == [
        (1, "2020-001", "甲单位", 86),
        (2, "2020-002", "乙单位", 82),
        (3, "2020-003", "丙单位", 55),
    ]


def test_a_changed_draft_score_gives_a_new_workbook(client):
    s = small()
    client.force_login(s.staff)
    assert expert_sheet(workbook(client, s), "丁专家")[0][1:6] == ("2020-003", "丙单位", "草稿", 60, 40)
    draft = Score.objects.get(review__state=Review.State.DRAFT, criterion__name="场地与设施")
    draft.points = 12  # a draft's score moves nothing in the ranking (no new revision) but is in the workbook
    draft.save()
    assert expert_sheet(workbook(client, s), "丁专家")[0][1:6] == ("2020-003", "丙单位", "草稿", 12, 40)


def test_a_renamed_unit_and_a_new_conflict_give_a_new_workbook(client):
    s = small()
    client.force_login(s.staff)
    workbook(client, s)
    s.a.unit.name = "甲单位（更名）"
    s.a.unit.save()
    assert ranking_rows(workbook(client, s))[1] == (2, "2020-001", "甲单位（更名）", 74)
    conflicts.add(s.call, s.experts[1], s.b.unit, "own_unit", "staff", actor=s.staff)
    content = workbook(client, s)
    assert load_workbook(io.BytesIO(content))["利益冲突"]["A3"].value == "乙专家"
    assert ranking_rows(content)[0][1] == "2020-002"


def test_changed_settings_and_quota_give_a_new_workbook(client):
    s = small()
    client.force_login(s.staff)
    workbook(client, s)
    s.call.review_settings.method = "median"
    s.call.review_settings.save()
    rows = ranking_rows(workbook(client, s))
    # medians: 甲单位 80 → 80 × 0.6 + 70 × 0.4 = 76; 乙单位 80 → 86; 丙单位 (50, 60) → 55
    assert rows == [(1, "2020-002", "乙单位", 86), (2, "2020-001", "甲单位", 76), (3, "2020-003", "丙单位", 55)]
    s.call.quota = 1
    s.call.save()
    sheet = load_workbook(io.BytesIO(workbook(client, s)))["排名"]
    assert [row[-1] for row in sheet.iter_rows(min_row=2, max_row=4, values_only=True)] == ["是", "否", "否"]


def test_a_new_review_gives_a_new_workbook():
    s = small()
    first = exports.ranking_workbook(s.call)
    criteria = list(s.call.criteria.filter(stage=Stage.MATERIALS))
    submit(s.c, factories.ExpertProfileFactory(name="戊专家"), Stage.MATERIALS, (10, 10), criteria)
    second = exports.ranking_workbook(s.call)
    assert second != first
    assert expert_sheet(second, "戊专家")[0][1:6] == ("2020-003", "丙单位", "已提交", 10, 10)
    assert exports.ranking_workbook(s.call) is second  # held by this process until the next change

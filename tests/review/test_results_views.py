"""Results pages: ranking (pinned query count at two sizes), explanation, insight, exports, ``psyboost rank``."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from psyboost.review.models import Score, Stage
from tests import factories

from .results_helpers import small, submit

pytestmark = pytest.mark.django_db


def staff_client(client, s):
    client.force_login(s.staff)
    return client


def test_ranking_page_shows_table_quota_line_and_grant(client):
    s = small()
    response = staff_client(client, s).get(reverse("review:ranking", args=[2020]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "40,000.00 元" in html  # quota 2 × 20,000.00
    assert "名额线" in html
    assert html.index("2020-002") < html.index("2020-001") < html.index("2020-003")
    assert "分歧大" in html
    assert "82.00" in html and "82.0000" not in html and "参加环节更多者在前" in html


def add_applications(s, count):
    criteria = list(s.call.criteria.filter(stage=Stage.MATERIALS))
    for n in range(count):
        app = factories.AcceptedApplicationFactory(call=s.call, number=100 + n, with_rows=False, with_photos=False)
        for expert in s.experts[:3]:
            submit(app, expert, Stage.MATERIALS, (30 + n % 20, 20), criteria)


@pytest.mark.parametrize("extra", [0, 12])
def test_ranking_page_query_count_is_fixed(client, django_assert_num_queries, extra):
    s = small()
    add_applications(s, extra)
    staff_client(client, s)
    url = reverse("review:ranking", args=[2020])
    # The first request after a change computes and stores the ranking, then renders the table and keeps it:
    # session, user, call, revision, stored result (none), conflicts, scores, review settings, and the store
    # (savepoint, revision again, update, savepoint, insert, release, release); the staff member's last look (read;
    # none yet: savepoint, insert, release); the page cache: revision, review settings, revision (the ranking, held),
    # criteria (maxima), applications, revision (nothing changed while rendering); unread notices
    with django_assert_num_queries(26):
        assert client.get(url).status_code == 200
    # Every later one: session, user, call, revision (the ranking, held), the last look (read; not written: the
    # ranking did not change), revision (the page cache: the table as rendered), unread notices
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200


def test_explain_shows_every_step(client):
    s = small()
    response = staff_client(client, s).get(reverse("review:explain", args=[2020, s.a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "场地与设施：50.0 / 60.0" in html
    assert "76.6667 × 0.60 + 70.0000 × 0.40" in html and "÷ 1.00" in html
    assert "上一名：第 1 名 2020-002" in html and "区分依据：最终得分" in html
    c = staff_client(client, s).get(reverse("review:explain", args=[2020, s.c.pk])).content.decode()
    assert "丙专家" not in c  # the conflicted review is not part of the figure
    assert "区分依据：参加环节更多者在前" in c


def test_explain_of_other_call_is_404(client):
    s = small()
    other = factories.AcceptedApplicationFactory(
        call=factories.CallFactory(year=2021), with_rows=False, with_photos=False
    )
    assert staff_client(client, s).get(reverse("review:explain", args=[2020, other.pk])).status_code == 404


def test_explain_trimmed_mean_strikes_dropped(client):
    s = small()
    criteria = list(s.call.criteria.filter(stage=Stage.MATERIALS))
    app = factories.AcceptedApplicationFactory(call=s.call, number=9, with_rows=False, with_photos=False)
    for i, expert in enumerate(factories.ExpertProfileFactory.create_batch(5)):
        submit(app, expert, Stage.MATERIALS, (10 + 10 * i, 0), criteria)
    html = staff_client(client, s).get(reverse("review:explain", args=[2020, app.pk])).content.decode()
    assert "<s>10.0000</s>" in html and "<s>50.0000</s>" in html
    assert "材料审核：30.0000" in html


def test_insight_lists_high_disagreement_without_js(client):
    s = small()
    html = staff_client(client, s).get(reverse("review:insight", args=[2020])).content.decode()
    assert 'id="insight-data"' in html
    section = html[html.index("需要讨论") : html.index("各专家的评分分布")]
    assert "2020-002" in section and "2020-001" not in section
    assert "场地与设施" in html


def test_export_ranking_workbook(client):
    s = small()
    response = staff_client(client, s).get(reverse("review:export_ranking", args=[2020]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "排名" and book.sheetnames[-1] == "利益冲突"
    ranking = book["排名"]
    assert [cell.value for cell in ranking[2]] == [
        1,
        "2020-002",
        "乙单位",
        73.3333,
        3,
        73.3333,
        16.9967,
        95,
        1,
        95,
        0,
        82,
        "是",
    ]
    assert [cell.value for cell in ranking[4]][-3:] == [None, 55, "否"]
    assert len(book.sheetnames) == 2 + 4
    assert book["利益冲突"]["A2"].value == "丙专家"
    third = book[next(name for name in book.sheetnames if name.startswith("丙专家"))]
    assert [row[1:4] for row in third.iter_rows(min_row=2, values_only=True)] == [
        ("2020-001", "甲单位", "已提交"),
        ("2020-002", "乙单位", "已提交"),
        ("2020-003", "丙单位", "已提交（利益冲突，不计入）"),
    ]


def test_export_score_sheets_pdf(client):
    s = small()
    response = staff_client(client, s).get(reverse("review:export_score_sheets", args=[2020]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


EXPECTED = """\
  1\t2020-002\t乙单位\t材料审核 73.3333（3）\t现场交流 95.0000（1）\t最终 82.0000
  2\t2020-001\t甲单位\t材料审核 76.6667（3）\t现场交流 70.0000（1）\t最终 74.0000
---- 名额线 2 ----
  3\t2020-003\t丙单位\t材料审核 55.0000（2）\t现场交流 —\t最终 55.0000
名额 2，助推资金总额 40,000.00 元
"""


def test_rank_command_is_exact_and_stable():
    small()
    first, second = io.StringIO(), io.StringIO()
    call_command("rank", "2020", stdout=first)
    call_command("rank", "2020", stdout=second)
    assert first.getvalue() == EXPECTED
    assert second.getvalue() == first.getvalue()


def test_explain_with_normalisation_shows_z_scores(client):
    s = small()
    s.call.review_settings.normalise = True
    s.call.review_settings.save()
    html = staff_client(client, s).get(reverse("review:explain", args=[2020, s.a.pk])).content.decode()
    assert "标准化：z =" in html
    assert "专家平均分 / 标准差" in html


def test_insight_flags_an_expert_far_from_the_panel(client):
    s = small()
    criteria = list(s.call.criteria.filter(stage=Stage.MATERIALS))
    harsh = factories.ExpertProfileFactory(name="严格专家")
    for number in range(4):
        app = factories.AcceptedApplicationFactory(call=s.call, number=20 + number, with_rows=False, with_photos=False)
        submit(app, harsh, Stage.MATERIALS, (5, 5), criteria)
    html = staff_client(client, s).get(reverse("review:insight", args=[2020])).content.decode()
    row = html[html.index("<td>严格专家</td>") :].split("</tr>")[0]
    assert "偏离全体平均超过1个标准差" in row
    assert "偏离全体平均超过1个标准差" not in html[html.index("<td>甲专家</td>") :].split("</tr>")[0]


def test_signed_in_expert_and_unit_get_403(client):
    s = small()
    client.force_login(s.experts[0].user)
    assert client.get(reverse("review:ranking", args=[2020])).status_code == 403
    client.force_login(factories.UnitUserFactory())
    assert client.get(reverse("review:selection", args=[2020])).status_code == 403


def test_explain_of_an_application_without_counted_scores(client):
    s = small()
    app = factories.AcceptedApplicationFactory(call=s.call, number=30, with_rows=False, with_photos=False)
    response = staff_client(client, s).get(reverse("review:explain", args=[2020, app.pk]))
    assert response.status_code == 200
    assert "该申报还没有计入排名的评分" in response.content.decode()


def test_score_sheets_leave_out_conflicted_pairs():
    from psyboost.review.services.exports import score_sheets

    s = small()
    sheets = {
        sheet["expert"].name: [row["application"].number for row in sheet["rows"]]
        for sheet in score_sheets(s.call, "materials")
    }
    assert sheets == {"丁专家": [3], "丙专家": [1, 2], "乙专家": [1, 2, 3], "甲专家": [1, 2, 3]}
    assert [c.name for c in score_sheets(s.call, "materials")[0]["criteria"]] == ["场地与设施", "服务方案"]


def test_the_ranking_workbook_keeps_names_and_notes_as_text(client):
    s = small()
    payload = '=HYPERLINK("http://evil.example/x", "点击")'
    factories.UnitFactory._meta.model.objects.filter(name="甲单位").update(name=payload)
    conflict = s.call.conflicts.get()
    conflict.note = "+SUM(1,2)"
    conflict.save()
    response = staff_client(client, s).get(reverse("review:export_ranking", args=[2020]))
    book = load_workbook(io.BytesIO(response.content))
    names = [row[2] for row in book["排名"].iter_rows(min_row=2, max_row=4)]
    assert [(cell.value, cell.data_type) for cell in names if cell.value == payload] == [(payload, "s")]
    note = book["利益冲突"]["F2"]
    assert (note.value, note.data_type, note.quotePrefix) == ("+SUM(1,2)", "s", True)


def test_score_sheets_fill_the_total_once_every_criterion_has_points():
    from psyboost.review.services.exports import score_sheets

    s = small()
    Score.objects.filter(
        review__assignment__expert__name="乙专家", review__assignment__application=s.c
    ).first().delete()
    totals = {
        sheet["expert"].name: [row["total"] for row in sheet["rows"]] for sheet in score_sheets(s.call, "materials")
    }
    assert totals["甲专家"] == [Decimal("80.0"), Decimal("90.0"), Decimal("50.0")]
    assert totals["丁专家"] == [Decimal("100.0")]  # a draft's points count on the paper sheet
    assert totals["乙专家"] == [Decimal("80.0"), Decimal("50.0"), None]  # a criterion without points: no 总分


def test_insight_charts_carry_axis_titles_units_and_legends(client):
    s = small()
    html = staff_client(client, s).get(reverse("review:insight", args=[2020])).content.decode()
    start = html.index('id="insight-data"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert data["texts"]["total"] == "评审总分（分）"
    assert data["texts"]["sd"] == "专家总分标准差（分）"
    assert data["texts"]["share"] == "平均得分率（%）"
    assert data["threshold"] == "10.0000"
    assert [data["texts"][key] for key in ("review", "expertMean", "deviates")] == [
        "每份评审意见的总分",
        "专家平均分",
        "偏离全体平均超过1个标准差",
    ]

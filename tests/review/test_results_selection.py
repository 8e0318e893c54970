"""Selection and the panel's decision: preselection, overrides with reasons, refusals, the decided phase."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Decision, ReviewPhase, Selection
from psyboost.review.services import selection as service

from .results_helpers import small

pytestmark = pytest.mark.django_db


def test_page_preselects_top_quota(client):
    s = small()
    client.force_login(s.staff)
    html = client.get(reverse("review:selection", args=[2020])).content.decode()
    assert f'value="{s.b.pk}" id="sel-{s.b.pk}" checked' in html
    assert f'value="{s.a.pk}" id="sel-{s.a.pk}" checked' in html
    assert f'value="{s.c.pk}" id="sel-{s.c.pk}">' in html


def test_confirm_following_the_ranking_needs_no_reason():
    s = small()
    service.confirm(s.call, {s.a.pk, s.b.pk}, {}, actor=s.staff)
    rows = list(Selection.objects.order_by("rank").values_list("application_id", "rank", "selected", "overridden"))
    assert rows == [(s.b.pk, 1, True, False), (s.a.pk, 2, True, False), (s.c.pk, 3, False, False)]
    assert Selection.objects.get(application=s.b).final_score == Decimal("82.0000")
    assert AuditEntry.objects.filter(action="review.selection_confirmed").count() == 1


def test_override_without_reason_is_refused_and_keeps_input(client):
    s = small()
    client.force_login(s.staff)
    response = client.post(
        reverse("review:selection", args=[2020]),
        {"selected": [str(s.b.pk), str(s.c.pk)], f"reason_{s.c.pk}": "现场考察后确认服务覆盖面广"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "排名在名额线以内却未入选，须填写理由。" in html
    assert "现场考察后确认服务覆盖面广" in html
    assert not Selection.objects.exists()


def test_override_with_reasons_is_recorded():
    s = small()
    service.confirm(s.call, {s.b.pk, s.c.pk}, {s.a.pk: "材料存在问题", s.c.pk: "现场考察后调整"}, actor=s.staff)
    c = Selection.objects.get(application=s.c)
    a = Selection.objects.get(application=s.a)
    assert (c.selected, c.overridden, c.reason) == (True, True, "现场考察后调整")
    assert (a.selected, a.overridden, a.reason) == (False, True, "材料存在问题")
    entries = AuditEntry.objects.filter(action="review.selection_overridden").order_by("target_id")
    assert sorted(entry.reason for entry in entries) == ["材料存在问题", "现场考察后调整"]


def test_more_than_quota_is_refused():
    s = small()
    with pytest.raises(service.SelectionInvalid) as refused:
        service.confirm(s.call, {s.a.pk, s.b.pk, s.c.pk}, {s.c.pk: "理由"}, actor=s.staff)
    assert refused.value.errors == {None: "入选数量（3）超过名额（2）。"}


def test_selection_in_wrong_phase_is_refused(client):
    s = small(phase=ReviewPhase.ONSITE)
    with pytest.raises(service.SelectionRefused):
        service.confirm(s.call, {s.a.pk, s.b.pk}, {}, actor=s.staff)
    client.force_login(s.staff)
    response = client.post(reverse("review:selection", args=[2020]), {"selected": [str(s.a.pk)]}, follow=True)
    assert "只能在“现场交流已结束（评审决定）”阶段确定入选名单" in response.content.decode()
    assert not Selection.objects.exists()


def test_decision_records_and_moves_to_decided_then_refuses_twice(client):
    s = small()
    service.confirm(s.call, {s.a.pk, s.b.pk}, {}, actor=s.staff)
    client.force_login(s.staff)
    members = [str(expert.pk) for expert in s.experts[:3]]
    data = {"decided_on": "2020-10-15", "members": members, "minutes": "评审组一致同意。"}
    response = client.post(reverse("review:decision", args=[2020]), data)
    assert response.status_code == 302
    decision = Decision.objects.get(call=s.call)
    assert (decision.decided_on, decision.selected_count, decision.grant_total) == (
        date(2020, 10, 15),
        2,
        Decimal("40000.00"),
    )
    assert sorted(decision.members.values_list("name", flat=True)) == ["丙专家", "乙专家", "甲专家"]
    s.call.review_settings.refresh_from_db()
    assert s.call.review_settings.phase == ReviewPhase.DECIDED
    assert AuditEntry.objects.filter(action="review.decided").count() == 1
    again = client.post(reverse("review:decision", args=[2020]), data)
    assert again.status_code == 400
    assert Decision.objects.count() == 1
    with pytest.raises(service.SelectionRefused):
        service.confirm(s.call, {s.a.pk}, {s.b.pk: "x"}, actor=s.staff)


def test_decision_needs_a_confirmed_selection_and_members(client):
    s = small()
    client.force_login(s.staff)
    response = client.post(reverse("review:decision", args=[2020]), {"decided_on": "2020-10-15", "minutes": "纪要"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请至少选择一位出席的评审组成员。" in html and "纪要" in html
    with pytest.raises(service.SelectionRefused) as refused:
        service.decide(s.call, decided_on=date(2020, 10, 15), members=s.experts, minutes="", actor=s.staff)
    assert str(refused.value) == "请先确认入选名单，再记录评审决定。"


def test_page_before_the_decision_phase_is_read_only(client):
    s = small(phase=ReviewPhase.ONSITE)
    client.force_login(s.staff)
    html = client.get(reverse("review:selection", args=[2020])).content.decode()
    assert "现场交流结束（进入“评审决定”阶段）后才能确定入选名单" in html
    assert f'id="sel-{s.b.pk}" checked disabled' in html
    assert "确认入选名单</button>" not in html and "记录评审决定</button>" not in html


def test_page_counts_the_ticks_against_the_quota(client):
    s = small()
    client.force_login(s.staff)
    url = reverse("review:selection", args=[2020])
    html = client.get(url).content.decode()
    assert 'data-template="已选 {count}/{quota}"' in html and ">已选 2/2</output>" in html
    assert "review-selection.js" in html
    response = client.post(url, {"selected": [str(s.a.pk), str(s.b.pk), str(s.c.pk)]})
    assert response.status_code == 400
    assert ">已选 3/2（超过名额）</output>" in response.content.decode()


def test_page_shows_final_scores_with_two_decimals(client):
    s = small()
    client.force_login(s.staff)
    html = client.get(reverse("review:selection", args=[2020])).content.decode()
    assert '<td class="num">82.00</td>' in html and "82.0000" not in html


def test_decision_refused_while_applications_are_unscored_or_unchecked_unless_confirmed(client):
    from tests import factories

    s = small()
    service.confirm(s.call, {s.a.pk, s.b.pk}, {}, actor=s.staff)
    unscored = factories.AcceptedApplicationFactory(call=s.call, number=4, with_rows=False, with_photos=False)
    factories.AcceptedApplicationFactory(call=s.call, number=5, state="submitted", with_rows=False, with_photos=False)
    client.force_login(s.staff)
    html = client.get(reverse("review:selection", args=[2020])).content.decode()
    open_text = "1 个已受理的申报还没有计入的评分（2020-004）；1 个已提交的申报尚未形式审查"
    assert f"尚未完成：{open_text}。记录评审决定须填写确认理由。" in html
    data = {"decided_on": "2020-10-15", "members": [s.experts[0].pk], "minutes": "纪要"}
    response = client.post(reverse("review:decision", args=[2020]), data)
    assert response.status_code == 400
    assert f"{open_text}。如仍要记录评审决定，请填写确认理由。" in response.content.decode()
    assert not Decision.objects.exists()
    assert not AuditEntry.objects.filter(action="review.decided").exists()
    response = client.post(
        reverse("review:decision", args=[2020]), {**data, "confirm_reason": "该单位已书面放弃现场交流"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="review.decided")
    assert entry.reason == "该单位已书面放弃现场交流"
    assert (entry.data["unscored"], entry.data["unchecked"]) == ([unscored.display_number], 1)


def test_decision_with_nothing_open_needs_no_reason():
    s = small()
    service.confirm(s.call, {s.a.pk, s.b.pk}, {}, actor=s.staff)
    service.decide(s.call, decided_on=date(2020, 10, 15), members=s.experts, minutes="", actor=s.staff)
    entry = AuditEntry.objects.get(action="review.decided")
    assert (entry.reason, entry.data["unscored"], entry.data["unchecked"]) == ("", [], 0)


def test_a_row_error_keeps_list_semantics(client):
    s = small()
    client.force_login(s.staff)
    response = client.post(reverse("review:selection", args=[2020]), {"selected": [str(s.b.pk), str(s.c.pk)]})
    html = response.content.decode()
    assert '<div role="alert"><ul class="errorlist"><li>排名在名额线以内却未入选，须填写理由。</li></ul></div>' in html

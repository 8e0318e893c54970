"""Late conflict declarations: after submitting (or once the stage closed) a declaration waits for staff, the
ranking does not move until staff decide with a reason, and the ranking page shows what changed since the last look."""

import pytest
from django.urls import reverse

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Conflict, RankingLook
from psyboost.review.services import conflicts, results

from .results_helpers import small

pytestmark = pytest.mark.django_db


def order(call) -> list[str]:
    return [row_application.display_number for row_application in _applications(call)]


def _applications(call):
    from psyboost.applications.models import Application

    ranking = results.ranking_of(call)
    by_pk = Application.objects.in_bulk([row.application_id for row in ranking.rows])
    return [by_pk[row.application_id] for row in ranking.rows]


def declare(client, s, expert, unit):
    client.force_login(expert.user)
    return client.post(
        reverse("review:my_conflicts", args=[s.call.year]),
        {"unit": unit.pk, "kind": Conflict.Kind.COLLABORATION, "note": "去年合作"},
        follow=True,
    )


def test_a_declaration_after_submitting_waits_for_staff_and_moves_nothing(client):
    s = small()
    before = order(s.call)
    assert before == ["2020-002", "2020-001", "2020-003"]
    e1 = s.experts[0]  # submitted for B (90 points) and on-site

    page = declare(client, s, e1, s.b.unit).content.decode()

    conflict = Conflict.objects.get(expert=e1, unit=s.b.unit)
    assert (conflict.active, conflict.pending) == (False, True)
    assert "回避申报已提交工作人员决定，决定前评分不变。" in page
    assert "待工作人员决定" in page
    assert order(s.call) == before
    entry = AuditEntry.objects.get(action="review.conflict_declared_late")
    assert (entry.actor_id, entry.data["unit"]) == (e1.user.pk, s.b.unit.pk)
    assert not AuditEntry.objects.filter(action="review.conflict_added").exclude(data__source="staff").exists()


def test_staff_decide_with_a_reason_and_the_decision_is_recorded(client):
    s = small()
    conflict = conflicts.add(s.call, s.experts[0], s.b.unit, "collaboration", "declared", actor=s.experts[0].user)
    assert conflict.pending
    client.force_login(s.staff)
    url = reverse("review:conflicts", args=[s.call.year])

    assert "迟交的回避申报，待决定" in client.get(url).content.decode()
    refused = client.post(url, {"action": "accept", "conflict": conflict.pk, "reason": " "}, follow=True)
    assert "决定须填写理由。" in refused.content.decode()
    conflict.refresh_from_db()
    assert (conflict.active, conflict.pending) == (False, True)

    client.post(url, {"action": "accept", "conflict": conflict.pk, "reason": "核实属实：去年合作项目"})

    conflict.refresh_from_db()
    assert (conflict.active, conflict.pending) == (True, False)
    entry = AuditEntry.objects.get(action="review.conflict_accepted")
    assert (entry.actor_id, entry.reason) == (s.staff.pk, "核实属实：去年合作项目")
    assert order(s.call) == ["2020-001", "2020-002", "2020-003"]  # 甲's 90 for B no longer counts


def test_a_refused_declaration_stays_on_record_and_changes_nothing(client):
    s = small()
    conflict = conflicts.add(s.call, s.experts[0], s.b.unit, "collaboration", "declared", actor=s.experts[0].user)
    conflicts.decide(conflict, accept=False, actor=s.staff, reason="合作已于三年前结束")
    conflict.refresh_from_db()
    assert (conflict.active, conflict.pending, conflict.dismissed_reason) == (False, False, "合作已于三年前结束")
    assert order(s.call) == ["2020-002", "2020-001", "2020-003"]
    with pytest.raises(conflicts.ConflictRefused, match="该利益冲突已有决定。"):
        conflicts.decide(conflict, accept=True, actor=s.staff, reason="再议")


def test_the_ranking_page_shows_what_changed_since_the_last_look(client):
    s = small()
    client.force_login(s.staff)
    url = reverse("review:ranking", args=[s.call.year])
    assert "以来的变化" not in client.get(url).content.decode()  # first look: nothing to compare
    first = RankingLook.objects.get()
    assert "排名没有变化。" in client.get(url).content.decode()
    assert RankingLook.objects.get().looked_at == first.looked_at  # nothing changed: nothing written

    conflict = conflicts.add(s.call, s.experts[0], s.b.unit, "collaboration", "declared", actor=s.experts[0].user)
    conflicts.decide(conflict, accept=True, actor=s.staff, reason="核实属实")

    page = client.get(url).content.decode()
    section = page[page.index('id="ranking-changes"') : page.index("</section>", page.index('id="ranking-changes"'))]
    assert "2020-001 甲单位：第 2 名 → 第 1 名" in section
    assert "2020-002 乙单位：第 1 名 → 第 2 名" in section
    assert "越过名额线" not in section  # quota 2: both stay within
    changed = RankingLook.objects.get()
    assert changed.ranks == {str(s.a.pk): 1, str(s.b.pk): 2, str(s.c.pk): 3} and changed.looked_at >= first.looked_at
    assert "排名没有变化。" in client.get(url).content.decode()

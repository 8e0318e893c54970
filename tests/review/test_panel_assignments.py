"""Assignment: automatic (conflicts, balance, fixed, gaps, affinity), manual add/remove, and the staff page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Assignment, Expert, ReviewPhase, ReviewSettings, Stage
from psyboost.review.models.scoring import ReviewState
from psyboost.review.services import assignments
from tests import factories

pytestmark = pytest.mark.django_db


def build(call, applications=6, experts=4):
    apps = [factories.AcceptedApplicationFactory(call=call) for _ in range(applications)]
    members = [factories.PanelMemberFactory(call=call).expert for _ in range(experts)]
    return apps, members


def loads(call):
    counts = {}
    for expert_id in Assignment.objects.filter(application__call=call).values_list("expert_id", flat=True):
        counts[expert_id] = counts.get(expert_id, 0) + 1
    return counts


def test_automatic_gives_k_each_balanced_and_respects_conflicts(call, staff_user):
    apps, experts = build(call)
    factories.ConflictFactory(call=call, expert=experts[0], unit=apps[0].unit)
    result = assignments.assign_automatically(call, Stage.MATERIALS, actor=staff_user)
    assert (result.created, result.gaps, result.balanced) == (18, {}, True)
    assert not Assignment.objects.filter(expert=experts[0], application=apps[0]).exists()
    assert sorted(loads(call).values()) == [4, 4, 5, 5]
    entry = AuditEntry.objects.get(action="review.assigned_automatically")
    assert (entry.data["created"], entry.data["k"]) == (18, 3)


def test_automatic_keeps_manual_ones_and_only_fills_gaps(call, staff_user):
    apps, experts = build(call, applications=2, experts=3)
    assignments.add(call, apps[0], experts[2], Stage.MATERIALS, actor=staff_user)
    result = assignments.assign_automatically(call, Stage.MATERIALS, actor=staff_user)
    assert result.created == 5
    assert Assignment.objects.get(application=apps[0], expert=experts[2]).source == Assignment.Source.MANUAL
    assert assignments.assign_automatically(call, Stage.MATERIALS, actor=staff_user).created == 0


def test_gaps_reported_when_experts_are_too_few(call, staff_user):
    apps, _experts = build(call, applications=2, experts=2)
    result = assignments.assign_automatically(call, Stage.MATERIALS, actor=staff_user)
    assert result.gaps == {apps[0].pk: 1, apps[1].pk: 1}


def test_affinity_prefers_matching_expertise(call, staff_user):
    ReviewSettings.objects.create(call=call, reviewers_per_application=1)
    eap = factories.AcceptedApplicationFactory(call=call, plan="开展员工帮助计划（EAP）与心理讲座")
    group = factories.AcceptedApplicationFactory(call=call, plan="开展团体辅导与沙盘活动")
    eap_expert = factories.PanelMemberFactory(call=call, expert__expertise="EAP").expert
    group_expert = factories.PanelMemberFactory(call=call, expert__expertise="团体辅导").expert
    assignments.assign_automatically(call, Stage.MATERIALS, actor=staff_user)
    assert set(Assignment.objects.values_list("expert_id", "application_id")) == {
        (eap_expert.pk, eap.pk),
        (group_expert.pk, group.pk),
    }


def test_affinity_and_keywords():
    expert = Expert(expertise="团体辅导、EAP，危机干预")
    assert assignments.keywords(expert.expertise) == ["团体辅导", "eap", "危机干预"]
    assert assignments.affinity(expert, "员工帮助计划 团辅") == Decimal("0.67")
    assert assignments.affinity(Expert(expertise=""), "x") == Decimal("0")


def test_automatic_refused_without_panel_or_after_the_stage(call, staff_user):
    factories.AcceptedApplicationFactory(call=call)
    with pytest.raises(assignments.AssignmentRefused, match="还没有成员"):
        assignments.assign_automatically(call, Stage.MATERIALS, actor=staff_user)
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": ReviewPhase.SHORTLIST})
    with pytest.raises(assignments.AssignmentRefused, match="已结束"):
        assignments.assign_automatically(call, Stage.MATERIALS, actor=staff_user)


def test_manual_add_refusals(call, staff_user):
    apps, experts = build(call, applications=1, experts=1)
    application, expert = apps[0], experts[0]
    with pytest.raises(assignments.AssignmentRefused, match="不是本年度评审组成员"):
        assignments.add(call, application, factories.ExpertProfileFactory(), Stage.MATERIALS, actor=staff_user)
    draft = factories.ApplicationFactory(call=call)
    with pytest.raises(assignments.AssignmentRefused, match="不在本环节"):
        assignments.add(call, draft, expert, Stage.MATERIALS, actor=staff_user)
    with pytest.raises(assignments.AssignmentRefused, match="不在本环节"):
        assignments.add(call, application, expert, Stage.ONSITE, actor=staff_user)  # not shortlisted
    assignments.add(call, application, expert, Stage.MATERIALS, actor=staff_user)
    with pytest.raises(assignments.AssignmentRefused, match="已分配"):
        assignments.add(call, application, expert, Stage.MATERIALS, actor=staff_user)
    other = factories.PanelMemberFactory(call=call).expert
    factories.ConflictFactory(call=call, expert=other, unit=application.unit)
    with pytest.raises(assignments.AssignmentRefused, match="利益冲突"):
        assignments.add(call, application, other, Stage.MATERIALS, actor=staff_user)
    assert AuditEntry.objects.filter(action="review.assignment_added").count() == 1


def test_remove_refused_once_submitted(call, staff_user):
    apps, experts = build(call, applications=1, experts=1)
    assignment = assignments.add(call, apps[0], experts[0], Stage.MATERIALS, actor=staff_user)
    review = factories.ReviewFactory(
        assignment=assignment, state=ReviewState.SUBMITTED, submitted_at="2020-08-01T10:00:00+08:00"
    )
    with pytest.raises(assignments.AssignmentRefused, match="已提交评分"):
        assignments.remove(assignment, actor=staff_user)
    review.delete()
    assignment.refresh_from_db()
    assignments.remove(assignment, actor=staff_user, reason="调整")
    assert not Assignment.objects.exists()
    assert AuditEntry.objects.get(action="review.assignment_removed").reason == "调整"


# ---- the page -----------------------------------------------------------------------------------------------------


def page(client, call, query=""):
    return client.get(reverse("review:assignments", args=[call.year]) + query)


def test_page_shows_gaps_loads_and_conflict_flags(staff_client, call):
    apps, experts = build(call, applications=2, experts=2)
    factories.AssignmentFactory(application=apps[0], expert=experts[0])
    flagged = factories.ReviewFactory(
        assignment__application=apps[1],
        assignment__expert=experts[1],
        state=ReviewState.SUBMITTED,
        submitted_at="2020-08-01T10:00:00+08:00",
    )
    factories.ConflictFactory(call=call, expert=experts[1], unit=apps[1].unit)
    response = page(staff_client, call)
    assert response.status_code == 200
    assert response.context["gap_count"] == 2
    assert response.context["missing"] == 5
    assert response.context["flagged"] == 1
    assert [load for _, load in response.context["experts"]] == [1, 0]
    html = response.content.decode()
    assert "利益冲突，已失效" in html
    assert html.count('class="gap"') == 2
    only = page(staff_client, call, "?gaps=1")
    assert len(only.context["table"]) == 2
    assert flagged.assignment.pk


@pytest.mark.parametrize(("applications", "experts"), [(3, 2), (30, 12)])
def test_page_queries_do_not_grow(staff_client, call, django_assert_num_queries, applications, experts):
    apps, members = build(call, applications, experts)
    ReviewSettings.objects.create(call=call)
    for application in apps:
        factories.AssignmentFactory(application=application, expert=members[0])
    factories.ConflictFactory(call=call, expert=members[1], unit=apps[0].unit)
    # 8 of the page (the assignments counted from light rows, then loaded for the shown page), 2 of the page cache
    # (the revision before and after rendering), 3 of the shell (session, user, notice badge)
    with django_assert_num_queries(13):
        response = page(staff_client, call)
    assert response.status_code == 200
    # then the page as rendered: the call, the revision, and the shell
    with django_assert_num_queries(5):
        again = page(staff_client, call)
    assert again.content.decode().count("<tr") == response.content.decode().count("<tr")


def test_page_posts(staff_client, call):
    _apps, _experts = build(call, applications=2, experts=3)
    url = reverse("review:assignments", args=[call.year])
    response = staff_client.post(url, {"action": "auto", "stage": "materials"}, follow=True)
    assert "自动分配完成：新增 6 条分配。" in response.content.decode()
    assignment = Assignment.objects.first()
    response = staff_client.post(
        url, {"action": "remove", "stage": "materials", "assignment": assignment.pk}, follow=True
    )
    assert Assignment.objects.count() == 5
    response = staff_client.post(
        url,
        {
            "action": "add",
            "stage": "materials",
            "application": assignment.application_id,
            "expert": assignment.expert_id,
        },
        follow=True,
    )
    assert Assignment.objects.count() == 6
    for data, message in [
        ({"action": "add", "application": "x"}, "请选择申报和专家。"),
        ({"action": "add", "application": 999, "expert": 999}, "请选择列表中的申报和专家。"),
        ({"action": "add", "application": assignment.application_id, "expert": assignment.expert_id}, "已分配"),
        ({"action": "remove", "assignment": "abc"}, "该分配不存在"),
        ({"action": "dance"}, "未知的操作。"),
    ]:
        response = staff_client.post(url, data, follow=True)
        assert message in response.content.decode()
    assert Assignment.objects.count() == 6


def test_the_table_shows_a_hundred_applications_a_page_and_counts_all(staff_client, call):
    ReviewSettings.objects.create(call=call)
    apps = [factories.AcceptedApplicationFactory(call=call, with_rows=False, with_photos=False) for _ in range(103)]
    expert = factories.PanelMemberFactory(call=call).expert
    for application in apps:
        factories.AssignmentFactory(application=application, expert=expert)

    first = page(staff_client, call)
    second = page(staff_client, call, "?stage=materials&page=2")

    assert len(first.context["table"]) == 100 and len(second.context["table"]) == 3
    assert [len(row["assigned"]) for row in second.context["table"]] == [1, 1, 1]
    assert first.context["gap_count"] == second.context["gap_count"] == 103
    assert first.context["total"] == 103
    assert "第 2 / 2 页" in second.content.decode()
    assert 'href="?stage=materials&amp;page=1"' in second.content.decode()

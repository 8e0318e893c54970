"""The on-site exchange: sessions, slots from the shortlist, assignments from sessions (conflicts skipped), the
unit's slot page and staff's plan page."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from psyboost.audit.models import AuditEntry
from psyboost.review.models import Assignment, OnsiteSession, OnsiteSlot, ReviewPhase, ReviewSettings
from psyboost.review.services import onsite
from tests import factories

pytestmark = pytest.mark.django_db

AT = datetime(2020, 9, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(call, staff_user):
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": ReviewPhase.SHORTLIST, "shortlist_size": 2})
    experts = [factories.PanelMemberFactory(call=call).expert for _ in range(2)]
    applications = [
        factories.AcceptedApplicationFactory(call=call, with_rows=False, with_photos=False) for _ in range(3)
    ]
    scored(call, applications, ["9", "15", "12"])
    applications = [applications[1], applications[2], applications[0]]  # best first
    return call, experts, applications, staff_user


def scored(call, applications, points):
    """One submitted materials review per application, by a grader outside the sessions."""
    criterion = factories.CriterionFactory(call=call, name="材料", max_points=Decimal("15"))
    grader = factories.ExpertProfileFactory()
    for application, value in zip(applications, points, strict=True):
        assignment = factories.AssignmentFactory(application=application, expert=grader)
        review = factories.ReviewFactory(assignment=assignment, state="submitted", submitted_at=AT)
        factories.ScoreFactory(review=review, criterion=criterion, points=Decimal(value))


def test_shortlist_is_the_top_of_the_materials_ranking(plan):
    call, _experts, applications, _staff = plan
    assert onsite.shortlist(call) == applications[:2]


def test_session_slot_and_assignments_skip_conflicts(plan):
    call, experts, applications, staff = plan
    session = onsite.create_session(
        call, title="第一场", starts_at=AT, place="职工服务中心301", experts=experts, actor=staff
    )
    onsite.add_slot(session, applications[0], starts_at=AT, minutes=20, actor=staff)
    onsite.add_slot(session, applications[1], starts_at=AT, minutes=20, actor=staff)
    with pytest.raises(onsite.OnsiteRefused, match="已安排了现场交流时间"):
        onsite.add_slot(session, applications[0], starts_at=AT, actor=staff)
    with pytest.raises(onsite.OnsiteRefused, match="不在入围名单中"):
        onsite.add_slot(session, applications[2], starts_at=AT, actor=staff)
    factories.ConflictFactory(call=call, expert=experts[0], unit=applications[1].unit)
    result = onsite.assign_from_sessions(call, staff)
    assert len(result.created) == 3
    assert result.skipped == [(experts[0], applications[1])]
    assert sorted(Assignment.objects.filter(stage="onsite").values_list("expert_id", "application_id")) == sorted(
        [(experts[0].pk, applications[0].pk), (experts[1].pk, applications[0].pk), (experts[1].pk, applications[1].pk)]
    )
    again = onsite.assign_from_sessions(call, staff)
    assert (len(again.created), Assignment.objects.filter(stage="onsite").count()) == (0, 3)
    audit = AuditEntry.objects.filter(action="review.onsite_assignments_created").order_by("pk")
    skipped = [[experts[0].pk, applications[1].pk]]
    assert [entry.data for entry in audit] == [{"created": 3, "skipped": skipped}, {"created": 0, "skipped": skipped}]
    assert OnsiteSlot.objects.count() == 2


def test_plan_frozen_after_onsite_ends(plan):
    call, experts, _applications, staff = plan
    ReviewSettings.objects.filter(call=call).update(phase=ReviewPhase.DECISION)
    with pytest.raises(onsite.OnsiteRefused, match="现场交流已结束"):
        onsite.create_session(call, title="晚了", starts_at=AT, place="某处", experts=experts, actor=staff)


def test_staff_page_creates_session_and_slot_and_keeps_bad_input(plan, staff_client):
    call, experts, applications, _staff = plan
    url = reverse("review:onsite", args=[call.year])
    data = {"action": "session", "title": "第一场", "starts_at": "明天上午", "place": "301", "experts": [experts[0].pk]}
    response = staff_client.post(url, data)
    assert "请填写有效的日期和时间" in text(response) and 'value="第一场"' in text(response)
    data["starts_at"] = "2020-09-01T09:30"
    response = staff_client.post(url, data, follow=True)
    assert "现场交流场次已创建。" in text(response)
    session = OnsiteSession.objects.get()
    assert list(session.experts.all()) == [experts[0]]
    slot = {"action": "slot", "session": session.pk, "application": applications[0].pk, "starts_at": "2020-09-01T10:00"}
    response = staff_client.post(url, {**slot, "minutes": "30"}, follow=True)
    assert f"已安排 {applications[0]}。" in text(response)
    response = staff_client.post(url, {**slot, "application": applications[2].pk, "minutes": "30"})
    assert "选择一个有效的选项" in text(response)
    factories.ConflictFactory(call=call, expert=experts[0], unit=applications[0].unit)
    response = staff_client.post(url, {"action": "assign"})
    html = text(response)
    assert "已生成 0 项现场交流评审分配。" in html
    assert "因利益冲突回避" in html and experts[0].name in html
    response = staff_client.post(url, {"action": "remove_slot", "slot": OnsiteSlot.objects.get().pk}, follow=True)
    assert "已取消该安排。" in text(response) and OnsiteSlot.objects.count() == 0


def test_unit_sees_its_slot_only_once_onsite(plan, client):
    call, experts, applications, staff = plan
    session = onsite.create_session(
        call, title="第一场", starts_at=AT, place="职工服务中心301", experts=experts, actor=staff
    )
    onsite.add_slot(session, applications[0], starts_at=AT, minutes=25, actor=staff)
    user = factories.UnitUserFactory(unit=applications[0].unit)
    client.force_login(user)
    url = reverse("review:my_slot", args=[call.year])
    assert "职工服务中心301" not in text(client.get(url))
    ReviewSettings.objects.filter(call=call).update(phase=ReviewPhase.ONSITE)
    html = text(client.get(url))
    assert "职工服务中心301" in html and "09:30" in html and "约 25 分钟" in html
    assert "得分" not in html and "评分" not in html
    other = factories.UnitUserFactory(unit=applications[1].unit)
    client.force_login(other)
    assert "目前没有贵单位的现场交流安排" in text(client.get(url))


@pytest.mark.parametrize("n", [2, 8])
def test_plan_page_query_count_is_fixed(staff_client, django_assert_num_queries, n):
    call = factories.CallFactory()
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": ReviewPhase.SHORTLIST})
    experts = [factories.PanelMemberFactory(call=call).expert for _ in range(2)]
    applications = [
        factories.AcceptedApplicationFactory(call=call, with_rows=False, with_photos=False) for _ in range(n)
    ]
    scored(call, applications, [str(i) for i in range(n)])
    session = onsite.create_session(call, title="第一场", starts_at=AT, place="301", experts=experts, actor=None)
    for application in applications:
        onsite.add_slot(session, application, starts_at=AT, actor=None)
    with django_assert_num_queries(19):  # the materials ranking of the shortlist is stored: one query for its revision
        response = staff_client.get(reverse("review:onsite", args=[call.year]))
    assert text(response).count("取消安排") == n

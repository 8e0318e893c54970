"""What the review tells people: the expert of a reopened review (with the reason, in-app and e-mail), and the unit
of an on-site slot (when given during the on-site exchange, or when the review enters it)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from psyboost.notifications.models import Notice
from psyboost.review.models import ReviewPhase, ReviewSettings
from psyboost.review.services import onsite, phases, scoring
from tests import factories

from .scoring_helpers import scene
from .test_onsite import plan, scored  # noqa: F401  (the plan fixture)

pytestmark = pytest.mark.django_db

AT = datetime(2020, 9, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def submitted(s):
    review = scoring.open_review(s.assignment)
    return scoring.save_review(
        review, {s.site.pk: "12", s.budget.pk: "4"}, {s.budget.pk: "好"}, "", 1, s.expert.user, submit=True
    )


def test_reopen_tells_the_expert_with_the_reason(django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to(AT, tick=False)
    s = scene()
    s.expert.user.email = "judge@example.org"
    s.expert.user.save()
    review = submitted(s)
    with django_capture_on_commit_callbacks(execute=True):
        review = scoring.reopen(review, factories.StaffFactory(), "第二项分数笔误")
    assert review.reopen_reason == "第二项分数笔误"
    notice = Notice.objects.get(event="review_reopened")
    number = s.application.display_number
    assert notice.recipient == s.expert.user
    assert notice.title == f"评审意见被退回：{number}"
    assert notice.body == (
        f"您对{s.application.unit.name}申报（编号 {number}，材料审核）提交的评审意见已于2020年9月1日 09:30"
        "被工作人员退回修改。理由：第二项分数笔误"
    )
    assert notice.link == reverse("review:score", args=[s.assignment.pk])
    assert [message.to for message in mail.outbox] == [["judge@example.org"]]
    assert "第二项分数笔误" in mail.outbox[0].body


def test_refused_reopen_tells_nobody(django_capture_on_commit_callbacks):
    s = scene()
    review = scoring.open_review(s.assignment)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(scoring.ScoringRefused):
        scoring.reopen(review, factories.StaffFactory(), "理由")
    assert Notice.objects.filter(event="review_reopened").count() == 0


def test_scoring_page_shows_the_reason_until_resubmitted(client):
    s = scene()
    review = scoring.reopen(submitted(s), factories.StaffFactory(), "第二项分数笔误")
    client.force_login(s.expert.user)
    html = client.get(reverse("review:score", args=[s.assignment.pk])).content.decode()
    assert "工作人员已退回本评审意见，请修改后重新提交。" in html and "第二项分数笔误" in html
    scoring.save_review(
        review, {s.site.pk: "12", s.budget.pk: "5"}, {s.budget.pk: "好"}, "", review.version, s.expert.user, submit=True
    )
    html = client.get(reverse("review:score", args=[s.assignment.pk])).content.decode()
    assert "第二项分数笔误" not in html


def test_slot_given_during_the_onsite_exchange_tells_the_unit(plan, django_capture_on_commit_callbacks):  # noqa: F811
    call, experts, applications, staff = plan
    early = factories.UnitUserFactory(unit=applications[0].unit)
    unit_user = factories.UnitUserFactory(unit=applications[1].unit)
    session = onsite.create_session(
        call, title="第一场", starts_at=AT, place="职工服务中心301", experts=experts, actor=staff
    )
    with django_capture_on_commit_callbacks(execute=True):
        onsite.add_slot(session, applications[0], starts_at=AT, minutes=25, actor=staff)
    assert Notice.objects.filter(event="onsite_slot").count() == 0  # before the on-site exchange: not yet
    ReviewSettings.objects.filter(call=call).update(phase=ReviewPhase.ONSITE)
    with django_capture_on_commit_callbacks(execute=True):
        onsite.add_slot(session, applications[1], starts_at=AT, minutes=20, actor=staff)
    notice = Notice.objects.get(event="onsite_slot")
    assert notice.recipient == unit_user
    unit, number = applications[1].unit.name, applications[1].display_number
    assert notice.body == (
        f"{unit}的申报（编号 {number}）已安排现场交流：2020年9月1日 09:30，"
        "约 20 分钟，地点：职工服务中心301（第一场）。"
    )
    assert notice.link == reverse("review:my_slot", args=[call.year])
    assert early.notices.count() == 0


def test_entering_the_onsite_exchange_tells_every_slotted_unit(plan, django_capture_on_commit_callbacks):  # noqa: F811
    call, experts, applications, staff = plan
    users = [factories.UnitUserFactory(unit=application.unit) for application in applications[:2]]
    session = onsite.create_session(call, title="第一场", starts_at=AT, place="301", experts=experts, actor=staff)
    for application in applications[:2]:
        onsite.add_slot(session, application, starts_at=AT, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        phases.on_enter(call, ReviewPhase.ONSITE, staff)
    assert sorted(Notice.objects.filter(event="onsite_slot").values_list("recipient_id", flat=True)) == sorted(
        user.pk for user in users
    )


def test_my_applications_links_an_accepted_application_to_its_slot(client):
    application = factories.AcceptedApplicationFactory(with_rows=False, with_photos=False)
    client.force_login(factories.UnitUserFactory(unit=application.unit))
    html = client.get(reverse("applications:mine")).content.decode()
    assert reverse("review:my_slot", args=[application.call.year]) in html and "现场交流安排" in html

"""递补 after a listed unit gives up (放弃): the announcement step proposes the next one of the ranking to staff (an
in-app notice and a workbench to-do), staff confirm it on a plain page, all audited; after the confirmation of the
results the replacement becomes 已入选 and gets its project."""

import pytest
from django.urls import reverse

from psyboost.announcement.models import Amendment
from psyboost.announcement.services import confirmation, replacement
from psyboost.announcement.services.publishing import Invalid, current_selection
from psyboost.announcement.todos import announcement_todos
from psyboost.applications import withdrawal
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from psyboost.notifications.models import Notice
from psyboost.projects.models import Project
from tests import factories

from .helpers import at, decided_call, published, ranked

pytestmark = pytest.mark.django_db
LABEL = "2020年：入选项目放弃，待确认递补"


@pytest.fixture
def staff():
    return factories.StaffFactory(username="handler")


@pytest.fixture
def call(staff):
    call = decided_call()
    published(call, staff)
    return call


def give_up(application, callbacks, reason="场地改建，无法实施"):
    user = factories.UnitUserFactory(unit=application.unit)
    with callbacks(execute=True):
        withdrawal.give_up(application, user, reason)
    application.refresh_from_db()
    return application


def test_giving_up_during_the_announcement_proposes_the_next_one(call, staff, django_capture_on_commit_callbacks):
    gone = give_up(ranked(call, 2), django_capture_on_commit_callbacks)
    notice = Notice.objects.get(recipient=staff, event="staff_replacement")
    assert notice.title == "入选项目放弃，请确认递补：2020-002"
    assert notice.body == (
        "单位02放弃了入选的申报（编号 2020-002）。理由：场地改建，无法实施。按排名建议递补：“单位05”（编号 2020-005）。"
        "请确认递补。"
    )
    assert notice.link == reverse("announcement:replacement", args=[gone.pk])
    entry = AuditEntry.objects.get(action="announcement.replacement_proposed")
    assert (entry.reason, entry.data) == ("场地改建，无法实施", {"proposed": ranked(call, 5).pk})
    todo = next(todo for todo in announcement_todos(at(2020, 10, 1)) if todo.label == LABEL)
    assert (todo.count, todo.url) == (1, reverse("announcement:replacement", args=[gone.pk]))

    amendment = replacement.confirm(gone, replacement=ranked(call, 5), actor=staff, now=at(2020, 10, 1, 10))
    assert (amendment.cause, amendment.replacement, amendment.statement) == (
        "withdrawal",
        ranked(call, 5),
        "申报单位主动放弃",
    )
    assert [a.unit.name for a in current_selection(call)] == ["单位01", "单位03", "单位04", "单位05"]
    assert AuditEntry.objects.get(action="announcement.replacement_confirmed").data["replacement"] == ranked(call, 5).pk
    assert ranked(call, 5).state == State.ACCEPTED  # the results are confirmed later, for all at once
    assert [todo for todo in announcement_todos(at(2020, 10, 1)) if todo.label == LABEL] == []


def test_an_application_not_on_the_list_proposes_nothing(call, django_capture_on_commit_callbacks):
    give_up(ranked(call, 6), django_capture_on_commit_callbacks)
    assert not Notice.objects.filter(event="staff_replacement").exists()
    assert not AuditEntry.objects.filter(action="announcement.replacement_proposed").exists()
    assert replacement.waiting(call).count() == 0


def test_another_choice_needs_a_reason(call, staff, django_capture_on_commit_callbacks):
    gone = give_up(ranked(call, 1), django_capture_on_commit_callbacks)
    with pytest.raises(Invalid) as invalid:
        replacement.confirm(gone, replacement=ranked(call, 6), actor=staff)
    assert invalid.value.errors == {"replacement_reason": "未按排名递补“单位05”，须填写理由。"}
    assert not Amendment.objects.exists()


def test_after_the_confirmation_the_replacement_is_selected_and_gets_its_project(
    call, staff, django_capture_on_commit_callbacks
):
    confirmation.confirm(call, actor=staff, now=at(2020, 10, 12, 9))
    gone = give_up(ranked(call, 3), django_capture_on_commit_callbacks)  # 已入选 → 已放弃: selection_given_up
    assert gone.state == State.GIVEN_UP
    assert Notice.objects.filter(recipient=staff, event="staff_replacement").count() == 1
    proposed = ranked(call, 5)
    assert proposed.state == State.NOT_SELECTED
    replacement.confirm(gone, replacement=proposed, actor=staff, now=at(2020, 10, 20, 10))
    proposed.refresh_from_db()
    assert proposed.state == State.SELECTED
    step = proposed.transitions.get(to_state=State.SELECTED)
    assert step.reason == "递补放弃入选的“单位03”（编号 2020-003）"
    assert Project.objects.filter(application=proposed).exists()


def test_staff_confirm_on_the_page_without_javascript(call, staff, client, django_capture_on_commit_callbacks):
    gone = give_up(ranked(call, 2), django_capture_on_commit_callbacks)
    client.force_login(staff)
    url = reverse("announcement:replacement", args=[gone.pk])
    html = client.get(url).content.decode()
    assert "按排名应递补：2020-005 单位05" in html and "场地改建，无法实施" in html
    response = client.post(url, {"replacement": str(ranked(call, 6).pk), "replacement_reason": ""})
    assert response.status_code == 400
    assert "未按排名递补“单位05”，须填写理由。" in response.content.decode()
    response = client.post(url, {"replacement": str(ranked(call, 5).pk)})
    assert response.status_code == 302
    assert "已确认由“单位05”（编号 2020-005）递补。" in client.get(url).content.decode()

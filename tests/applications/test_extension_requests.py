"""延期申请: the unit asks (every refusal), staff hear of it in the app and see it among the to-dos, staff decline
with a reason or grant it through the extension page; the unit hears the answer. Services and pages, no JavaScript."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from psyboost.applications import extension_requests, services
from psyboost.applications.errors import ApplicationError
from psyboost.applications.models import ExtensionRequest
from psyboost.applications.todos import intake_todos
from psyboost.audit.models import AuditEntry
from psyboost.notifications.models import Notice
from tests.applications.conftest import BEIJING, IN_TIME
from tests.factories import UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db
UNTIL = datetime(2020, 7, 27, 17, 0, tzinfo=BEIJING)  # a week after the 2020 deadline


def ask(application, owner, until=UNTIL, reason="单位公章在年检，无法按时盖章", now=IN_TIME):
    return extension_requests.ask(application.call, application.unit, until, reason, owner, now=now)


def test_asking_is_recorded_and_staff_hear_of_it_in_the_app(
    application, owner, staff, django_capture_on_commit_callbacks
):
    staff.email = "zhou@example.com"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(application, owner)
    assert (request.state, request.asked_until, request.asked_by, request.asked_at) == (
        "pending",
        UNTIL,
        owner,
        IN_TIME,
    )
    entry = AuditEntry.objects.get(action="applications.extension_asked")
    assert (entry.actor, entry.reason) == (owner, "单位公章在年检，无法按时盖章")
    notice = Notice.objects.get(recipient=staff)
    assert (notice.event, notice.title) == ("staff_extension_asked", f"延期申请：{application.unit.name}")
    assert notice.body == (
        f"{application.unit.name}于2020年7月1日 10:00申请将《{application.call.name}》的申报截止时间"
        "延至2020年7月27日 17:00。理由：单位公章在年检，无法按时盖章"
    )
    assert notice.link == f"{reverse('applications:extension')}?call=2020"
    assert mail.outbox == []  # in the app only


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        (UNTIL, "  ", "请填写申请理由。"),
        (
            datetime(2020, 7, 20, 23, 0, tzinfo=BEIJING),
            "理由",
            "申请延期至的时间须晚于申报截止时间（北京时间2020年7月20日 23:59）。",
        ),
        (UNTIL, "理由", "申请延期至的时间已经过去，请重新选择。"),
    ],
)
def test_asking_refuses_bad_input_and_stores_nothing(application, owner, until, reason, message):
    now = IN_TIME if "过去" not in message else UNTIL + timedelta(hours=1)
    with pytest.raises(ApplicationError) as refused:
        ask(application, owner, until=until, reason=reason, now=now)
    assert refused.value.message == message
    assert not ExtensionRequest.objects.exists()


def test_asking_is_refused_for_another_unit_a_submitted_application_or_a_second_pending_request(application, owner):
    stranger = UnitUserFactory(unit=UnitFactory())
    with pytest.raises(ApplicationError, match="只能为本单位申请延期。"):
        ask(application, stranger)
    ask(application, owner)
    with pytest.raises(ApplicationError, match="本单位已有一份延期申请正在处理，请等待答复。"):
        ask(application, owner)
    services.submit(application, owner, IN_TIME)
    ExtensionRequest.objects.update(state="declined")
    with pytest.raises(ApplicationError, match="本单位的申报已提交，无需申请延期。"):
        ask(application, owner)
    assert ExtensionRequest.objects.count() == 1


def test_declining_needs_a_reason_and_tells_the_unit(application, owner, staff, django_capture_on_commit_callbacks):
    owner.email = "li@example.com"
    owner.save()
    request = ask(application, owner)
    with pytest.raises(ApplicationError, match="请填写不予批准的理由。"):
        extension_requests.decline(request, " ", staff)
    with pytest.raises(ApplicationError, match="只有市总工会工作人员可以处理延期申请。"):
        extension_requests.decline(request, "不符合条件", owner)
    with django_capture_on_commit_callbacks(execute=True):
        declined = extension_requests.decline(request, "已多次提醒，不符合延期条件", staff)
    assert (declined.state, declined.answer, declined.answered_by) == ("declined", "已多次提醒，不符合延期条件", staff)
    assert AuditEntry.objects.get(action="applications.extension_declined").reason == "已多次提醒，不符合延期条件"
    notice = Notice.objects.get(recipient=owner)
    assert (notice.event, notice.title) == ("extension_declined", "延期申请未获批准")
    assert notice.body.endswith("延期申请未获批准。理由：已多次提醒，不符合延期条件")
    assert [message.to for message in mail.outbox] == [["li@example.com"]]
    with pytest.raises(ApplicationError, match="该延期申请已处理。"):
        extension_requests.decline(request, "再次", staff)


def test_granting_an_extension_answers_the_pending_request(
    application, owner, staff, django_capture_on_commit_callbacks
):
    request = ask(application, owner)
    with django_capture_on_commit_callbacks(execute=True):
        extension = services.grant_extension(
            application.call, application.unit, UNTIL, "公章年检，情况属实", staff, now=IN_TIME
        )
    request.refresh_from_db()
    assert (request.state, request.extension, request.answer) == ("granted", extension, "公章年检，情况属实")
    assert AuditEntry.objects.get(action="applications.extension_granted").data["request"] == request.pk
    notice = Notice.objects.get(recipient=owner)
    assert (
        notice.body
        == f"{application.unit.name}的《{application.call.name}》延期申请已批准，申报截止时间延至2020年7月27日 17:00。"
    )
    assert services.effective_deadline(application.call, application.unit) == UNTIL


def test_pending_requests_are_a_workbench_todo(application, owner, staff):
    application.call.status = "submission"
    application.call.save()
    label = "2020年：待处理的延期申请"
    assert [todo.count for todo in intake_todos(IN_TIME) if todo.label == label] == [0]
    request = ask(application, owner)
    todo = next(todo for todo in intake_todos(IN_TIME) if todo.label == label)
    assert (todo.count, todo.url) == (1, f"{reverse('applications:extension')}?call=2020")
    extension_requests.decline(request, "不符合条件", staff)
    assert [todo.count for todo in intake_todos(IN_TIME) if todo.label == label] == [0]


def test_the_unit_asks_on_its_page_and_a_refusal_keeps_the_input(application, owner, client, time_machine):
    time_machine.move_to(IN_TIME, tick=False)
    client.force_login(owner)
    url = reverse("applications:ask_extension", args=[2020])
    response = client.post(url, {"until": "2020-07-10T12:00", "reason": "公章年检中"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "申请延期至的时间须晚于申报截止时间（北京时间2020年7月20日 23:59）。" in html
    assert "公章年检中" in html and 'value="2020-07-10T12:00"' in html
    response = client.post(url, {"until": "2020-07-27T17:00", "reason": "公章年检中"}, follow=True)
    html = response.content.decode()
    assert "延期申请已提交，请等待市总工会工作人员答复。" in html and "待处理" in html
    assert ExtensionRequest.objects.get().asked_until == UNTIL
    assert "申请延期" in client.get(reverse("applications:mine")).content.decode()


def test_staff_decline_on_the_extension_page_or_grant_from_a_filled_form(application, owner, staff, client):
    request = ask(application, owner)
    client.force_login(staff)
    page = reverse("applications:extension")
    html = client.get(f"{page}?call=2020").content.decode()
    assert "待处理的延期申请" in html and "单位公章在年检，无法按时盖章" in html
    filled = client.get(f"{page}?call=2020&request={request.pk}").content.decode()
    assert 'value="2020-07-27T17:00"' in filled and f'<option value="{application.unit.pk}" selected>' in filled
    url = reverse("applications:decline_extension_request", args=[request.pk])
    response = client.post(url, {"answer": ""}, follow=True)
    assert "请填写不予批准的理由。" in response.content.decode()
    response = client.post(url, {"answer": "不符合延期条件"})
    assert response.status_code == 302 and response.url == f"{page}?call=2020"
    assert ExtensionRequest.objects.get().state == "declined"

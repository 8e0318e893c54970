"""The unit's notices: who hears of each move of its application, what they read, and the e-mail with the 编号 in
its subject."""

from datetime import timedelta

import pytest
from django.core import mail

from psyboost.applications import services
from psyboost.applications.models import Transition
from psyboost.applications.notices import KINDS, tell_the_unit
from psyboost.applications.workflow import State
from psyboost.notifications.models import Notice
from tests.factories import ApplicationFactory, PaperCopyFactory, StaffFactory, UnitUserFactory
from tests.notifications.conftest import IN_TIME

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(db):
    return ApplicationFactory(unit__name="北京恒远物业管理有限公司")


@pytest.fixture
def owner(application):
    return UnitUserFactory(username="unit-owner", unit=application.unit, display_name="李晓梅", email="li@example.com")


@pytest.fixture
def colleague(application):
    """A second user of the same unit, without an e-mail address: in-app notice only."""
    return UnitUserFactory(username="unit-colleague", unit=application.unit, display_name="王强", email="")


@pytest.fixture
def staff(db):
    return StaffFactory(username="staff-zhou", display_name="周娜", email="zhou@example.com")


def submit(application, actor, callbacks, now=IN_TIME):
    with callbacks(execute=True):
        services.submit(application, actor, now=now)


def test_submission_tells_every_user_of_the_unit_and_mails_those_with_an_address(
    application, owner, colleague, staff, django_capture_on_commit_callbacks
):
    UnitUserFactory(username="other-unit", email="other@example.com")  # another unit hears nothing

    submit(application, owner, django_capture_on_commit_callbacks)

    notices = list(Notice.objects.exclude(recipient=staff).order_by("recipient__username"))
    assert [(n.recipient.username, n.event, n.title) for n in notices] == [
        ("unit-colleague", "submitted", "申报已提交，编号 2020-001"),
        ("unit-owner", "submitted", "申报已提交，编号 2020-001"),
    ]
    # staff hear of the arrival in the app only (the e-mail below is the unit's): a to-do has arrived
    told = Notice.objects.get(recipient=staff)
    assert (told.event, told.title) == ("staff_submitted", "新的申报待形式审查，编号 2020-001")
    assert told.body == (
        "北京恒远物业管理有限公司于2020年7月1日 10:30提交了《2020年职工心理服务助推项目》申报（编号 2020-001），"
        "等待形式审查。"
    )
    assert notices[0].body == (
        "北京恒远物业管理有限公司的《2020年职工心理服务助推项目》申报已于2020年7月1日 10:30提交，编号 2020-001。"
        "请打印申报表，由工会负责人签字并加盖单位公章和本级工会公章后报送纸质版。"
    )
    assert notices[0].created_at == IN_TIME
    assert (notices[0].target_type, notices[0].target_id) == ("applications.application", str(application.pk))
    assert [n.read_at for n in notices] == [None, None]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["li@example.com"]
    assert message.subject == "【职工心理服务助推项目】申报已提交，编号 2020-001"
    assert message.body.startswith("李晓梅，您好：\n\n北京恒远物业管理有限公司的《2020年职工心理服务助推项目》")
    assert "纸质版材料须同时加盖单位公章和本级工会公章" in message.body
    assert Notice.objects.get(recipient=owner).emailed_at is not None
    assert Notice.objects.get(recipient=colleague).emailed_at is None


def test_return_reject_accept_and_resubmission_each_notify_with_the_reason(
    application, owner, staff, django_capture_on_commit_callbacks
):
    submit(application, owner, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(application, staff, "请补充设备照片。")
    submit(application, owner, django_capture_on_commit_callbacks, now=IN_TIME + timedelta(days=2))
    PaperCopyFactory(application=application)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(application, staff)

    returned = Notice.objects.get(event="returned")
    assert "理由：请补充设备照片。请按要求修改后重新提交，编号不变。" in returned.body
    assert sorted(Notice.objects.values_list("event", flat=True)) == [
        "accepted",
        "resubmitted",
        "returned",
        "staff_submitted",  # the submission and the resubmission: a to-do for staff each time, in the app
        "staff_submitted",
        "submitted",
    ]
    assert [m.subject for m in mail.outbox] == [
        "【职工心理服务助推项目】申报已提交，编号 2020-001",
        "【职工心理服务助推项目】申报被退回修改，编号 2020-001",
        "【职工心理服务助推项目】申报已重新提交，编号 2020-001",
        "【职工心理服务助推项目】申报已受理，编号 2020-001",
    ]
    assert "请登录平台查看退回理由" in mail.outbox[1].body


def test_rejection_carries_its_reason(application, owner, staff, django_capture_on_commit_callbacks):
    submit(application, owner, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(application, staff, "不在2015—2019年命名名单内。")
    notice = Notice.objects.get(event="rejected")
    assert notice.title == "申报不予受理，编号 2020-001"
    assert notice.body.endswith("经形式审查，不予受理。理由：不在2015—2019年命名名单内。")


def test_nothing_is_sent_when_the_transaction_rolls_back(application, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit(application, owner, now=IN_TIME)
    assert len(callbacks) == 2  # the unit's notices and staff's
    assert Notice.objects.count() == 0
    assert mail.outbox == []


def test_the_notice_time_is_the_transitions_even_if_it_was_set_after_the_move(application, owner, staff):
    services.submit(application, owner, now=IN_TIME)
    PaperCopyFactory(application=application)
    services.accept(application, staff)
    step = Transition.objects.get(application=application, to_state="accepted")
    Transition.objects.filter(pk=step.pk).update(at=IN_TIME + timedelta(days=20))
    [notice] = tell_the_unit("accepted", application, step)
    assert notice.created_at == IN_TIME + timedelta(days=20)
    assert "已于2020年7月21日 10:30通过形式审查" in notice.body


def test_the_submission_notice_is_dated_by_the_submission(application, owner):
    services.submit(application, owner, now=IN_TIME)
    step = Transition.objects.get(application=application)
    [notice] = tell_the_unit("submitted", application, step)
    assert notice.created_at == IN_TIME


def accepted_at(application, at=IN_TIME):
    """The timeline row of an acceptance, dated ``at`` (``at`` is set by the database on creation)."""
    step = Transition.objects.create(application=application, from_state=State.SUBMITTED, to_state=State.ACCEPTED)
    Transition.objects.filter(pk=step.pk).update(at=at)
    return step


def test_a_unit_without_users_gets_no_notice_and_inactive_users_are_skipped(application, owner):
    owner.is_active = False
    owner.save()
    assert tell_the_unit("accepted", application, accepted_at(application)) == []


def test_every_move_that_concerns_the_unit_has_its_kind_with_a_closing_line_for_the_mail():
    assert {(source, target): kind.key for (source, target), kind in KINDS.items()} == {
        (State.DRAFT, State.SUBMITTED): "submitted",
        (State.RETURNED, State.SUBMITTED): "resubmitted",
        (State.SUBMITTED, State.RETURNED): "returned",
        (State.SUBMITTED, State.REJECTED): "rejected",
        (State.SUBMITTED, State.ACCEPTED): "accepted",
    }
    assert all(str(kind.closing) for kind in KINDS.values())


def test_an_email_is_sent_once_even_if_the_task_runs_twice(application, owner):
    from psyboost.notifications.tasks import send_notice_email

    [notice] = tell_the_unit("accepted", application, accepted_at(application))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.endswith(
        "评审结果将另行通知。\n\n"
        f"查看详情：{notice.link}\n\n"
        "此邮件由北京市总工会职工心理服务助推项目平台自动发送，请勿直接回复。\n\n"
    )
    assert send_notice_email.call(notice.pk) is False
    assert send_notice_email.call(999999) is False
    assert len(mail.outbox) == 1


def test_the_link_in_the_mail_is_absolute_when_the_site_address_is_set(application, owner, settings):
    settings.PSYBOOST_SITE_URL = "https://xinli.example.org/"
    [notice] = tell_the_unit("accepted", application, accepted_at(application))
    assert notice.link == f"/applications/{application.pk}/"
    assert f"查看详情：https://xinli.example.org{notice.link}" in mail.outbox[0].body
